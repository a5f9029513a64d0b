import type { ValidationIssue } from "../issues";
import type { EnvironmentModel } from "../model";
import type { DocumentRule, Location, ModelRule } from "./rule";
import { referTo } from "./rule";

/** VMIDs written in the file lie inside the environment's range, and environment ranges do not overlap. */
export const vmIdRangeRules: DocumentRule = (documents) => {
  const issues: ValidationIssue[] = [];
  documents.forEach(({ file, spec }, index) => {
    const { start, end } = spec.vmids;
    const written = [
      ...Object.entries(spec.templates).map(([key, template]) => ({ path: `templates.${key}.vmid`, vmId: template.vmid })),
      ...spec.machines.flatMap((machine, machineIndex) => (machine.vmid === undefined ? [] : [{ path: `machines[${machineIndex}].vmid`, vmId: machine.vmid }])),
    ];
    for (const { path, vmId } of written) {
      if (vmId < start || vmId > end) issues.push({ file, path, message: `VMID ${vmId} is outside vmids ${start}-${end}` });
    }
    for (const other of documents.slice(0, index)) {
      const range = other.spec.vmids;
      if (start <= range.end && range.start <= end) {
        issues.push({
          file,
          path: "vmids",
          message: `${start}-${end} overlaps vmids ${range.start}-${range.end} ${referTo(file, { file: other.file, path: "vmids" })}`,
        });
      }
    }
  });
  return issues;
};

/** One VMID an environment uses, where it comes from and what holds it. */
interface VmIdUse extends Location {
  readonly vmId: number;
  /** What holds it, e.g. `machine lab-dns-1`. */
  readonly holder: string;
  /** Whether the VMID was handed out from the range rather than written in the file. */
  readonly allocated: boolean;
}

/** Every VMID of an environment: templates, their base image VMs, retiring machines and machines, pinned or allocated. */
function vmIdUses({ file, templates, machines, retiring }: EnvironmentModel): VmIdUse[] {
  return [
    ...templates.flatMap((template) => [
      { file, path: `templates.${template.key}.vmid`, vmId: template.vmId, holder: `template ${template.key}`, allocated: false },
      { file, path: `templates.${template.key}`, vmId: template.baseVmId, holder: `the base image VM of template ${template.key}`, allocated: true },
    ]),
    ...retiring.map((machine) => ({ file, path: "machines", vmId: machine.vmId, holder: `retiring machine ${machine.name}`, allocated: true })),
    ...machines.map((machine) => ({
      file,
      path: machine.vmIdPinned ? `machines[${machine.index}].vmid` : `machines[${machine.index}]`,
      vmId: machine.vmId,
      holder: `machine ${machine.name}`,
      allocated: !machine.vmIdPinned,
    })),
  ];
}

/** No VMID (template, base image VM, machine, pinned or allocated) is used twice in the fleet. */
export const vmIdUniquenessRules: ModelRule = (models) => {
  const issues: ValidationIssue[] = [];
  const owners = new Map<number, VmIdUse>();
  for (const use of models.flatMap(vmIdUses)) {
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
