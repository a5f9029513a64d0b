import { execFile } from "child_process";
import { promisify } from "util";
import * as fs from "fs";
import * as path from "path";
import type { PveClient } from "../simulator/client";

/** Where the Packer stand-in reaches the Proxmox API, as Packer's post-processor does. */
export interface PackerApiAccess {
  /** `https://127.0.0.1:<port>/`. */
  readonly endpoint: string;
  /** `user@realm!token-id=secret`. */
  readonly apiToken: string;
  /** The CA certificate curl verifies the endpoint with. */
  readonly certFile: string;
}

/** The post-processor script of packer/golden.pkr.hcl that deletes the node-local vendor-data snippet from a template. */
const STRIP_SNIPPETS_SCRIPT = path.join(__dirname, "..", "packer", "scripts", "strip-node-local-snippets.sh");

/**
 * Runs the Packer post-processor script against the API with the variables Packer gives it
 * (`shell-local`); asynchronously, since the simulator answering it may run in this process.
 */
async function stripNodeLocalSnippets(api: PackerApiAccess, node: string, vmId: number): Promise<void> {
  const separator = api.apiToken.indexOf("=");
  await promisify(execFile)("sh", [STRIP_SNIPPETS_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      PROXMOX_URL: `${api.endpoint.replace(/\/+$/, "")}/api2/json`,
      PROXMOX_INSECURE: "false",
      TEMPLATE_NODE: node,
      TEMPLATE_VMID: String(vmId),
      PROXMOX_USERNAME: api.apiToken.slice(0, separator),
      PROXMOX_TOKEN: api.apiToken.slice(separator + 1),
      CURL_CA_BUNDLE: api.certFile,
    },
    timeout: 90_000,
  });
}

/** One golden template as the Packer var file names it. */
export interface BuiltTemplate {
  readonly key: string;
  readonly node: string;
  readonly vmId: number;
  readonly name: string;
  readonly baseVmId: number;
}

interface PackerVarFile {
  readonly templates: Readonly<Record<string, { node: string; vm_id: number; name: string; base_vm_id: number }>>;
}

/**
 * Stands in for `packer build` in a rehearsal: for each template of the var file the images stack
 * wrote (`packer/vars/<env>.pkrvars.json`), what Packer's proxmox-clone builder leaves behind
 * through the API: a full clone of the base VM with the template's VMID and name, converted to a
 * template, then the same post-processor script that deletes the base VM's node-local vendor-data
 * snippet (`cicustom`) from it. Nothing boots and nothing is provisioned; the point is that
 * `cdktf deploy <env>` finds the templates where the var file says, as Packer leaves them.
 */
export async function buildTemplatesLikePacker(
  client: PveClient,
  api: PackerApiAccess,
  projectDir: string,
  environment: string,
  only?: readonly string[],
): Promise<BuiltTemplate[]> {
  const varFile = path.join(projectDir, "packer", "vars", `${environment}.pkrvars.json`);
  if (!fs.existsSync(varFile)) throw new Error(`${path.relative(projectDir, varFile)} was not written by cdktf deploy ${environment}-images`);
  const vars = JSON.parse(fs.readFileSync(varFile, "utf8")) as PackerVarFile;
  const built: BuiltTemplate[] = [];
  for (const [key, template] of Object.entries(vars.templates).sort(([a], [b]) => a.localeCompare(b))) {
    if (only && !only.includes(key)) continue;
    const { node, vm_id: vmId, name, base_vm_id: baseVmId } = template;
    await client.task(node, "POST", `/nodes/${node}/qemu/${baseVmId}/clone`, {
      newid: vmId,
      name,
      full: 1,
      description: `Golden image ${key}, built by Packer`,
    });
    await client.task(node, "POST", `/nodes/${node}/qemu/${vmId}/template`);
    await stripNodeLocalSnippets(api, node, vmId);
    built.push({ key, node, vmId, name, baseVmId });
  }
  return built;
}
