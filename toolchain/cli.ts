/**
 * `npm run tools [-- --terraform] [--ansible] [--hosts]`: the pinned real toolchain, built once into
 * the tools cache (no flag: all three parts).
 *
 * - `--terraform`: the providers (and OpenTofu when PATH has no terraform/tofu >= 1.8) from their Go
 *   modules; `.tools/` (filesystem mirror, CLI config, terraform link, manifest); then the built
 *   providers checked against the vendored schema with the real Terraform.
 * - `--ansible`: ansible-core and ansible-lint from PyPI, pinned, in a venv linked at `.tools/ansible`.
 * - `--hosts`: the binaries the roles copy to hosts (step-ca, the Compose v2 plugin) from their Go
 *   modules, linked at `.tools/hosts/`.
 *
 * Prints one line per tool and per schema difference; exits 1 on a failure.
 */
import * as path from "path";
import { ensureAnsibleVenv, pinnedAnsibleCore } from "./ansible-venv";
import { buildGoTool } from "./go-build";
import { buildHostTool } from "./host-tools";
import { writeToolsDir } from "./provider-mirror";
import { resolveTerraform } from "./terraform-binary";
import { HOST_TOOLS, moduleOf, pinnedModuleVersion, PROVIDERS } from "./tools";
import { verifyProviders } from "./verify-providers";

const projectRoot = path.resolve(__dirname, "..");

/** The parts of the toolchain, by flag. */
const PARTS = ["--terraform", "--ansible", "--hosts"] as const;
type Part = (typeof PARTS)[number];

function describe(seconds: number, built: boolean): string {
  return built ? `built in ${seconds.toFixed(0)} s` : "cached";
}

function terraformPart(): number {
  const providers = PROVIDERS.map((tool) => {
    const builtFrom = `${moduleOf(tool.mainPackage)}@${pinnedModuleVersion(tool.wrapper, moduleOf(tool.mainPackage))}`;
    const result = buildGoTool(tool.wrapper, tool.mainPackage, `terraform-provider-${tool.type}`, builtFrom.split("@")[1], `terraform-provider-${tool.type}`);
    console.log(`${tool.namespace}/${tool.type} ${tool.registryVersion}: ${builtFrom}, ${describe(result.seconds, result.built)} (${result.binary})`);
    return { tool, builtFrom, binary: result.binary };
  });
  const { terraform, build } = resolveTerraform();
  console.log(
    `${terraform.kind} ${terraform.version}: ${terraform.origin === "PATH" ? "from PATH" : describe(build?.seconds ?? 0, build?.built ?? false)} (${terraform.path})`,
  );
  writeToolsDir(projectRoot, terraform, providers);
  console.log(`wrote .tools/ (mirror, terraformrc, bin/terraform, toolchain.json)`);

  const verification = verifyProviders(
    terraform,
    path.join(projectRoot, ".tools", "terraformrc"),
    path.join(projectRoot, "providers", "bpg-proxmox", "schema.json"),
  );
  for (const line of verification.differences)
    console.log(`schema difference (${verification.unexpected.includes(line) ? "UNEXPECTED" : "reviewed"}): ${line}`);
  for (const aspect of verification.notCompared) console.log(`schema aspect not compared: ${terraform.kind} ${terraform.version} does not print ${aspect}`);
  for (const line of verification.gone) console.log(`schema difference listed in toolchain/known-schema-differences.json but gone: ${line}`);
  if (verification.unexpected.length > 0 || verification.gone.length > 0) {
    console.error("the built bpg/proxmox schema disagrees with providers/bpg-proxmox/schema.json beyond the reviewed differences");
    return 1;
  }
  console.log(
    `bpg/proxmox schema: real provider and vendored reconstruction agree (${verification.differences.length} reviewed difference(s)); local_file attributes validated`,
  );
  return 0;
}

function ansiblePart(): number {
  const venv = ensureAnsibleVenv(projectRoot);
  console.log(`ansible-core ${pinnedAnsibleCore()} and ansible-lint: venv ${describe(venv.seconds, venv.built)} (${venv.dir}), linked at .tools/ansible`);
  return 0;
}

function hostsPart(): number {
  for (const tool of HOST_TOOLS) {
    const result = buildHostTool(projectRoot, tool);
    console.log(`${tool.name}: ${result.builtFrom}, ${describe(result.seconds, result.built)} (${result.binary}), linked at .tools/hosts/${tool.name}`);
  }
  return 0;
}

const RUN: Record<Part, () => number> = { "--terraform": terraformPart, "--ansible": ansiblePart, "--hosts": hostsPart };

function run(args: readonly string[]): number {
  const unknown = args.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    console.error(`npm run tools: unknown argument ${unknown.join(" ")} (usage: npm run tools [-- ${PARTS.join(" ")}]; no flag builds all)`);
    return 1;
  }
  const parts = args.length === 0 ? PARTS : PARTS.filter((part) => args.includes(part));
  for (const part of parts) {
    const code = RUN[part]();
    if (code !== 0) return code;
  }
  return 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  console.error(`npm run tools: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
