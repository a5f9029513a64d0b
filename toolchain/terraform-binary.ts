/**
 * Which Terraform runs the stacks: `terraform` or `tofu` from PATH when it is at least
 * {@link MINIMUM_TERRAFORM_VERSION}, otherwise OpenTofu built from its pinned Go module.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildGoTool, BuiltTool } from "./go-build";
import { MINIMUM_TERRAFORM_VERSION, moduleOf, OPENTOFU, pinnedModuleVersion } from "./tools";

/** The Terraform the toolchain runs. */
export interface TerraformBinary {
  /** Absolute path. */
  readonly path: string;
  /** `terraform` or `tofu`. */
  readonly kind: "terraform" | "tofu";
  /** Its version, e.g. `1.11.4`. */
  readonly version: string;
  /** Where it came from. */
  readonly origin: "PATH" | "built";
}

/** Compares dotted versions numerically: negative when `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0));
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** `terraform version -json` (both tools answer it) without network: CHECKPOINT_DISABLE. */
function reportedVersion(binary: string): string | undefined {
  try {
    const output = execFileSync(binary, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: os.devNull }, timeout: 30_000 });
    return (JSON.parse(output) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** The first executable called `name` on PATH. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A usable terraform/tofu from PATH, or undefined. */
export function terraformFromPath(): TerraformBinary | undefined {
  for (const kind of ["terraform", "tofu"] as const) {
    const found = onPath(kind);
    const version = found && reportedVersion(found);
    if (found && version && compareVersions(version, MINIMUM_TERRAFORM_VERSION) >= 0) return { path: found, kind, version, origin: "PATH" };
  }
  return undefined;
}

/** The Terraform to use, building OpenTofu when PATH has none; `built` tells whether this call compiled it. */
export function resolveTerraform(): { terraform: TerraformBinary; build?: BuiltTool } {
  const fromPath = terraformFromPath();
  if (fromPath) return { terraform: fromPath };
  const moduleVersion = pinnedModuleVersion(OPENTOFU.wrapper, moduleOf(OPENTOFU.mainPackage));
  const build = buildGoTool(OPENTOFU.wrapper, OPENTOFU.mainPackage, "opentofu", moduleVersion, "tofu");
  const version = reportedVersion(build.binary);
  if (!version) throw new Error(`the OpenTofu built at ${build.binary} does not answer 'tofu version -json'`);
  return { terraform: { path: build.binary, kind: "tofu", version, origin: "built" }, build };
}
