import type { ValidationIssue } from "./issues";
import type { MachineRegistry } from "./registry/machine-registry";
import type { EnvironmentSpec } from "./schema";

/** The VMIDs an environment hands out, or the issues of a range too small for them. */
export interface VmIdAllocation {
  /** Base image VMIDs by template key: recorded, else from the top of the range down, in template key order. */
  readonly baseVmIds: ReadonlyMap<string, number>;
  /** Machine VMIDs by index in `machines`: pinned, recorded, else the next free one; absent where the range ran out. */
  readonly machineVmIds: readonly (number | undefined)[];
  /** Where the next allocation starts looking (the registry's `nextVmid` after this one). */
  readonly nextVmId: number;
  /** One issue per template or machine the range had no VMID left for, or whose pinned VMID another machine holds. */
  readonly issues: readonly ValidationIssue[];
}

/**
 * Hands out the VMIDs an environment does not pin, keeping every VMID its registry records.
 *
 * A VMID once handed out stays with its machine (or base image VM): inserting, removing or
 * reordering machines changes no other VMID. New base image VMs take the highest free VMIDs of
 * `vmids` (in template key order), new machines the next free VMID from the registry's
 * `nextVmid` up (in file order), wrapping to the bottom of the range only when the top is used
 * up, so a VMID freed by a removal is not handed out again while its VM may still exist. Free
 * means not pinned in the file, not recorded for any machine or base image (retiring ones
 * included) and not handed out in this run.
 */
export function allocateVmIds(file: string, spec: EnvironmentSpec, registry: MachineRegistry, registryFile: string): VmIdAllocation {
  const { start, end } = spec.vmids;
  const pinned = new Set<number>([
    ...Object.values(spec.templates).map((template) => template.vmid),
    ...spec.machines.flatMap((machine) => (machine.vmid === undefined ? [] : [machine.vmid])),
  ]);
  const recordedOwner = new Map(Object.entries(registry.machines).map(([name, entry]) => [entry.vmid, name]));
  const taken = new Set<number>([...pinned, ...recordedOwner.keys(), ...Object.values(registry.baseImages)]);
  const issues: ValidationIssue[] = [];
  const free = (vmId: number) => !taken.has(vmId);

  const baseVmIds = new Map<string, number>();
  let top = end;
  for (const key of Object.keys(spec.templates).sort()) {
    const recorded = registry.baseImages[key];
    if (recorded !== undefined && recorded >= start && recorded <= end && !pinned.has(recorded) && !recordedOwner.has(recorded)) {
      baseVmIds.set(key, recorded);
      continue;
    }
    while (top >= start && !free(top)) top -= 1;
    if (top < start) {
      issues.push({ file, path: `templates.${key}`, message: `no free VMID left in vmids ${start}-${end} for the base image VM` });
      break;
    }
    baseVmIds.set(key, top);
    taken.add(top);
  }

  let cursor = Math.min(Math.max(start, registry.nextVmid), end + 1);
  let nextVmId = Math.max(start, registry.nextVmid);
  const nextFree = (): number | undefined => {
    for (let vmId = cursor; vmId <= end; vmId++) if (free(vmId)) return vmId;
    for (let vmId = start; vmId < cursor; vmId++) if (free(vmId)) return vmId;
    return undefined;
  };
  const machineVmIds = spec.machines.map((machine, index) => {
    if (machine.vmid !== undefined) {
      const owner = recordedOwner.get(machine.vmid);
      if (owner !== undefined && owner !== machine.name) {
        issues.push({
          file,
          path: `machines[${index}].vmid`,
          message: `VMID ${machine.vmid} belongs to '${owner}' in the machine registry (${registryFile}); it is free once that VM is gone: pin it in a later change`,
        });
      }
      return machine.vmid;
    }
    const recorded = registry.machines[machine.name]?.vmid;
    if (recorded !== undefined) return recorded;
    const vmId = nextFree();
    if (vmId === undefined) {
      issues.push({ file, path: `machines[${index}]`, message: `no free VMID left in vmids ${start}-${end}` });
      return undefined;
    }
    taken.add(vmId);
    cursor = vmId + 1;
    nextVmId = Math.max(nextVmId, vmId + 1);
    return vmId;
  });
  return { baseVmIds, machineVmIds, nextVmId, issues };
}
