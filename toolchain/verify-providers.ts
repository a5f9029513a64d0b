/**
 * Checks the built providers with the real Terraform: `providers schema -json` of bpg/proxmox is
 * compared with the vendored reconstruction (providers/bpg-proxmox/schema.json), and a
 * configuration setting every `local_file` attribute our stacks use is validated against the built
 * hashicorp/local. Differences listed in `known-schema-differences.json` were reviewed; any other
 * difference, or a listed one that is gone, fails.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffProviderSchemas, formatDifference, ProviderSchema } from "./schema-diff";
import { LOCAL_FILE_ATTRIBUTES_USED, LOCAL_PROVIDER, PROXMOX_PROVIDER, TOOLCHAIN_DIR } from "./tools";

/** Outcome of {@link verifyProviders}. */
export interface ProviderVerification {
  /** Every difference between the real and the vendored bpg/proxmox schema, formatted. */
  readonly differences: readonly string[];
  /** Differences not in the reviewed list. */
  readonly unexpected: readonly string[];
  /** Reviewed differences that no longer occur (the list is stale). */
  readonly gone: readonly string[];
}

/** A configuration that needs both providers and sets each `local_file` attribute we use. */
function probeConfiguration(): string {
  const attributes = Object.fromEntries(LOCAL_FILE_ATTRIBUTES_USED.map((name) => [name, name.endsWith("permission") ? "0644" : "probe"]));
  return JSON.stringify(
    {
      terraform: {
        required_providers: {
          proxmox: { source: `registry.terraform.io/${PROXMOX_PROVIDER.namespace}/${PROXMOX_PROVIDER.type}`, version: PROXMOX_PROVIDER.registryVersion },
          local: { source: `${LOCAL_PROVIDER.namespace}/${LOCAL_PROVIDER.type}`, version: LOCAL_PROVIDER.registryVersion },
        },
      },
      resource: { local_file: { probe: attributes } },
    },
    null,
    2,
  );
}

/** Runs terraform in `dir` with `env`; a failure throws with terraform's own message. */
function terraform(binary: string, args: string[], dir: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(binary, args, { cwd: dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`terraform ${args[0]} failed in the provider check:\n${stderr.trim()}`);
  }
}

/** Runs the checks with `terraformBinary` and the CLI config at `cliConfigFile`. */
export function verifyProviders(terraformBinary: string, cliConfigFile: string, vendoredSchemaFile: string): ProviderVerification {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-provider-check-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    delete env.TF_PLUGIN_CACHE_DIR;
    fs.writeFileSync(path.join(dir, "main.tf.json"), probeConfiguration());
    terraform(terraformBinary, ["init", "-input=false", "-no-color", "-backend=false"], dir, env);
    terraform(terraformBinary, ["validate", "-no-color"], dir, env);
    const schemas = JSON.parse(terraform(terraformBinary, ["providers", "schema", "-json"], dir, env)) as { provider_schemas: Record<string, ProviderSchema> };
    const vendored = JSON.parse(fs.readFileSync(vendoredSchemaFile, "utf8")) as { provider_schemas: Record<string, ProviderSchema> };
    const key = (host: string) => `${host}/${PROXMOX_PROVIDER.namespace}/${PROXMOX_PROVIDER.type}`;
    const real = schemas.provider_schemas[key("registry.terraform.io")];
    if (!real) throw new Error(`terraform providers schema -json printed no schema for ${key("registry.terraform.io")}`);
    const differences = diffProviderSchemas(real, vendored.provider_schemas[key("registry.terraform.io")]).map(formatDifference);
    const known = JSON.parse(fs.readFileSync(path.join(TOOLCHAIN_DIR, "known-schema-differences.json"), "utf8")) as { differences: string[] };
    return {
      differences,
      unexpected: differences.filter((line) => !known.differences.includes(line)),
      gone: known.differences.filter((line) => !differences.includes(line)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
