import type { App } from "cdktf";
import type { EnvironmentModel } from "../environment/model";
import { EnvironmentStack } from "./environment-stack";
import { imagesStackName } from "../environment/stack-names";
import { ImagesStack } from "./images-stack";

/**
 * Adds two stacks per environment to an app: `<env>-images` ({@link ImagesStack}: cloud images and
 * the Packer var file, deployed first) and `<env>` ({@link EnvironmentStack}); returns the latter.
 */
export function addEnvironmentStacks(app: App, models: readonly EnvironmentModel[]): EnvironmentStack[] {
  return models.map((model) => {
    new ImagesStack(app, imagesStackName(model.name), { model });
    return new EnvironmentStack(app, model.name, { model });
  });
}
