/**
 * Synthesis refused or could not write its output (the out dir is not a cdktf output, is read-only,
 * a mount point, locked by another synth, ...). The message is the one line users see, after the
 * out dir's name; nothing was changed.
 */
export class SynthOutputError extends Error {
  /**
   * @param outdir - The out dir, as the message names it.
   * @param reason - Why, and what to do.
   */
  constructor(
    readonly outdir: string,
    readonly reason: string,
  ) {
    super(`${outdir}: ${reason}`);
    this.name = "SynthOutputError";
  }
}
