import type { ValidationIssue } from "../issues";
import type { MachinePlan } from "../model";
import { SIZE_NAMES, SIZES } from "../sizes";
import type { RegistryEntry } from "./machine-registry";
import type { MachineChange } from "./reconcile";

/** Where the issues of one environment's registry changes point, and what the environment allows. */
export interface RegistryRuleContext {
  /** The environment file. */
  readonly file: string;
  /** Its registry file. */
  readonly registryFile: string;
  /** Names in `allowDataLoss`. */
  readonly allowDataLoss: ReadonlySet<string>;
  /** The path of each name in `rebuild`, e.g. `rebuild[0]`. */
  readonly rebuildPaths: ReadonlyMap<string, string>;
  /** Indexes of the machines whose `size` is written in the file. */
  readonly sizeWritten: ReadonlySet<number>;
}

/** One registry rule: the issue a change raises, if it raises one. */
export type RegistryRule = (change: MachineChange, context: RegistryRuleContext) => ValidationIssue | undefined;

/** `scsi1 ca-data (8 GiB)`, ...: the data disks the registry records for a machine, by slot. */
function describeDataDisks(entry: RegistryEntry): string[] {
  return Object.entries(entry.dataDisks)
    .sort(([, a], [, b]) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0))
    .map(([purpose, disk]) => `${disk.slot} ${purpose} (${disk.sizeGiB} GiB)`);
}

/** `scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB)`: every disk the registry records for a machine, by slot. */
export function describeDisks(entry: RegistryEntry): string {
  return [`${entry.bootDisk.slot} (boot, ${entry.bootDisk.sizeGiB} GiB)`, ...describeDataDisks(entry)].join(", ");
}

/** How a data-losing change is allowed, worded the same everywhere. */
function allowIt(name: string, what = "allow it"): string {
  return `list '${name}' in allowDataLoss to ${what}`;
}

/** A stateful machine that is gone from `machines` (removed or renamed) needs `allowDataLoss`: its VM and disks would be destroyed. */
export const removedStatefulMachine: RegistryRule = (change, { file, registryFile, allowDataLoss }) => {
  if (change.kind !== "removed" || !change.entry.stateful || allowDataLoss.has(change.name)) return undefined;
  const { name, entry, renamedTo } = change;
  if (renamedTo) {
    return {
      file,
      path: `machines[${renamedTo.index}].name`,
      message: `renaming stateful machine '${name}' to '${renamedTo.name}' destroys its VM (VMID ${entry.vmid}) with its disks ${describeDisks(entry)} and creates an empty one: ${allowIt(name)}`,
    };
  }
  return {
    file,
    path: "machines",
    message: `stateful machine '${name}' (${entry.persona}, VMID ${entry.vmid} in ${registryFile}) is gone from machines: removing it destroys its VM with its disks ${describeDisks(entry)}; ${allowIt(name, "retire it")}`,
  };
};

/** A stateful machine that changes to a stateless persona needs `allowDataLoss`: its guards go off and its data disks go away. */
export const statelessPersonaChange: RegistryRule = (change, { file, allowDataLoss }) => {
  if (change.kind !== "becomes-stateless" || allowDataLoss.has(change.plan.name)) return undefined;
  const { plan, entry } = change;
  const dataDisks = describeDataDisks(entry);
  const disks =
    dataDisks.length > 0 ? ` and detaches its data disks ${dataDisks.join(", ")} (Proxmox keeps them as unused disks until the VM is destroyed)` : "";
  return {
    file,
    path: `machines[${plan.index}].persona`,
    message: `changing '${plan.name}' from stateful persona ${entry.persona} to stateless ${plan.persona.name} turns off its protection and prevent_destroy${disks}: ${allowIt(plan.name)}`,
  };
};

/** A stateful machine that would lose a data disk (its new persona has no disk of that purpose) needs `allowDataLoss`. */
export const lostDataDisk: RegistryRule = (change, { file, allowDataLoss }) => {
  if (change.kind !== "lost-data-disk" || !change.entry.stateful || !change.plan.persona.stateful || allowDataLoss.has(change.plan.name)) return undefined;
  const { plan, purpose, disk } = change;
  return {
    file,
    path: `machines[${plan.index}].persona`,
    message: `stateful machine '${plan.name}' would lose data disk ${purpose} (${disk.slot}, ${disk.sizeGiB} GiB): persona ${plan.persona.name} has no such disk, so it is detached (Proxmox keeps it as an unused disk until the VM is destroyed); ${allowIt(plan.name)}`,
  };
};

/** The sizes whose boot disk is at least `sizeGiB`. */
function sizesWithBootDisk(sizeGiB: number): string {
  const fitting = SIZE_NAMES.filter((size) => SIZES[size].bootDiskGiB >= sizeGiB);
  return fitting.length === 0 ? "no size has one" : fitting.length === 1 ? fitting[0] : `${fitting[0]} or larger`;
}

