/**
 * The environment variables that make cdktf-cli and terraform use the built toolchain, offline:
 * for the rehearsal, the end-to-end suite and anyone running `terraform` by hand in a stack folder.
 */
import * as fs from "fs";
import * as path from "path";
import { TOOLS_DIR_NAME, ToolchainManifest } from "./provider-mirror";

/** The manifest `npm run tools` wrote, or a one-line error saying to run it. */
export function readToolchainManifest(projectRoot: string): ToolchainManifest {
  const file = path.join(projectRoot, TOOLS_DIR_NAME, "toolchain.json");
  if (!fs.existsSync(file)) throw new Error(`${TOOLS_DIR_NAME}/toolchain.json not found: run 'npm run tools' first`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as ToolchainManifest;
}

/**
 * Variables for a child process that runs cdktf-cli or terraform with the toolchain of
 * `projectRoot`: the mirror-only CLI config, the terraform binary cdktf-cli calls, no version or
 * checkpoint calls.
 */
export function toolchainEnv(projectRoot: string): Record<string, string> {
  const manifest = readToolchainManifest(projectRoot);
  const toolsDir = path.join(projectRoot, TOOLS_DIR_NAME);
  return {
    TF_CLI_CONFIG_FILE: path.join(toolsDir, "terraformrc"),
    TERRAFORM_BINARY_NAME: path.join(toolsDir, "bin", "terraform"),
    CHECKPOINT_DISABLE: "1",
    DISABLE_VERSION_CHECK: "1",
    TF_IN_AUTOMATION: "1",
    HOMELAB_TERRAFORM_KIND: manifest.terraform.kind,
  };
}
