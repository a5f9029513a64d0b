import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { Manifest } from "cdktf/lib/manifest";
import { EnvironmentModel } from "./environment-model";
import { StagedOutput, synthesizeApp, synthesizeEnvironments } from "./synthesize";
import { EnvironmentValidationError } from "./validation-issue";

/**
 * Environment variable that makes a re-run program a shard worker: `<index>/<count>`, e.g. `1/2`.
 * Set by {@link synthesizeEnvironmentsInParallel} for the process it starts, never by hand.
 */
export const SYNTH_SHARD_VARIABLE = "HOMELAB_SYNTH_SHARD";

/** Environment variable with the directory a shard worker writes its App into (set with {@link SYNTH_SHARD_VARIABLE}). */
export const SYNTH_SHARD_OUTDIR_VARIABLE = "HOMELAB_SYNTH_SHARD_OUTDIR";

/**
 * The fewest machines (over at least 2 environments) for which a second process pays, unless the
 * {@link PARALLEL_SYNTH_MIN_MACHINES_VARIABLE} says otherwise. Below, its start-up and its second
 * warm-up of cdktf's code cost more than it saves: measured on 2 cores, 500 machines broke even,
 * 700 gained 0.2 s and 1000 gained 0.4 s (see docs/performance.md).
 */
export const PARALLEL_SYNTH_MIN_MACHINES = 600;

/** Environment variable that overrides {@link PARALLEL_SYNTH_MIN_MACHINES}, e.g. for another machine (`Infinity`: never). */
export const PARALLEL_SYNTH_MIN_MACHINES_VARIABLE = "HOMELAB_SYNTH_PARALLEL_MIN_MACHINES";

/** The threshold in force: {@link PARALLEL_SYNTH_MIN_MACHINES_VARIABLE} when it is a number, else {@link PARALLEL_SYNTH_MIN_MACHINES}. */
function minMachines(): number {
  const override = Number(process.env[PARALLEL_SYNTH_MIN_MACHINES_VARIABLE] || Number.NaN);
  return Number.isNaN(override) ? PARALLEL_SYNTH_MIN_MACHINES : override;
}

/** Bytes of YAML a machine takes at least, as far as guessing the size of a lab before loading it goes (they take 100 to 350). */
const MIN_BYTES_PER_MACHINE = 100;

/** How to start the program again as a shard worker: it must load the same environments and call {@link synthesizeEnvironmentsInParallel}. */
export interface ShardWorkerCommand {
  /** The executable, e.g. `process.execPath`. */
  readonly command: string;
  /** Its arguments, e.g. `["scripts/run-app.js", "main.ts"]`. */
  readonly args: readonly string[];
}

/** Machines over all environments. */
function machineCount(models: readonly EnvironmentModel[]): number {
  return models.reduce((sum, model) => sum + model.machines.length, 0);
}

/**
 * Splits environments into `count` shards with machine counts as equal as environments allow:
 * largest environment first (ties by name), each into the shard with the fewest machines so far;
 * shards are then ordered heaviest first (shard 0 is this process's, which starts earlier).
 * Deterministic; every shard keeps the input order.
 */
export function splitIntoShards(models: readonly EnvironmentModel[], count: number): EnvironmentModel[][] {
  const shards = Array.from({ length: count }, () => new Set<EnvironmentModel>());
  const largestFirst = [...models].sort((a, b) => b.machines.length - a.machines.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const model of largestFirst) {
    const lightest = shards.reduce((best, shard) => (machineCount([...shard]) < machineCount([...best]) ? shard : best));
    lightest.add(model);
  }
  return shards
    .map((shard) => models.filter((model) => shard.has(model)))
    .sort((a, b) => machineCount(b) - machineCount(a));
}

/** Whether synthesizing `models` in two processes pays: at least 2 environments and {@link PARALLEL_SYNTH_MIN_MACHINES} machines. */
export function worthSynthesizingInParallel(models: readonly EnvironmentModel[]): boolean {
  return models.length >= 2 && machineCount(models) >= minMachines();
}

/**
 * Whether the environment files of `directory` (`*.yaml` / `*.yml`) may be worth synthesizing in
 * two processes, judged before loading them: at least 2 files, large enough to hold
 * {@link PARALLEL_SYNTH_MIN_MACHINES} machines. {@link worthSynthesizingInParallel} decides after loading.
 */
export function mayBeWorthSynthesizingInParallel(directory: string): boolean {
  const files = fs.existsSync(directory) ? fs.readdirSync(directory).filter((entry) => /\.ya?ml$/.test(entry)) : [];
  return files.length >= 2 && files.reduce((sum, file) => sum + fs.statSync(path.join(directory, file)).size, 0) >= minMachines() * MIN_BYTES_PER_MACHINE;
}

/** Resolves with the exit code of a child process (its signal's name if it was killed); rejects if it could not start. */
function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
}

/**
 * Moves the stacks a worker App wrote in `workerDir` into the App `app` wrote, and rewrites the
 * manifest with cdktf's own writer, so it is what one App with every stack would have written.
 */
