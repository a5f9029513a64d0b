import * as fs from "fs";
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
 * Synthesizes the stacks of `models` with one cdktf App straight into `outdir` (no staging) and
 * returns the app, whose manifest lists the stacks it wrote.
 */
export function synthesizeApp(models: readonly EnvironmentModel[], outdir: string): App {
  // stackTraces off: construct stack traces hold absolute paths and would make output machine-specific.
  const app = new App({ outdir, stackTraces: false });
  addEnvironmentStacks(app, models);
  app.synth();
  return app;
}

/**
 * An output directory written all-or-nothing: everything goes into an empty staging directory
 * beside it, which replaces it on {@link StagedOutput.commit}; {@link StagedOutput.discard} removes
 * the staging directory and leaves the output as it was.
 */
export class StagedOutput {
  /** The staging directory, `<outdir>.staging-<pid>`; created (empty) by the constructor. */
  readonly staging: string;

  /** @param outdir The directory the staging directory replaces on commit. */
  constructor(readonly outdir: string) {
    this.staging = `${outdir}.staging-${process.pid}`;
    fs.rmSync(this.staging, { recursive: true, force: true });
    fs.mkdirSync(this.staging, { recursive: true });
  }

  /** Replaces the output directory with the staging directory. */
  commit(): void {
    const previous = `${this.outdir}.previous-${process.pid}`;
    const hadPrevious = fs.existsSync(this.outdir);
    if (hadPrevious) fs.renameSync(this.outdir, previous);
    fs.renameSync(this.staging, this.outdir);
    if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
  }

  /** Removes the staging directory; the output directory stays as it was. */
  discard(): void {
    fs.rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * Synthesizes every environment into `outdir` all-or-nothing, in this process: the app writes into
 * a {@link StagedOutput}, which replaces `outdir` only once synthesis succeeded, so a failure leaves
 * the previous output as it was. (`synthesizeEnvironmentsInParallel` uses a second process for
 * large labs.)
 */
export function synthesizeEnvironments(models: readonly EnvironmentModel[], outdir: string): void {
  const output = new StagedOutput(outdir);
  try {
    synthesizeApp(models, output.staging);
  } catch (error) {
    output.discard();
    throw error;
  }
  output.commit();
}
