// Composition root: load and validate every environment against its machine registry, synthesize two
// stacks per environment, then bring the registries up to date.
import * as fs from "fs";
import * as path from "path";
import { EnvironmentValidationError, formatIssue, reportLines } from "./environment/issues";
import { readComposeStacks } from "./environment/load/compose-stacks";
import type { LoadOptions } from "./environment/load/load-environments";
import { loadEnvironments } from "./environment/load/load-environments";
import type { RegistrySource } from "./environment/load/registry-file";
import type { EnvironmentModel } from "./environment/model";
import { readEnvironmentFiles, readRegistryFiles } from "./environment/load/read-files";
import type { RegistryWrite } from "./environment/load/registry-writes";
import { pendingRegistryWrites, writeRegistries } from "./environment/load/registry-writes";
import { stockPersonaCatalog } from "./personas/catalog";
import { parseSynthArguments, registriesFrozen } from "./synth/command-line";
import { SynthOutputError } from "./synth/output-error";
import { synthesizeEnvironments } from "./synth/synthesize";

/**
 * The environments of a directory (default: the bundled `<projectRoot>/environments`) with their
 * machine registries (`<env>.lock.yaml` beside them), loaded with the stock personas and checked
 * against the project's Compose stacks; errors name
 * the files relative to `root` (default: the project root). `options` give the registries read
 * already and the retirements that end (`npm run synth -- --retire <name>`).
 */
export function loadProjectEnvironments(
  projectRoot: string,
  directory = path.join(projectRoot, "environments"),
  root = projectRoot,
  options: LoadOptions = { registries: readRegistryFiles(directory, { root }) },
): EnvironmentModel[] {
  return loadEnvironments(readEnvironmentFiles(directory, { root }), stockPersonaCatalog, { composeStacks: readComposeStacks(projectRoot), ...options });
}

/** The directory the user typed the command in: npm runs scripts in the package root and says where it started in `INIT_CWD`. */
export function shellDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** Where a command reads environments from, and what its messages name files relative to. */
interface EnvironmentsLocation {
  readonly directory: string;
  readonly root: string;
}

/**
 * Where a command reads environments: `directory` (default `HOMELAB_ENVIRONMENTS_DIR`), relative to
 * the shell's directory, and so are the file names in errors; else the project's `environments/`.
 */
function environmentsLocation(projectRoot: string, directory = process.env.HOMELAB_ENVIRONMENTS_DIR, shell = shellDirectory()): EnvironmentsLocation {
  return directory ? { directory: path.resolve(shell, directory), root: shell } : { directory: path.join(projectRoot, "environments"), root: projectRoot };
}

/** The environments a command reads (see {@link environmentsLocation}), with their registries. */
export function projectEnvironments(projectRoot: string, directory = process.env.HOMELAB_ENVIRONMENTS_DIR, shell = shellDirectory()): EnvironmentModel[] {
  const location = environmentsLocation(projectRoot, directory, shell);
  return loadProjectEnvironments(projectRoot, location.directory, location.root);
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
  /**
   * The environments to synthesize, loaded by the caller, who keeps their registries.
   * @default the environments of `environmentsDir` (see {@link projectEnvironments}), whose registries this run brings up to date
   */
  readonly models?: () => EnvironmentModel[];
  /** The command line (`--frozen`, `--retire <machine>`). @default none */
  readonly args?: readonly string[];
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

/** The registries of `models` that this run must write, or the error of a frozen run (CI) in which one would change. */
function registryWrites(
  models: readonly EnvironmentModel[],
  location: EnvironmentsLocation,
  committed: readonly RegistrySource[],
  frozen: boolean,
): RegistryWrite[] {
  const writes = pendingRegistryWrites(models, location.directory, location.root, committed);
  if (writes.length > 0 && registriesFrozen(frozen, process.env)) {
    throw new EnvironmentValidationError(
      writes.map((write) => ({
        file: write.label,
        path: "",
        message: `the machine registry would change (${write.summary}): run \`npm run synth\` locally and commit ${write.label}`,
      })),
    );
  }
  return writes;
}

/**
 * Loads the environments and synthesizes them, then writes the machine registries that changed
 * (atomically, only after a successful synth; in a frozen run a change is an error instead).
 * Prints warnings, the registries written and one summary line (stacks, machines, time), or the
 * problems, one a line; returns the exit code (0, or 1: nothing was written).
 */
export function runSynth(run: SynthRun): number {
  const started = process.hrtime.bigint();
  const { print = console.log, printProblem = console.error, shellDirectory: shell = shellDirectory() } = run;
  const outdir = path.resolve(shell, run.outdir ?? process.env.CDKTF_OUTDIR ?? path.join(run.projectRoot, "cdktf.out"));
  const label = path.relative(shell, outdir) || ".";
  try {
    const args = parseSynthArguments(run.args ?? []);
    if ("message" in args) throw new EnvironmentValidationError([args]);
    const location = environmentsLocation(run.projectRoot, run.environmentsDir, shell);
    const registries = run.models ? [] : readRegistryFiles(location.directory, { root: location.root });
    const models = run.models ? run.models() : loadProjectEnvironments(run.projectRoot, location.directory, location.root, { registries, retire: args.retire });
    // warnings and notices on stdout: cdktf-cli (diff, deploy) shows the app's stdout as it is and labels its stderr ERROR
    for (const warning of models.flatMap((model) => model.warnings)) print(formatIssue({ ...warning, message: `warning: ${warning.message}` }));
    const writes = run.models ? [] : registryWrites(models, location, registries, args.frozen);
    synthesizeEnvironments(models, outdir, { projectRoot: run.projectRoot, outdirLabel: label });
    writeRegistries(writes);
    for (const write of writes) print(`${write.label}: machine registry updated (${write.summary}); commit it with its environment file`);
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
 * (see {@link projectEnvironments}), and brings their machine registries up to date; `args` as in
 * `npm run synth -- [--frozen] [--retire <machine>]...`. Prints one summary line, or the problems
 * and exit code 1 with nothing written.
 */
export function main(codeRoot: string, args: readonly string[] = process.argv.slice(2)): void {
  process.exitCode = runSynth({ projectRoot: projectRootOf(codeRoot), args });
}

if (require.main === module) main(__dirname);
