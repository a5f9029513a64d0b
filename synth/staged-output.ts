import * as fs from "fs";
import * as path from "path";
import { SynthOutputError } from "./output-error";
import { isRunning, OutputLock } from "./output-lock";

/** What marks a directory as cdktf's output (cdktf writes it at the top of every synth). */
const MANIFEST = "manifest.json";

/** What `terraform init` leaves in a stack directory: kept across synths, so that nobody has to init again. */
const TERRAFORM_INIT_FILES = [".terraform", ".terraform.lock.hcl"];

/** The signals a synth is stopped with from a terminal or a supervisor. */
const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Holds {@link SIGNALS} while a synth writes (it is synchronous, and short): a signal that arrives
 * meanwhile is raised again once the synth ended, its output committed or discarded, so the process
 * still stops by it. Returns the release, which lets the event loop deliver such a signal first.
 */
function holdSignals(): () => void {
  const release = (): void => {
    for (const signal of SIGNALS) process.removeListener(signal, raiseAgain);
  };
  const raiseAgain = (signal: NodeJS.Signals): void => {
    release();
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.on(signal, raiseAgain);
  return () => setImmediate(release);
}

/** The code of a filesystem error, for one-line messages. */
function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? "error";
}

/** Whether `directory` can be written (for root too: a read-only mount says EROFS). */
function writable(directory: string): boolean {
  try {
    fs.accessSync(directory, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * What keeps synthesis from replacing `outdir`, or undefined when it may: it must be absent, an
 * empty directory or a cdktf output, writable (with its parent), and not a mount point (a mount
 * point cannot be renamed, and the staging directory beside it would be on another filesystem).
 */
function refusal(outdir: string): string | undefined {
  const parent = path.dirname(outdir);
  const parentStat = fs.statSync(parent, { throwIfNoEntry: false });
  if (!parentStat) return undefined; // created with the staging directory
  if (!parentStat.isDirectory()) return `${parent} is not a directory, so it cannot hold the output`;
  if (!writable(parent)) return `its directory ${parent} is not writable (read-only?): nothing was written`;
  const stat = fs.lstatSync(outdir, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isDirectory()) return "is not a directory: synth replaces that path with its output; remove it or set CDKTF_OUTDIR to another directory";
  const entries = fs.readdirSync(outdir);
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    return `is not a cdktf output (no ${MANIFEST}): synth replaces the whole directory, so it refuses to; remove it or set CDKTF_OUTDIR to another directory`;
  }
  if (stat.dev !== fs.statSync(parent).dev) return "is a mount point, which synth cannot replace: set CDKTF_OUTDIR to a directory inside it";
  if (!writable(outdir)) return "is not writable (read-only?): nothing was written";
  return undefined;
}

/** Staging and previous directories of synths that were killed (their pid is gone): `<outdir>.staging-<pid>`, `<outdir>.previous-<pid>`. */
function leftovers(outdir: string): string[] {
  const parent = path.dirname(outdir);
  const prefix = `${path.basename(outdir)}.`;
  if (!fs.existsSync(parent)) return [];
  return fs
    .readdirSync(parent)
    .filter((entry) => {
      const match = entry.startsWith(prefix) ? /^(staging|previous)-(\d+)$/.exec(entry.slice(prefix.length)) : null;
      return match !== null && !isRunning(Number(match[2]));
    })
    .map((entry) => path.join(parent, entry));
}

/**
 * An output directory written all-or-nothing, by one synth at a time: {@link StagedOutput.open}
 * checks that `outdir` may be replaced, takes its lock and creates an empty staging directory
 * beside it; {@link StagedOutput.commit} moves what `terraform init` left in the old stack
 * directories into the new ones, then swaps the staging directory in; {@link StagedOutput.discard}
 * removes it and leaves the output as it was. Either one releases the lock. Meanwhile SIGINT,
 * SIGTERM and SIGHUP are held until the synth ends (see {@link holdSignals}), and an exit on the way
 * cleans up too; a synth killed outright leaves its staging directory behind, which the next one
 * removes.
 */
export class StagedOutput {
  /** The staging directory, `<outdir>.staging-<pid>`. */
  readonly staging: string;
  private readonly previous: string;
  private readonly cleanUp = (): void => this.discard();
  private readonly releaseSignals = holdSignals();
  private closed = false;

  private constructor(
    readonly outdir: string,
    private readonly label: string,
    private readonly lock: OutputLock,
  ) {
    this.staging = `${outdir}.staging-${process.pid}`;
    this.previous = `${outdir}.previous-${process.pid}`;
  }

  /**
   * Opens `outdir` for a synth, or throws {@link SynthOutputError} with why it may not be replaced.
   * `label` names it in messages; `lockWaitMs` is how long to wait for another synth of it (a minute).
   */
  static open(outdir: string, options: { readonly label?: string; readonly lockWaitMs?: number } = {}): StagedOutput {
    const absolute = path.resolve(outdir);
    const label = options.label ?? outdir;
    let refused: string | undefined;
    try {
      refused = refusal(absolute);
      if (!refused) fs.mkdirSync(path.dirname(absolute), { recursive: true });
    } catch (error) {
      refused = `cannot be inspected or created (${codeOf(error)}): nothing was written`;
    }
    if (refused) throw new SynthOutputError(label, refused);
    const output = new StagedOutput(absolute, label, OutputLock.acquire(absolute, label, options.lockWaitMs));
    process.on("exit", output.cleanUp);
    try {
      for (const leftover of leftovers(absolute)) fs.rmSync(leftover, { recursive: true, force: true });
      fs.rmSync(output.staging, { recursive: true, force: true });
      fs.mkdirSync(output.staging);
    } catch (error) {
      output.discard();
      throw new SynthOutputError(label, `cannot create the staging directory beside it (${codeOf(error)}): nothing was written`);
    }
    return output;
  }

  /** Replaces the output directory with the staging directory, keeping each stack's Terraform working files; on failure, the output is as it was. */
  commit(): void {
    const moved: [from: string, to: string][] = [];
    const hadPrevious = fs.existsSync(this.outdir);
    try {
      if (hadPrevious) {
        for (const [from, to] of this.terraformInitFiles()) {
          fs.renameSync(from, to);
          moved.push([from, to]);
        }
        fs.renameSync(this.outdir, this.previous);
      }
      try {
        fs.renameSync(this.staging, this.outdir);
      } catch (error) {
        if (hadPrevious) fs.renameSync(this.previous, this.outdir);
        throw error;
      }
    } catch (error) {
      for (const [from, to] of moved.reverse()) fs.renameSync(to, from);
      this.discard();
      throw new SynthOutputError(this.label, `could not be replaced (${codeOf(error)}): it is as it was, nothing was written`);
    }
    try {
      fs.rmSync(this.previous, { recursive: true, force: true });
    } catch (error) {
      throw new SynthOutputError(
        this.label,
        `was replaced, but the previous output ${this.previous} could not be removed (${codeOf(error)}): remove it by hand`,
      );
    } finally {
      this.close();
    }
  }

  /** Removes the staging directory; the output directory stays as it was. */
  discard(): void {
    if (this.closed) return;
    fs.rmSync(this.staging, { recursive: true, force: true });
    this.close();
  }

  /** `terraform init` files of the old output's stacks that the new output has too, with where they go. */
  private terraformInitFiles(): [from: string, to: string][] {
    const stacks = path.join(this.outdir, "stacks");
    if (!fs.existsSync(stacks)) return [];
    return fs.readdirSync(stacks).flatMap((stack) =>
      TERRAFORM_INIT_FILES.flatMap((name): [string, string][] => {
        const from = path.join(stacks, stack, name);
        const to = path.join(this.staging, "stacks", stack, name);
        return fs.existsSync(from) && fs.existsSync(path.dirname(to)) && !fs.existsSync(to) ? [[from, to]] : [];
      }),
    );
  }

  private close(): void {
    this.closed = true;
    this.lock.release();
    process.removeListener("exit", this.cleanUp);
    this.releaseSignals();
  }
}
