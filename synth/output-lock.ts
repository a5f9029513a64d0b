import * as fs from "fs";
import { SynthOutputError } from "./output-error";

/** How long a synth waits for another one writing the same out dir, unless told otherwise. */
const WAIT_MS = 60_000;
/** How often it looks. */
const POLL_MS = 50;

/** Whether a process with this pid is running (on this machine). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Blocks the thread for `ms` (synthesis is synchronous from start to end). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid a lock file names, or undefined when it names none (being written, or damaged). */
function holderOf(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lock, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `<outdir>.lock`, held while one synth writes an out dir: created exclusively with the holder's
 * pid in it. A second synth waits for it (up to a minute, then fails in one line); a lock whose
 * holder is gone (killed) is taken over.
 */
export class OutputLock {
  private constructor(readonly file: string) {}

  /** Takes the lock of `outdir` (named `label` in messages), waiting up to `waitMs` while a live synth holds it. */
  static acquire(outdir: string, label: string, waitMs = WAIT_MS): OutputLock {
    const file = `${outdir}.lock`;
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
        return new OutputLock(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") throw new SynthOutputError(label, `cannot create its lock file ${file} (${code}): is the directory writable?`);
      }
      const holder = holderOf(file);
      if (holder !== undefined && !isRunning(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new SynthOutputError(
          label,
          `another synth (pid ${holder ?? "unknown"}) is writing it and did not finish within ${waitMs / 1000} s; try again when it is done`,
        );
      }
      sleep(POLL_MS);
    }
  }

  /** Gives the lock up (only ours: a lock taken over from us is left alone). */
  release(): void {
    if (holderOf(this.file) === process.pid) fs.rmSync(this.file, { force: true });
  }
}
