import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { EnvironmentModel } from "./environment-model";
import { EnvironmentStack } from "./environment-stack";
import { ImagesStack, imagesStackName } from "./images-stack";

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

/**
 * Synthesizes every environment into `outdir` all-or-nothing: the app writes into a staging
 * directory beside it, which replaces `outdir` only once synthesis succeeded, so a failure leaves
 * the previous output as it was.
 */
export function synthesizeEnvironments(models: readonly EnvironmentModel[], outdir: string): void {
  const staging = `${outdir}.staging-${process.pid}`;
  const previous = `${outdir}.previous-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  try {
    // stackTraces off: construct stack traces hold absolute paths and would make output machine-specific.
    const app = new App({ outdir: staging, stackTraces: false });
    addEnvironmentStacks(app, models);
    app.synth();
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = fs.existsSync(outdir);
  if (hadPrevious) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}
