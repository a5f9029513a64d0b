import { EnvironmentModel } from "../environment-model";
import { ValidationIssue } from "../validation-issue";
import { FleetRule, Location, referTo } from "./fleet-rule";

/** One VMID an environment uses, where it comes from and what holds it. */
interface VmIdUse extends Location {
  readonly vmId: number;
  /** What holds it, e.g. `machine lab-dns-1`. */
  readonly holder: string;
  /** Whether the VMID was handed out from the range rather than written in the file. */
  readonly allocated: boolean;
}

/**
 * Every VMID of an environment: templates, their base image VMs and machines (pinned or
 * allocated; a machine whose persona did not resolve counts with its pinned VMID). A VMID of 0
 * was never handed out (the range ran out, reported by the model).
 */
function vmIdUses(model: EnvironmentModel): VmIdUse[] {
  const { file, spec } = model;
  const plans = new Map(model.machines.map((machine) => [machine.index, machine]));
  const uses: VmIdUse[] = model.templates.flatMap((template) => [
    { file, path: `templates.${template.key}.vmid`, vmId: template.vmId, holder: `template ${template.key}`, allocated: false },
    { file, path: `templates.${template.key}`, vmId: template.baseVmId, holder: `the base image VM of template ${template.key}`, allocated: true },
  ]);
  spec.machines.forEach((machine, index) => {
    const vmId = plans.get(index)?.vmId ?? machine.vmid ?? 0;
    const allocated = machine.vmid === undefined;
    uses.push({ file, path: allocated ? `machines[${index}]` : `machines[${index}].vmid`, vmId, holder: `machine ${machine.name}`, allocated });
  });
  return uses.filter((use) => use.vmId !== 0);
}

/** Written VMIDs lie inside the environment's range. */
function rangeIssues(model: EnvironmentModel): ValidationIssue[] {
  const { start, end } = model.spec.vmids;
  return vmIdUses(model)
    .filter((use) => !use.allocated && (use.vmId < start || use.vmId > end))
    .map((use) => ({ file: use.file, path: use.path, message: `VMID ${use.vmId} is outside vmids ${start}-${end}` }));
}

/**
 * VMIDs: written ones inside their environment's range; environment ranges do not overlap; no
 * VMID (template, base image VM, machine, pinned or allocated) is used twice in the fleet.
 */
export const vmIdRules: FleetRule = (fleet) => {
  const issues = fleet.flatMap(rangeIssues);
  fleet.forEach(({ file, spec }, index) => {
    for (const other of fleet.slice(0, index)) {
      const { start, end } = other.spec.vmids;
      if (spec.vmids.start <= end && start <= spec.vmids.end) {
        issues.push({ file, path: "vmids", message: `${spec.vmids.start}-${spec.vmids.end} overlaps vmids ${start}-${end} ${referTo(file, { file: other.file, path: "vmids" })}` });
      }
    }
  });
  const owners = new Map<number, VmIdUse>();
  for (const use of fleet.flatMap(vmIdUses)) {
    const owner = owners.get(use.vmId);
    if (!owner) {
      owners.set(use.vmId, use);
      continue;
    }
    const what = use.allocated ? `VMID ${use.vmId} allocated to ${use.holder}` : `VMID ${use.vmId}`;
    issues.push({ file: use.file, path: use.path, message: `${what} is already used by ${owner.holder} ${referTo(use.file, owner)}` });
  }
  return issues;
};
