import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { toolchainEnv } from "../toolchain/toolchain-env";
import type { ScratchProject } from "./scratch-project";

/** The outcome of one cdktf-cli run. */
export interface CdktfRun {
  readonly args: readonly string[];
  readonly code: number | null;
  /** stdout and stderr interleaved as they came: what the user sees. */
  readonly output: string;
  /**
   * Everything terraform printed during the run, each line prefixed with its stack as cdktf-cli
   * does: complete even where cdktf-cli's own output lost its last lines. Empty when no terraform ran.
   */
  readonly terraformOutput: string;
  readonly ms: number;
}

/** How cdktf-cli is run against a simulation. */
export interface CdktfContext {
  readonly projectRoot: string;
  readonly project: ScratchProject;
  /** The simulation's provider environment (token, CA, SSH agent, SOCKS proxy, HOME). */
  readonly providerEnv: Readonly<Record<string, string>>;
  /** Terraform's `-parallelism`. @default 10 */
  readonly terraformParallelism?: number;
  /** Upper bound of one run. @default 10 minutes */
  readonly timeoutMs?: number;
}

/** Removes ANSI colour codes cdktf-cli may still print. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}

/** The terraform cdktf-cli runs: the toolchain's, through a script that keeps a complete copy of its output. */
const TERRAFORM_TEE = path.join(__dirname, "terraform-tee.js");

/** The environment cdktf-cli and terraform run with: the pinned toolchain and the simulation's provider settings. */
function runEnvironment(context: CdktfContext, terraformLog: string): NodeJS.ProcessEnv {
  const toolchain = toolchainEnv(context.projectRoot);
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...toolchain,
    TERRAFORM_BINARY_NAME: TERRAFORM_TEE,
    HOMELAB_REAL_TERRAFORM: toolchain.TERRAFORM_BINARY_NAME,
    HOMELAB_TERRAFORM_LOG: terraformLog,
    ...context.providerEnv,
    HOMELAB_ENVIRONMENTS_DIR: context.project.environmentsDir,
    // the scratch project is the user's own checkout: synth brings its registry up to date, CI or not
    HOMELAB_REGISTRY: "update",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
    CI: "1",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };
}

/** Runs a command to its end (bounded by the context's timeout), collecting stdout and stderr. */
function run(context: CdktfContext, command: string, args: readonly string[], cwd: string): Promise<CdktfRun> {
  const started = Date.now();
  const terraformLog = path.join(context.project.dir, `.terraform-output-${process.pid}-${started}-${Math.random().toString(36).slice(2)}.log`);
  const terraformOutput = () => {
    const text = fs.existsSync(terraformLog) ? fs.readFileSync(terraformLog, "utf8") : "";
    fs.rmSync(terraformLog, { force: true });
    return plainText(text);
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: runEnvironment(context, terraformLog), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGTERM"), context.timeoutMs ?? 10 * 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ args, code, output: plainText(output), terraformOutput: terraformOutput(), ms: Date.now() - started });
    });
  });
}

/**
 * Runs the project's own cdktf-cli in the scratch project with the pinned toolchain (mirror-only
 * providers, no checkpoint or version calls) and the simulation's provider environment. cdktf-cli
 * synthesizes the scratch environments through the project's app, then runs terraform.
 */
export function runCdktf(context: CdktfContext, args: readonly string[]): Promise<CdktfRun> {
  const cli = path.join(context.projectRoot, "node_modules", ".bin", "cdktf");
  const parallelism = context.terraformParallelism ?? 10;
  const runsTerraform = args[0] === "deploy" || args[0] === "destroy" || args[0] === "diff";
  // `providers lock` would ask the registry for checksums of other platforms: the mirror is all there is
  const fullArgs = [...args, "--no-color", ...(runsTerraform ? ["--skip-provider-lock", "--terraform-parallelism", String(parallelism)] : [])];
  return run(context, cli, fullArgs, context.project.dir);
}

/**
 * Runs the project's app itself in the scratch project, as `npm run synth -- <args>` does in a
 * checkout (`--retire <machine>`, `--frozen`): synthesis and the registry update, no terraform.
 */
export function runApp(context: CdktfContext, args: readonly string[]): Promise<CdktfRun> {
  return run(context, process.execPath, [path.join(context.projectRoot, "synth", "run-app.js"), ...args], context.project.dir);
}

/**
 * Runs the toolchain's terraform in a synthesized stack of the scratch project (after a cdktf run
 * has initialised it), e.g. `plan -destroy`, whose messages cdktf-cli does not always pass on.
 */
export function runTerraform(context: CdktfContext, stack: string, args: readonly string[]): Promise<CdktfRun> {
  return run(context, process.execPath, [TERRAFORM_TEE, ...args, "-no-color"], path.join(context.project.dir, "cdktf.out", "stacks", stack));
}