function mergeWorkerOutput(app: App, workerDir: string): void {
  const worker = JSON.parse(fs.readFileSync(path.join(workerDir, Manifest.fileName), "utf8")) as Pick<Manifest, "stacks">;
  const stacksDir = path.join(workerDir, Manifest.stacksFolder);
  for (const stack of fs.readdirSync(stacksDir)) {
    fs.renameSync(path.join(stacksDir, stack), path.join(app.outdir, Manifest.stacksFolder, stack));
  }
  Object.assign(app.manifest.stacks, worker.stacks);
  app.manifest.writeToFile();
  fs.rmSync(workerDir, { recursive: true });
}

/** Stops a worker that is no longer needed and removes its directory once it has exited. */
function stopWorker(worker: ChildProcess, exited: Promise<unknown>, workerDir: string): void {
  exited.finally(() => fs.rmSync(workerDir, { recursive: true, force: true })).catch(() => undefined);
  worker.kill();
}

/** Runs this process as shard worker `shard` (`<index>/<count>`): synthesizes that shard into the worker directory the parent named. */
function synthesizeShard(load: () => readonly EnvironmentModel[], shard: string): void {
  const [index, count] = shard.split("/").map(Number);
  const outdir = process.env[SYNTH_SHARD_OUTDIR_VARIABLE];
  if (outdir === undefined) throw new Error(`${SYNTH_SHARD_VARIABLE} is set without ${SYNTH_SHARD_OUTDIR_VARIABLE}`);
  let models: readonly EnvironmentModel[];
  try {
    models = load();
  } catch (error) {
    // the parent loads the same files and reports the issues
    if (!(error instanceof EnvironmentValidationError)) throw error;
    process.exitCode = 1;
    return;
  }
  synthesizeApp(splitIntoShards(models, count)[index], outdir);
}

/**
 * Loads the environments with `load` and synthesizes them into `outdir` all-or-nothing, like
 * `synthesizeEnvironments`, with the same bytes; with a `worker`, a large lab in two processes.
 * The worker is started first, so that it starts up and loads the same files while this process
 * does; if the lab turns out small ({@link worthSynthesizingInParallel}), it is stopped and this
 * process synthesizes alone. Otherwise both split the environments with {@link splitIntoShards}:
 * this process synthesizes shard 0, the worker shard 1 into a directory beside `outdir`; then the
 * worker's stacks join this process's output and the manifest is rewritten with cdktf's own
 * writer, so it is what one App with every stack writes. A worker that fails (its stderr is
 * shown as it comes) fails the whole synthesis, and `outdir` stays as it was.
 *
 * Pass a `worker` only where the lab may be large ({@link mayBeWorthSynthesizingInParallel}).
 * In the worker itself (the {@link SYNTH_SHARD_VARIABLE} is set), synthesizes that shard only.
 *
 * Errors of `load` and of this process's own synthesis are thrown synchronously (as
 * `synthesizeEnvironments` throws them); the promise rejects when the worker failed or its output
 * could not be merged.
 */
export function synthesizeEnvironmentsInParallel(load: () => readonly EnvironmentModel[], outdir: string, worker?: ShardWorkerCommand): Promise<void> {
  const shard = process.env[SYNTH_SHARD_VARIABLE];
  if (shard !== undefined) {
    synthesizeShard(load, shard);
    return Promise.resolve();
  }
  if (worker === undefined) {
    synthesizeEnvironments(load(), outdir);
    return Promise.resolve();
  }

  const workerDir = `${outdir}.shard-1-${process.pid}`;
  fs.rmSync(workerDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(workerDir), { recursive: true });
  const child = spawn(worker.command, worker.args, {
    env: { ...process.env, [SYNTH_SHARD_VARIABLE]: "1/2", [SYNTH_SHARD_OUTDIR_VARIABLE]: workerDir },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = exitOf(child);
  let output: StagedOutput | undefined;
  let app: App;
  let theirs: EnvironmentModel[];
  try {
    const models = load();
    if (!worthSynthesizingInParallel(models)) {
      stopWorker(child, exited, workerDir);
      synthesizeEnvironments(models, outdir);
      return Promise.resolve();
    }
    const [own, other] = splitIntoShards(models, 2);
    theirs = other;
    output = new StagedOutput(outdir);
    app = synthesizeApp(own, output.staging);
  } catch (error) {
    stopWorker(child, exited, workerDir);
    output?.discard();
    throw error;
  }
  const staged = output;
  return exited
    .then((exit) => {
      if (exit !== 0) {
        throw new Error(`synthesizing ${theirs.map((model) => model.name).join(", ")} in a second process failed (exit ${exit}); nothing was written`);
      }
      mergeWorkerOutput(app, workerDir);
      staged.commit();
    })
    .catch((error: unknown) => {
      fs.rmSync(workerDir, { recursive: true, force: true });
      staged.discard();
      throw error;
    });
}