/** A disk never shrinks, on any machine and whatever `allowDataLoss` says: Proxmox cannot shrink a disk (the provider fails half-way). */
export const shrunkDisk: RegistryRule = (change, { file, sizeWritten }) => {
  if (change.kind !== "shrunk-disk") return undefined;
  const { plan, purpose, slot, fromGiB, toGiB } = change;
  if (purpose === undefined) {
    return {
      file,
      path: sizeWritten.has(plan.index) ? `machines[${plan.index}].size` : `machines[${plan.index}].persona`,
      message: `the boot disk (${slot}) of '${plan.name}' would shrink from ${fromGiB} GiB to ${toGiB} GiB (size ${plan.size}): Proxmox disks only grow; keep a size whose boot disk is at least ${fromGiB} GiB (${sizesWithBootDisk(fromGiB)})`,
    };
  }
  return {
    file,
    path: `machines[${plan.index}].persona`,
    message: `data disk ${purpose} (${slot}) of '${plan.name}' would shrink from ${fromGiB} GiB to ${toGiB} GiB (persona ${plan.persona.name}): Proxmox disks only grow; keep it at least ${fromGiB} GiB`,
  };
};

/** A stateful machine whose VM would be replaced (a new VMID, or a rebuild on another template) needs `allowDataLoss`: the new VM starts empty. */
export const replacedStatefulMachine: RegistryRule = (change, { file, allowDataLoss, rebuildPaths }) => {
  if (change.kind !== "replaced" || !change.entry.stateful || allowDataLoss.has(change.plan.name)) return undefined;
  const { plan, entry, cause } = change;
  if (cause === "kind") {
    const [was, becomes] = entry.kind === "container" ? ["LXC container", "VM"] : ["VM", "LXC container"];
    return {
      file,
      path: `machines[${plan.index}].persona`,
      message: `persona ${plan.persona.name} makes stateful machine '${plan.name}' an ${becomes}: its ${was} (VMID ${entry.vmid}) would be destroyed with its disks ${describeDisks(entry)}: ${allowIt(plan.name)}`,
    };
  }
  if (cause === "vmid") {
    return {
      file,
      path: `machines[${plan.index}].vmid`,
      message: `changing the VMID of stateful machine '${plan.name}' from ${entry.vmid} to ${plan.vmId} replaces its VM with an empty one, destroying its disks ${describeDisks(entry)}: ${allowIt(plan.name)}, or drop vmid to keep ${entry.vmid}`,
    };
  }
  // rebuild names VMs only (the references say so of a container), whose registry template is a golden template's
  const [from, to] = [entry.template, registryTemplateName(plan)];
  return {
    file,
    path: rebuildPaths.get(plan.name) ?? `machines[${plan.index}]`,
    message: `rebuilding stateful machine '${plan.name}' on ${to} replaces its VM, cloned from ${"file" in from ? from.file : `${from.name} (${from.vmid})`}, with an empty one, destroying its disks ${describeDisks(entry)}: ${allowIt(plan.name)}`,
  };
};

/** `tmpl-debian-12-v2 (2902)`, or an LXC template's file name. */
function registryTemplateName(plan: MachinePlan): string {
  return plan.kind === "vm" ? `${plan.template.name} (${plan.template.vmId})` : plan.template.fileName;
}

/**
 * A guarded container (protection or `prevent_destroy`) that would go, allowed or not, is refused:
 * a VM retires over two deploys, a container does not yet. Its guards come off first.
 */
export const guardedContainerGoes: RegistryRule = (change, { file, allowDataLoss }) => {
  if ((change.kind !== "removed" && change.kind !== "replaced") || change.entry.kind !== "container" || !change.entry.protected) return undefined;
  const name = change.kind === "removed" ? change.name : change.plan.name;
  if (change.entry.stateful && !allowDataLoss.has(name)) return undefined; // the stateful machine's own rule says what to do
  return {
    file,
    path: change.kind === "removed" ? (change.renamedTo ? `machines[${change.renamedTo.index}].name` : "machines") : `machines[${change.plan.index}]`,
    message: `container '${name}' (VMID ${change.entry.vmid}) is guarded (protection or prevent_destroy), and containers do not retire over two deploys as VMs do: first turn its guards off in its lifecycle and deploy, then remove or replace it`,
  };
};

/** Every registry rule, in the order their issues are gathered. */
export const REGISTRY_RULES: readonly RegistryRule[] = [
  removedStatefulMachine,
  statelessPersonaChange,
  lostDataDisk,
  shrunkDisk,
  replacedStatefulMachine,
  guardedContainerGoes,
];

/** The issues of one environment's changes against its registry. */
export function checkRegistryChanges(changes: readonly MachineChange[], context: RegistryRuleContext): ValidationIssue[] {
  return changes.flatMap((change) => REGISTRY_RULES.flatMap((rule) => rule(change, context) ?? []));
}
