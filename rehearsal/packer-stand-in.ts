import * as fs from "fs";
import * as path from "path";
import type { PveClient } from "../simulator/client";

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
 * template. Nothing boots and nothing is provisioned; the point is that `cdktf deploy <env>` finds
 * the templates where the var file says.
 */
export async function buildTemplatesLikePacker(client: PveClient, projectDir: string, environment: string): Promise<BuiltTemplate[]> {
  const varFile = path.join(projectDir, "packer", "vars", `${environment}.pkrvars.json`);
  if (!fs.existsSync(varFile)) throw new Error(`${path.relative(projectDir, varFile)} was not written by cdktf deploy ${environment}-images`);
  const vars = JSON.parse(fs.readFileSync(varFile, "utf8")) as PackerVarFile;
  const built: BuiltTemplate[] = [];
  for (const [key, template] of Object.entries(vars.templates).sort(([a], [b]) => a.localeCompare(b))) {
    const { node, vm_id: vmId, name, base_vm_id: baseVmId } = template;
    await client.task(node, "POST", `/nodes/${node}/qemu/${baseVmId}/clone`, {
      newid: vmId,
      name,
      full: 1,
      description: `Golden image ${key}, built by Packer`,
    });
    await client.task(node, "POST", `/nodes/${node}/qemu/${vmId}/template`);
    built.push({ key, node, vmId, name, baseVmId });
  }
  return built;
}
