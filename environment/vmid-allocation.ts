import type { ValidationIssue } from "./issues";
import type { EnvironmentSpec } from "./schema";

/** The VMIDs an environment hands out, or the issues of a range too small for them. */
export interface VmIdAllocation {
  /** Base image VMIDs by template key: from the top of the range down, in template key order. */
  readonly baseVmIds: ReadonlyMap<string, number>;
  /** Machine VMIDs by index in `machines`: pinned, or from the bottom of the range up; absent where the range ran out. */
  readonly machineVmIds: readonly (number | undefined)[];
  /** One issue per template or machine the range had no VMID left for. */
  readonly issues: readonly ValidationIssue[];
}

/**
 * Hands out the VMIDs an environment does not pin: base image VMs from the top of `vmids` down (in
 * template key order), then machines from the bottom up (in file order), each skipping every VMID
 * the environment pins and every VMID already handed out, so no two are equal.
 */
export function allocateVmIds(file: string, spec: EnvironmentSpec): VmIdAllocation {
  const { start, end } = spec.vmids;
  const taken = new Set<number>([
    ...Object.values(spec.templates).map((template) => template.vmid),
    ...spec.machines.flatMap((machine) => (machine.vmid === undefined ? [] : [machine.vmid])),
  ]);
  const issues: ValidationIssue[] = [];
  const baseVmIds = new Map<string, number>();
  let next = end;
  for (const key of Object.keys(spec.templates).sort()) {
    while (taken.has(next)) next -= 1;
    if (next < start) {
      issues.push({ file, path: `templates.${key}`, message: `no free VMID left in vmids ${start}-${end} for the base image VM` });
      break;
    }
    baseVmIds.set(key, next);
    taken.add(next);
  }
  next = start;
  const machineVmIds = spec.machines.map((machine, index) => {
    if (machine.vmid !== undefined) return machine.vmid;
    while (taken.has(next)) next += 1;
    if (next > end) {
      issues.push({ file, path: `machines[${index}]`, message: `no free VMID left in vmids ${start}-${end}` });
      return undefined;
    }
    taken.add(next);
    return next;
  });
  return { baseVmIds, machineVmIds, issues };
}
