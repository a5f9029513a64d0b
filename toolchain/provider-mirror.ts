/**
 * The checkout's `.tools/` folder (git-ignored): a Terraform filesystem mirror of the built providers
 * (links into the tools cache), a CLI config that installs providers from that mirror only, a link to
 * the Terraform binary, and a manifest that {@link toolchainEnv} reads.
 */
import * as fs from "fs";
import * as path from "path";
import type { TerraformBinary } from "./terraform-binary";
import type { ProviderTool } from "./tools";

/** Name of the folder in the checkout. */
export const TOOLS_DIR_NAME = ".tools";

/**
 * Hosts the mirror answers for. `source = "hashicorp/local"` means registry.terraform.io to
 * Terraform and registry.opentofu.org to OpenTofu, so both hold every provider.
 */
const REGISTRY_HOSTS = ["registry.terraform.io", "registry.opentofu.org"] as const;

/** What `.tools/toolchain.json` records. */
export interface ToolchainManifest {
  /** The Terraform the toolchain runs (a link at `.tools/bin/terraform` points at it). */
  readonly terraform: TerraformBinary;
  /** The providers in the mirror: registry address, the version served, the built module version and binary. */
  readonly providers: readonly { readonly address: string; readonly version: string; readonly builtFrom: string; readonly binary: string }[];
}

/** The platform folder Terraform expects, e.g. `linux_amd64`. */
export function terraformPlatform(): string {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386" }[process.arch as string] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/** Replaces `link` with a symbolic link to `target` (creating its folder). */
export function relink(target: string, link: string): void {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link);
}

/** The CLI config: providers come from the mirror and nowhere else; no checkpoint calls. */
export function cliConfig(mirrorDir: string): string {
  const patterns = REGISTRY_HOSTS.map((host) => `"${host}/*/*"`).join(", ");
  return [
    "# Written by `npm run tools`: install providers from the local filesystem mirror only.",
    "disable_checkpoint = true",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirrorDir)}`,
    `    include = [${patterns}]`,
    "  }",
    "  direct {",
    `    exclude = [${patterns}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Writes `.tools/` under `projectRoot` for these built providers and this Terraform. */
export function writeToolsDir(
  projectRoot: string,
  terraform: TerraformBinary,
  providers: readonly { tool: ProviderTool; builtFrom: string; binary: string }[],
): ToolchainManifest {
  const toolsDir = path.join(projectRoot, TOOLS_DIR_NAME);
  const mirrorDir = path.join(toolsDir, "mirror");
  fs.rmSync(mirrorDir, { recursive: true, force: true });
  for (const { tool, binary } of providers) {
    for (const host of REGISTRY_HOSTS) {
      const dir = path.join(mirrorDir, host, tool.namespace, tool.type, tool.registryVersion, terraformPlatform());
      relink(binary, path.join(dir, `terraform-provider-${tool.type}_v${tool.registryVersion}`));
    }
  }
  fs.writeFileSync(path.join(toolsDir, "terraformrc"), cliConfig(mirrorDir));
  relink(terraform.path, path.join(toolsDir, "bin", "terraform"));
  const manifest: ToolchainManifest = {
    terraform,
    providers: providers.map(({ tool, builtFrom, binary }) => ({
      address: `${tool.namespace}/${tool.type}`,
      version: tool.registryVersion,
      builtFrom,
      binary,
    })),
  };
  fs.writeFileSync(path.join(toolsDir, "toolchain.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
