// The helpers every suite shares: where things are, a base environment, loading and synthesizing.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "yaml";
import { Testing, TerraformStack } from "cdktf";
import { ProxmoxProvider } from "../.gen/providers/proxmox/provider";
import { EnvironmentValidationError, formatIssue } from "../environment/issues";
import type { EnvironmentFile } from "../environment/load/load-environments";
import { defineEnvironment, loadEnvironments } from "../environment/load/load-environments";
import type { EnvironmentModel } from "../environment/model";
import type { PersonaCatalog } from "../environment/persona";
import type { RegistrySource } from "../environment/load/registry-file";
import type { MachineRegistry, RegistryEntry } from "../environment/registry/machine-registry";
import { renderRegistry } from "../environment/registry/render-registry";
import type { EnvironmentInput } from "../environment/schema";
import { stockPersonaCatalog } from "../personas/catalog";
import { EnvironmentStack } from "../stacks/environment-stack";

/** The repository root. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The directory `global-setup.ts` synthesized the bundled environments into (once per `jest` run). */
export function bundledOutputDir(): string {
  const dir = process.env.HOMELAB_TEST_BUNDLED_OUT;
  if (!dir) throw new Error("HOMELAB_TEST_BUNDLED_OUT is not set: run the tests through jest (jest.config.js runs __tests__/global-setup.ts)");
  return dir;
}

/** Every file under `directory`, relative, `/`-separated and sorted. */
export function listFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Every file under `directory` with its bytes (base64), for a before/after comparison. */
export function readTree(directory: string): Record<string, string> {
  return Object.fromEntries(listFiles(directory).map((file) => [file, fs.readFileSync(path.join(directory, file)).toString("base64")]));
}

/** The text of the base environment document, `__tests__/fixtures/base.yaml`: the smallest complete environment. */
export const BASE_ENVIRONMENT_TEXT = fs.readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "base.yaml"), "utf8");

/** A fresh copy of the base environment document, which a test may change freely. */
export function baseEnvironment(): EnvironmentInput {
  return yaml.parse(BASE_ENVIRONMENT_TEXT) as EnvironmentInput;
}

/** The base environment with `change` applied to a fresh copy (a patch: mutate it, or return a replacement). */
export function patchedEnvironment(change: (document: EnvironmentInput) => EnvironmentInput | void): EnvironmentInput {
  const document = baseEnvironment();
  return change(document) ?? document;
}

/** How a test resolves one environment. */
export interface ResolveOptions {
  readonly name?: string;
  readonly personas?: PersonaCatalog;
  readonly source?: string;
  /** The committed registry it is resolved against. @default none (an empty one in memory) */
  readonly registry?: MachineRegistry;
  /** `npm run synth -- --retire` names. */
  readonly retire?: readonly string[];
}

/** Validates and resolves one environment written in code, as `loadEnvironments` does for a fleet of one. */
export function resolveInput(input: EnvironmentInput, options: ResolveOptions = {}): EnvironmentModel {
  const name = options.name ?? "test";
  const registries = options.registry ? [{ environment: name, file: `${name}.lock.yaml`, text: renderRegistry(options.registry, name, `${name}.yaml`) }] : [];
  const [model] = loadEnvironments([defineEnvironment(name, input, { source: options.source })], options.personas ?? stockPersonaCatalog, {
    registries,
    retire: options.retire,
  });
  return model;
}

/** The VMID of the golden template a registry entry records (undefined for a container's template file). */
export function templateVmId(entry: RegistryEntry): number | undefined {
  return "vmid" in entry.template ? entry.template.vmid : undefined;
}

/** The registry an environment has after its first synth. */
export function firstRegistry(input: EnvironmentInput, options: ResolveOptions = {}): MachineRegistry {
  return resolveInput(input, options).registry;
}

/**
 * The bundled example environments, by name: the tests read these files (and their machine
 * registries) only, so that a user's own `environments/home.yaml` next to them changes no test.
 */
export const BUNDLED_ENVIRONMENTS = ["lab.yaml", "prod.yaml"] as const;

/** The machine registry of a bundled environment file: `lab.lock.yaml` for `lab.yaml`. */
function registryOf(name: string): string {
  return name.replace(/\.yaml$/, ".lock.yaml");
}

