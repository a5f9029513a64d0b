import { App } from "cdktf";
import type { EnvironmentModel } from "../environment/model";
import { addEnvironmentStacks } from "../stacks/environment-stacks";
import { StagedOutput } from "./staged-output";

/**
 * Synthesizes the two stacks of every environment ({@link addEnvironmentStacks}) into `outdir`,
 * all-or-nothing: one cdktf App writes into a staging directory beside `outdir`, which replaces
 * `outdir` only once synthesis succeeded, so a failure leaves the previous output as it was.
 */
export function synthesizeEnvironments(models: readonly EnvironmentModel[], outdir: string): void {
  const output = new StagedOutput(outdir);
  try {
    // stackTraces off: construct stack traces hold absolute paths and would make output machine-specific.
    const app = new App({ outdir: output.staging, stackTraces: false });
    addEnvironmentStacks(app, models);
    app.synth();
  } catch (error) {
    output.discard();
    throw error;
  }
  output.commit();
}
