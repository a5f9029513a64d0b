import * as fs from "fs";

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
