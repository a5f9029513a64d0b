import { z } from "zod";
import { containerTemplateFileName, diskInterface, hostLabel, sizeGiB, vmId } from "../primitives";

/**
 * The machine registry of one environment (`environments/<env>.lock.yaml`): what was handed out
 * to each machine once and must stay with it, whatever happens to the order of the file. It is
 * written by `npm run synth`, committed, and reviewed like a package lock.
 */

/** The version of the registry format this code reads and writes. */
export const REGISTRY_VERSION = 1;

/** A container's volume: its root file system (`rootfs`) or a mount point (`mp0`, `mp1`, ...). */
const containerVolume = z.string().regex(/^(rootfs|mp\d{1,3})$/, "must be rootfs or a mount point such as mp0");

const disk = z.strictObject({
  slot: diskInterface.or(containerVolume).describe("Bus and slot of the disk in the VM (scsi1), or a container's volume (rootfs, mp0); never moves"),
  sizeGiB: sizeGiB.describe("Size in GiB: disks only grow"),
});

const entry = z.strictObject({
  vmid: vmId.describe("The VMID the machine holds"),
  node: hostLabel.describe("The node its VM runs on"),
  persona: z.string().min(1).describe("The persona it plays"),
  stateful: z.boolean().describe("Whether that persona is stateful (its data outlives the VM)"),
  protected: z.boolean().describe("Whether the VM has Proxmox protection or prevent_destroy on"),
  kind: z.literal("container").optional().describe("The machine is an LXC container (absent: a VM)"),
  template: z
    .union([z.strictObject({ name: hostLabel, vmid: vmId }), z.strictObject({ file: containerTemplateFileName })])
    .describe("The golden template the VM was cloned from (a template bump changes it only on rebuild), or the LXC template file a container was created from"),
  bootDisk: disk,
  dataDisks: z.record(z.string().min(1), disk).describe("Data disks by purpose"),
  retiring: z
    .enum(["removed", "replaced"])
    .optional()
    .describe("The VM is on its way out: the next deploy stops it and turns its protection off; `npm run synth -- --retire <name>` ends it"),
  replacing: z
    .literal(true)
    .optional()
    .describe("The VM was retired to be replaced: prevent_destroy stays off until allowDataLoss no longer names the machine"),
});

/** The schema of a registry file. Unknown keys are errors. */
export const machineRegistrySchema = z.strictObject({
  version: z.literal(REGISTRY_VERSION),
  nextVmid: vmId.describe("Where the next VMID is looked for: VMIDs once handed out are not handed out again soon"),
  baseImages: z.record(hostLabel, vmId).describe("VMIDs of the base image VMs by template key"),
  machines: z.record(hostLabel, entry).describe("Every machine the environment has, or is retiring, by name"),
});

/** One machine as the registry records it. */
export type RegistryEntry = z.output<typeof entry>;
/** The template a machine was made from, as the registry records it. */
export type RegistryTemplate = RegistryEntry["template"];
/** A disk as the registry records it. */
export type RegistryDisk = z.output<typeof disk>;
/** A whole registry. */
export type MachineRegistry = z.output<typeof machineRegistrySchema>;

/** The registry of an environment that was never synthesized: nothing handed out yet. */
export function emptyRegistry(vmIdRangeStart: number): MachineRegistry {
  return { version: REGISTRY_VERSION, nextVmid: vmIdRangeStart, baseImages: {}, machines: {} };
}

/** Where an environment's registry lives: `<dir>/<env>.lock.yaml` beside `<dir>/<env>.yaml`. */
export function registryFileName(environment: string): string {
  return `${environment}.lock.yaml`;
}
