/**
 * The pinned real toolchain: which Go wrapper module builds which binary, and where Terraform finds
 * each provider. Versions live in the wrapper modules' go.mod files (with their go.sum), so one place
 * pins each tool; this table only says what each module is for.
 */
import * as fs from "fs";
import * as path from "path";

/** The folder of this file: the Go wrapper modules sit under `go/`. */
export const TOOLCHAIN_DIR = __dirname;

/** A Terraform provider built from a Go module and served from the filesystem mirror. */
export interface ProviderTool {
  /** Folder of its wrapper module under `toolchain/go/`. */
  readonly wrapper: string;
  /** Go package path of the provider's `main`. */
  readonly mainPackage: string;
  /** Registry namespace and type, e.g. `bpg`/`proxmox`. */
  readonly namespace: string;
  readonly type: string;
  /**
   * The version the mirror serves it as: the one the synthesized stacks pin. For bpg/proxmox it is
   * the built module's own version; see {@link LOCAL_PROVIDER} for the one case where they differ.
   */
  readonly registryVersion: string;
}

/** bpg/proxmox, the provider every stack uses; the version the vendored schema reconstructs. */
export const PROXMOX_PROVIDER: ProviderTool = {
  wrapper: "bpg-proxmox",
  mainPackage: "github.com/bpg/terraform-provider-proxmox",
  namespace: "bpg",
  type: "proxmox",
  registryVersion: "0.111.1",
};

/**
 * hashicorp/local, which writes the inventory and the Packer var file. @cdktf/provider-local 11.1.1
 * pins 2.6.1, but no 2.x release can be built from the Go module proxy: its go.mod declares
 * `github.com/terraform-providers/terraform-provider-local` without a `/v2` suffix, so Go modules
 * cannot address any v2 tag. The newest release the proxy serves, v1.4.0 (HashiCorp's own code),
 * is built and served in the 2.6.1 slot. `local_file` with `content`, `filename`,
 * `file_permission` and `directory_permission` — all our stacks use — behaves the same in both;
 * `npm run tools` checks that every attribute our stacks set exists in the built provider's schema.
 */
export const LOCAL_PROVIDER: ProviderTool = {
  wrapper: "local",
  mainPackage: "github.com/terraform-providers/terraform-provider-local",
  namespace: "hashicorp",
  type: "local",
  registryVersion: "2.6.1",
};

/** Every provider the mirror serves. */
export const PROVIDERS: readonly ProviderTool[] = [PROXMOX_PROVIDER, LOCAL_PROVIDER];

/** OpenTofu, built only when neither `terraform` nor `tofu` >= {@link MINIMUM_TERRAFORM_VERSION} is on PATH. */
export const OPENTOFU = {
  wrapper: "opentofu",
  mainPackage: "github.com/opentofu/opentofu/cmd/tofu",
  /** What OpenTofu's release builds set: without it the binary calls itself `<version>-dev`. */
  linkerFlags: ["-X github.com/opentofu/opentofu/version.dev=no"],
} as const;

/**
 * A binary the Ansible roles copy to hosts because Debian does not package it, built from a Go
 * module and linked at `.tools/hosts/<name>` (where site.yml takes it from).
 */
export interface HostTool {
  /** Its name under `.tools/hosts/` and in the tools cache, e.g. `step-ca`. */
  readonly name: string;
  /** Folder of its wrapper module under `toolchain/go/`. */
  readonly wrapper: string;
  /** The Go module it comes from (its version is the wrapper's `require`). */
  readonly module: string;
  /** Go package path of its `main`. */
  readonly mainPackage: string;
  /** The `-X` linker flag that stamps the version into the binary, as the project's own release builds set it. */
  readonly versionFlag: (moduleVersion: string) => string;
}

/** step-ca, which the certificate_authority role runs on the CA host. */
export const STEP_CA: HostTool = {
  name: "step-ca",
  wrapper: "step-ca",
  module: "github.com/smallstep/certificates",
  mainPackage: "github.com/smallstep/certificates/cmd/step-ca",
  versionFlag: (version) => `-X main.Version=${version.replace(/^v/, "")}`,
};

/** The Docker Compose v2 CLI plugin, which the docker role installs where Docker comes from Debian's docker.io. */
export const DOCKER_COMPOSE: HostTool = {
  name: "docker-compose",
  wrapper: "docker-compose",
  module: "github.com/docker/compose/v2",
  mainPackage: "github.com/docker/compose/v2/cmd",
  versionFlag: (version) => `-X github.com/docker/compose/v2/internal.Version=${version}`,
};

/** Every binary the roles ship to hosts. */
export const HOST_TOOLS: readonly HostTool[] = [STEP_CA, DOCKER_COMPOSE];

/** The oldest Terraform / OpenTofu release the stacks are run with. */
export const MINIMUM_TERRAFORM_VERSION = "1.8.0";

/** The version a wrapper module pins for `module` (its `require` line). */
export function pinnedModuleVersion(wrapper: string, module: string): string {
  const goMod = fs.readFileSync(path.join(TOOLCHAIN_DIR, "go", wrapper, "go.mod"), "utf8");
  const match = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.]/g, "\\.")}\\s+(v\\S+)`, "m").exec(goMod);
  if (!match) throw new Error(`toolchain/go/${wrapper}/go.mod does not require ${module}`);
  return match[1];
}

/** The Go module a main package belongs to (its first three path elements on github.com). */
export function moduleOf(mainPackage: string): string {
  return mainPackage.split("/").slice(0, 3).join("/");
}

/**
 * The `local_file` attributes our stacks set (see constructs/project-file.ts; a test keeps the two
 * equal): `npm run tools` validates a configuration that sets each of them against the built
 * hashicorp/local provider.
 */
export const LOCAL_FILE_ATTRIBUTES_USED = ["content", "directory_permission", "file_permission", "filename"] as const;
