import { spawn } from "child_process";
import * as path from "path";
import { toolchainEnv } from "../toolchain/toolchain-env";
import type { ScratchProject } from "./scratch-project";

/** The outcome of one cdktf-cli run. */
export interface CdktfRun {
  readonly args: readonly string[];
  readonly code: number | null;
  /** stdout and stderr interleaved as they came. */
  readonly output: string;
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

/** The environment cdktf-cli and terraform run with: the pinned toolchain and the simulation's provider settings. */
function runEnvironment(context: CdktfContext): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...toolchainEnv(context.projectRoot),
    ...context.providerEnv,
    HOMELAB_ENVIRONMENTS_DIR: context.project.environmentsDir,
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
    CI: "1",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };
}

/** Runs a command to its end (bounded by the context's timeout), collecting stdout and stderr. */
function run(context: CdktfContext, command: string, args: readonly string[], cwd: string): Promise<CdktfRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: runEnvironment(context), stdio: ["ignore", "pipe", "pipe"] });
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
      resolve({ args, code, output: plainText(output), ms: Date.now() - started });
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
 * Runs the toolchain's terraform in a synthesized stack of the scratch project (after a cdktf run
 * has initialised it), e.g. `plan -destroy`, whose messages cdktf-cli does not always pass on.
 */
export function runTerraform(context: CdktfContext, stack: string, args: readonly string[]): Promise<CdktfRun> {
  const terraform = toolchainEnv(context.projectRoot).TERRAFORM_BINARY_NAME;
  return run(context, terraform, [...args, "-no-color"], path.join(context.project.dir, "cdktf.out", "stacks", stack));
}