/** The bundled example environment files, named as synth names them (`environments/lab.yaml`). */
export function bundledEnvironmentFiles(): EnvironmentFile[] {
  return BUNDLED_ENVIRONMENTS.map((name) => ({ file: `environments/${name}`, text: fs.readFileSync(path.join(PROJECT_ROOT, "environments", name), "utf8") }));
}

/** The committed machine registries of the bundled environments, named as synth names them. */
export function bundledRegistryFiles(): RegistrySource[] {
  return BUNDLED_ENVIRONMENTS.map((name) => ({
    environment: name.replace(/\.yaml$/, ""),
    file: `environments/${registryOf(name)}`,
    text: fs.readFileSync(path.join(PROJECT_ROOT, "environments", registryOf(name)), "utf8"),
  }));
}

/**
 * Copies the bundled example environments into `<directory>/environments` (made), each with
 * `edits` applied (old -> new text per file), and their machine registries unless `registries` is
 * false (as on a first synth); returns that directory.
 */
export function copyBundledEnvironments(directory: string, edits: Readonly<Record<string, readonly [string, string][]>> = {}, registries = true): string {
  const target = path.join(directory, "environments");
  fs.mkdirSync(target, { recursive: true });
  for (const name of BUNDLED_ENVIRONMENTS) {
    let text = fs.readFileSync(path.join(PROJECT_ROOT, "environments", name), "utf8");
    for (const [from, to] of edits[name] ?? []) {
      if (!text.includes(from)) throw new Error(`environments/${name} does not hold ${JSON.stringify(from)}`);
      text = text.replace(from, to);
    }
    fs.writeFileSync(path.join(target, name), text);
    if (registries) fs.copyFileSync(path.join(PROJECT_ROOT, "environments", registryOf(name)), path.join(target, registryOf(name)));
  }
  return target;
}

/** The bundled example environments with their registries, validated and resolved as main.ts does. */
export function bundledModels(): EnvironmentModel[] {
  return loadEnvironments(bundledEnvironmentFiles(), stockPersonaCatalog, { registries: bundledRegistryFiles() });
}

/** The path of the synth runner, `synth/run-app.js` (what `npm run synth` and cdktf.json's app run). */
export const RUN_APP = path.join(PROJECT_ROOT, "synth", "run-app.js");

/**
 * The environment a spawned synth runs with: this one without npm's variables (`INIT_CWD` would
 * move the shell's directory), no version checks, registries written (`HOMELAB_REGISTRY=update`,
 * even in CI), and `extra` (undefined removes a variable).
 */
export function synthProcessEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "INIT_CWD" && !name.startsWith("npm_")));
  // a synth of a test writes its scratch registries whatever CI says (a test of the frozen mode sets HOMELAB_REGISTRY)
  Object.assign(env, { CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", HOMELAB_REGISTRY: "update" }, extra);
  for (const [name, value] of Object.entries(extra)) if (value === undefined) delete env[name];
  return env;
}

/** The issue lines `run` throws as an {@link EnvironmentValidationError}; fails the test if it throws anything else or nothing. */
export function issueLines(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvironmentValidationError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error("expected an EnvironmentValidationError, but validation passed");
}

/** The parts of a synthesized stack the tests read. */
export interface TerraformJson {
  terraform: { backend: Record<string, Record<string, unknown>>; required_providers: Record<string, { source: string; version: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, any>>>;
}

/** An empty stack with the bpg/proxmox provider configured, to put constructs in. */
export function proxmoxStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new ProxmoxProvider(stack, "proxmox", { endpoint: "https://pve.test:8006/" });
  return stack;
}

/** Synthesizes one stack (with its construct validations) and returns its Terraform JSON, parsed. */
export function synthStack(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/** The environment stack of a model, synthesized. */
export function synthModel(model: EnvironmentModel): TerraformJson {
  return synthStack(new EnvironmentStack(Testing.app(), model.name, { model }));
}

/** The environment stack of an environment written in code, synthesized. */
export function synthInput(input: EnvironmentInput, name = "test"): TerraformJson {
  return synthModel(resolveInput(input, { name }));
}

/** The synthesized stacks of the bundled environments (written once by global-setup.ts), by stack name. */
export function bundledStacks(): Record<string, TerraformJson> {
  const stacks = path.join(bundledOutputDir(), "stacks");
  return Object.fromEntries(
    fs
      .readdirSync(stacks)
      .sort()
      .map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacks, name, "cdk.tf.json"), "utf8")) as TerraformJson]),
  );
}
