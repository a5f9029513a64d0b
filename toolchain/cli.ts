/**
 * `npm run tools`: builds the pinned providers (and OpenTofu when PATH has no terraform/tofu >= 1.8)
 * from their Go modules into the tools cache, once; writes `.tools/` (filesystem mirror, CLI config,
 * terraform link, manifest); then checks the built providers against the vendored schema with the
 * real Terraform. Prints one line per tool and per schema difference; exits 1 on a failure.
 */
import * as path from "path";
import { buildGoTool } from "./go-build";
import { writeToolsDir } from "./provider-mirror";
import { resolveTerraform } from "./terraform-binary";
import { moduleOf, pinnedModuleVersion, PROVIDERS } from "./tools";
import { verifyProviders } from "./verify-providers";

const projectRoot = path.resolve(__dirname, "..");

function describe(seconds: number, built: boolean): string {
  return built ? `built in ${seconds.toFixed(0)} s` : "cached";
}

function run(): number {
  const providers = PROVIDERS.map((tool) => {
    const builtFrom = `${moduleOf(tool.mainPackage)}@${pinnedModuleVersion(tool.wrapper, moduleOf(tool.mainPackage))}`;
    const result = buildGoTool(tool.wrapper, tool.mainPackage, `terraform-provider-${tool.type}`, builtFrom.split("@")[1], `terraform-provider-${tool.type}`);
    console.log(`${tool.namespace}/${tool.type} ${tool.registryVersion}: ${builtFrom}, ${describe(result.seconds, result.built)} (${result.binary})`);
    return { tool, builtFrom, binary: result.binary };
  });
  const { terraform, build } = resolveTerraform();
  console.log(`${terraform.kind} ${terraform.version}: ${terraform.origin === "PATH" ? "from PATH" : describe(build?.seconds ?? 0, build?.built ?? false)} (${terraform.path})`);
  writeToolsDir(projectRoot, terraform, providers);
  console.log(`wrote .tools/ (mirror, terraformrc, bin/terraform, toolchain.json)`);

  const verification = verifyProviders(path.join(projectRoot, ".tools", "bin", "terraform"), path.join(projectRoot, ".tools", "terraformrc"), path.join(projectRoot, "providers", "bpg-proxmox", "schema.json"));
  for (const line of verification.differences) console.log(`schema difference (${verification.unexpected.includes(line) ? "UNEXPECTED" : "reviewed"}): ${line}`);
  for (const line of verification.gone) console.log(`schema difference listed in toolchain/known-schema-differences.json but gone: ${line}`);
  if (verification.unexpected.length > 0 || verification.gone.length > 0) {
    console.error("the built bpg/proxmox schema disagrees with providers/bpg-proxmox/schema.json beyond the reviewed differences");
    return 1;
  }
  console.log(`bpg/proxmox schema: real provider and vendored reconstruction agree (${verification.differences.length} reviewed difference(s)); local_file attributes validated`);
  return 0;
}

try {
  process.exitCode = run();
} catch (error) {
  console.error(`npm run tools: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
