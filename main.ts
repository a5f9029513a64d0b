// Composition root: load and validate every environment, then synthesize two stacks per environment.
import * as fs from "fs";
import * as path from "path";
import { EnvironmentValidationError, reportLines } from "./environment/issues";
import { loadEnvironments } from "./environment/load/load-environments";
import type { EnvironmentModel } from "./environment/model";
import { readEnvironmentFiles } from "./environment/load/read-files";
import { stockPersonaCatalog } from "./personas/catalog";
import { SynthOutputError } from "./synth/output-error";
import { synthesizeEnvironments } from "./synth/synthesize";

/**
 * The environments of a directory (default: the bundled `<projectRoot>/environments`), loaded with
 * the stock personas; errors name the files relative to `root` (default: the project root).
 */
export function loadProjectEnvironments(projectRoot: string, directory = path.join(projectRoot, "environments"), root = projectRoot): EnvironmentModel[] {
  return loadEnvironments(readEnvironmentFiles(directory, { root }), stockPersonaCatalog);
}

/** The directory the user typed the command in: npm runs scripts in the package root and says where it started in `INIT_CWD`. */
export function shellDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/**
 * The environments a command reads: `directory` (default `HOMELAB_ENVIRONMENTS_DIR`), relative to
 * the shell's directory, and so are the file names in errors; else the project's `environments/`.
 */
export function projectEnvironments(projectRoot: string, directory = process.env.HOMELAB_ENVIRONMENTS_DIR, shell = shellDirectory()): EnvironmentModel[] {
  return directory ? loadProjectEnvironments(projectRoot, path.resolve(shell, directory), shell) : loadProjectEnvironments(projectRoot);
}

/** What cdktf throws when a construct's own validation fails: its lines name the construct and the prop. */
const CONSTRUCT_VALIDATION = "Validation failed with the following errors:";

/** `3 problems found; nothing was synthesized.` */
function closingLine(count: number, outcome: string): string {
  return `${count} problem${count === 1 ? "" : "s"} found; ${outcome}.`;
}

/**
 * The lines that report an error caused by the input (invalid environments, an out dir that may not
 * be replaced, a construct's validation), one problem a line and a closing line with `outcome`,
 * without a stack trace; undefined for anything else (a defect, which deserves its stack).
 */
export function problemLines(error: unknown, outcome = "nothing was synthesized"): string[] | undefined {
  if (error instanceof EnvironmentValidationError) return [...reportLines(error.issues), closingLine(error.issues.length, outcome)];
  if (error instanceof SynthOutputError) return [error.message];
  if (error instanceof Error && error.message.startsWith(CONSTRUCT_VALIDATION)) {
    const lines = error.message
      .slice(CONSTRUCT_VALIDATION.length)
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    return [...lines, closingLine(lines.length, outcome)];
  }
  return undefined;
}

/** Where a synth reads and writes, and how it reports. */
export interface SynthRun {
  /** The project: its `environments/` and `cdktf.out/` are the defaults, and the stacks' files land in it. */
  readonly projectRoot: string;
  /** The environments to synthesize. @default {@link projectEnvironments} of `environmentsDir` */
  readonly models?: () => EnvironmentModel[];
  /** The directory of environment files. @default `HOMELAB_ENVIRONMENTS_DIR`, else `<projectRoot>/environments` */
  readonly environmentsDir?: string;
  /** What relative paths are relative to, in the input and in messages. @default {@link shellDirectory} */
  readonly shellDirectory?: string;
  /** The out dir. @default `CDKTF_OUTDIR`, else `<projectRoot>/cdktf.out` */
  readonly outdir?: string;
  /** Prints a line of the report. @default stdout */
  readonly print?: (line: string) => void;
  /** Prints a line of a problem. @default stderr */
  readonly printProblem?: (line: string) => void;
}

/**
 * Loads the environments and synthesizes them; prints one summary line (stacks, machines, time)
 * or the problems, one a line, and returns the exit code (0, or 1: nothing was written).
 */
export function runSynth(run: SynthRun): number {
  const started = process.hrtime.bigint();
  const { print = console.log, printProblem = console.error, shellDirectory: shell = shellDirectory() } = run;
  const outdir = path.resolve(shell, run.outdir ?? process.env.CDKTF_OUTDIR ?? path.join(run.projectRoot, "cdktf.out"));
  const label = path.relative(shell, outdir) || ".";
  try {
    const models = (run.models ?? (() => projectEnvironments(run.projectRoot, run.environmentsDir, shell)))();
    synthesizeEnvironments(models, outdir, { projectRoot: run.projectRoot, outdirLabel: label });
    const machines = models.reduce((sum, model) => sum + model.machines.length, 0);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    print(
      `synthesized ${models.length * 2} stacks of ${models.length} environment${models.length === 1 ? "" : "s"} (${machines} machines) into ${label} in ${seconds.toFixed(2)} s`,
    );
    return 0;
  } catch (error) {
    const lines = problemLines(error);
    if (!lines) throw error;
    for (const line of lines) printProblem(line);
    return 1;
  }
}

/**
 * The project of a synth run from `codeRoot` (this checkout): the current directory when it holds
 * a `cdktf.json` (cdktf-cli runs the app in its project, the rehearsal in its scratch project),
 * else the checkout.
 */
export function projectRootOf(codeRoot: string): string {
  return fs.existsSync(path.join(process.cwd(), "cdktf.json")) ? process.cwd() : codeRoot;
}

/**
 * Synthesizes the environments of the project (see {@link projectRootOf}) into `CDKTF_OUTDIR`
 * (default `<project>/cdktf.out`); `HOMELAB_ENVIRONMENTS_DIR` synthesizes another directory
 * (see {@link projectEnvironments}). Prints one summary line, or the problems and exit code 1 with
 * nothing written.
 */
export function main(codeRoot: string): void {
  process.exitCode = runSynth({ projectRoot: projectRootOf(codeRoot) });
}

if (require.main === module) main(__dirname);
