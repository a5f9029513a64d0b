import * as path from "path";
import { App } from "cdktf";
import { PROJECT_ROOT_CONTEXT } from "../constructs/project-file";
import type { EnvironmentModel } from "../environment/model";
import { addEnvironmentStacks } from "../stacks/environment-stacks";
import { StagedOutput } from "./staged-output";

/** Options of {@link synthesizeEnvironments}. */
export interface SynthesizeOptions {
  /**
   * The project whose files the stacks write (inventories, Packer var files, local state): their
   * paths are written relative to each stack's directory, so they land there whatever `outdir` is.
   * @default the directory that holds `outdir`
   */
  readonly projectRoot?: string;
  /** How messages name `outdir`. @default `outdir` as given */
  readonly outdirLabel?: string;
  /** How long to wait while another synth writes `outdir`. @default 60000 (a minute) */
  readonly lockWaitMs?: number;
}

/**
 * Synthesizes the two stacks of every environment ({@link addEnvironmentStacks}) into `outdir`,
 * all-or-nothing: one cdktf App writes into a staging directory beside `outdir`, which replaces
 * `outdir` only once synthesis succeeded, so a failure leaves the previous output as it was. It
 * refuses (with a `SynthOutputError`) to replace a directory that is not a cdktf output, waits
 * for another synth of the same `outdir`, and keeps what `terraform init` left in stack directories.
 */
export function synthesizeEnvironments(models: readonly EnvironmentModel[], outdir: string, options: SynthesizeOptions = {}): void {
  const projectRoot = path.resolve(options.projectRoot ?? path.dirname(path.resolve(outdir)));
  const fromStackDir =
    path
      .relative(path.resolve(outdir, "stacks", "stack"), projectRoot)
      .split(path.sep)
      .join("/") || ".";
  const output = StagedOutput.open(outdir, { label: options.outdirLabel, lockWaitMs: options.lockWaitMs });
  try {
    // stackTraces off: construct stack traces hold absolute paths and would make output machine-specific.
    const app = new App({ outdir: output.staging, stackTraces: false, context: { [PROJECT_ROOT_CONTEXT]: fromStackDir } });
    addEnvironmentStacks(app, models);
    app.synth();
  } catch (error) {
    output.discard();
    throw error;
  }
  output.commit();
}
