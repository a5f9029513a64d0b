import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** GNU time, which reports a process's peak resident set size (`%M`, in KiB) and its CPU time (`%U`, `%S`, seconds). */
const GNU_TIME = "/usr/bin/time";

/** One run of a command: wall time and peak RSS (largest process of the tree, as GNU time reports it). */
export interface Run {
  /** Wall-clock time in milliseconds, from spawn to exit. */
  readonly wallMs: number;
  /** Peak resident set size in MiB; undefined when GNU time is not installed. */
  readonly peakRssMiB?: number;
  /** CPU time (user + system) in milliseconds, of the process and its waited-for children: less sensitive to a busy host than wall time. Undefined without GNU time. */
  readonly cpuMs?: number;
  /** Exit code (always 0 unless the command allows failure). */
  readonly exitCode: number;
}

/** What to run and how. */
export interface Command {
  /** Program and arguments, e.g. `["node", "synth/run-app.js"]`. */
  readonly argv: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** Variables added to the environment (a value of undefined removes the variable). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Record a non-zero exit instead of throwing (for the test suite, whose result is not ours to judge). @default false */
  readonly allowFailure?: boolean;
}

/** Whether peak RSS can be measured here. */
export function canMeasureRss(): boolean {
  return fs.existsSync(GNU_TIME);
}

/** The last lines of a process's output, for an error message. */
function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Runs `command` once and measures it. Throws when it exits non-zero (unless it allows failure),
 * with the end of its output, so that a benchmark never reports the time of a failure unknowingly.
 */
export function runOnce(command: Command): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(command.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const rssFile = path.join(os.tmpdir(), `homelab-bench-rss-${process.pid}.txt`);
  const [program, ...args] = canMeasureRss() ? [GNU_TIME, "-f", "%M %U %S", "-o", rssFile, ...command.argv] : command.argv;
  const started = process.hrtime.bigint();
  const result = spawnSync(program, args, { cwd: command.cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  const exitCode = result.status ?? 1;
  if (exitCode !== 0 && !command.allowFailure) {
    throw new Error(`${command.argv.join(" ")} exited with ${result.status ?? result.signal}:\n${tail(`${result.stdout}${result.stderr}`)}`);
  }
  if (!canMeasureRss()) return { wallMs, exitCode };
  // GNU time writes "Command exited with non-zero status N" above the figure when the command fails
  const [rssKiB, user, system] = (fs.readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "").split(" ").map(Number);
  fs.rmSync(rssFile, { force: true });
  return { wallMs, peakRssMiB: rssKiB / 1024, cpuMs: (user + system) * 1000, exitCode };
}

/** Runs `command` `runs` times in a row. */
export function runRepeatedly(command: Command, runs: number): Run[] {
  return Array.from({ length: runs }, () => runOnce(command));
}
