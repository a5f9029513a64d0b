import type { ContainerMachinePlan, MachinePlan, RetiringMachinePlan, VmMachinePlan } from "../model";
import type { MachineRegistry, RegistryDisk, RegistryEntry, RegistryTemplate } from "./machine-registry";
import { REGISTRY_VERSION } from "./machine-registry";

/** What a synth changes about a machine the registry records, as the registry rules judge it. */
export type MachineChange =
  /** The machine is no longer in `machines` (removed, or renamed to `renamedTo`). */
  | { readonly kind: "removed"; readonly name: string; readonly entry: RegistryEntry; readonly renamedTo?: MachinePlan }
  /** A stateful machine now plays a stateless persona. */
  | { readonly kind: "becomes-stateless"; readonly plan: MachinePlan; readonly entry: RegistryEntry }
  /** A data disk the registry records is not among the machine's disks any more. */
  | { readonly kind: "lost-data-disk"; readonly plan: MachinePlan; readonly entry: RegistryEntry; readonly purpose: string; readonly disk: RegistryDisk }
  /** A disk would be smaller than the registry records (`purpose` absent: the boot disk). */
  | {
      readonly kind: "shrunk-disk";
      readonly plan: MachinePlan;
      readonly entry: RegistryEntry;
      readonly purpose?: string;
      readonly slot: string;
      readonly fromGiB: number;
      readonly toGiB: number;
    }
  /** The machine's VM would be replaced by a new one: its VMID changes, or `rebuild` re-clones it on a new template. */
  | { readonly kind: "replaced"; readonly plan: MachinePlan; readonly entry: RegistryEntry; readonly cause: ReplacementCause }
  /** The machine moves to another node (its VM migrates). */
  | { readonly kind: "moved"; readonly plan: MachinePlan; readonly entry: RegistryEntry };

/** What one environment's synth does to its registry. */
export interface Reconciliation {
  /** Every change against the registry, in file order, then the removed machines by name. */
  readonly changes: readonly MachineChange[];
  /** The registry after this synth. */
  readonly registry: MachineRegistry;
  /** The machines whose VMs retire, by name. */
  readonly retiring: readonly RetiringMachinePlan[];
  /** Machines of the file left out of the model: their VM retires first, to be replaced afterwards. */
  readonly held: ReadonlySet<string>;
  /** Machines replaced after a retirement, whose `prevent_destroy` stays off while `allowDataLoss` names them. */
  readonly replacing: ReadonlySet<string>;
  /** Names of `retire` whose retirement ends here. */
  readonly retired: ReadonlySet<string>;
}

/** What the registry is reconciled with. */
export interface ReconcileInput {
  /** The resolved machines of the file (VMIDs and disk slots from the registry). */
  readonly plans: readonly MachinePlan[];
  /** The registry before this synth. */
  readonly registry: MachineRegistry;
  /** Names in `allowDataLoss`. */
  readonly allowDataLoss: ReadonlySet<string>;
  /** Names given to `npm run synth -- --retire`. */
  readonly retire: ReadonlySet<string>;
  /** The allocation's next VMID. */
  readonly nextVmId: number;
  /** Base image VMIDs by template key. */
  readonly baseVmIds: ReadonlyMap<string, number>;
}

/** Why a machine's VM (or container) would be replaced: a new VMID, a VM that becomes a container or the reverse, or a rebuild on another template. */
export type ReplacementCause = "vmid" | "kind" | "rebuild";

/** What the registry records of the template a machine is made from: the golden template's name and VMID, or the LXC template's file. */
export function registryTemplate(plan: Pick<VmMachinePlan, "kind" | "template"> | Pick<ContainerMachinePlan, "kind" | "template">): RegistryTemplate {
  return plan.kind === "vm" ? { name: plan.template.name, vmid: plan.template.vmId } : { file: plan.template.fileName };
}

/** Why a machine's VM would be replaced, if it would (see {@link ReplacementCause}). */
export function replacementCause(
  entry: RegistryEntry,
  plan: { readonly vmId: number; readonly kind: MachinePlan["kind"]; readonly rebuild: boolean; readonly template: RegistryTemplate },
): ReplacementCause | undefined {
  if (plan.vmId !== entry.vmid) return "vmid";
  if ((entry.kind ?? "vm") !== plan.kind) return "kind";
  if (plan.rebuild && JSON.stringify(plan.template) !== JSON.stringify(entry.template)) return "rebuild";
  return undefined;
}

/** Whether a machine's VM refuses a plain destroy (Proxmox protection or `prevent_destroy`). */
function guarded(plan: MachinePlan): boolean {
  return plan.lifecycle.protection || plan.lifecycle.preventDestroy;
}

/** The entry of a machine as resolved now, as a new VM of it would be. */
function entryOf(plan: MachinePlan): RegistryEntry {
  return {
    vmid: plan.vmId,
    node: plan.node,
    persona: plan.persona.name,
    stateful: plan.persona.stateful,
    protected: guarded(plan),
    ...(plan.kind === "container" ? { kind: "container" as const } : {}),
    template: registryTemplate(plan),
    bootDisk: { slot: plan.bootDisk.slot, sizeGiB: plan.bootDisk.sizeGiB },
    dataDisks: Object.fromEntries(plan.dataDisks.map((disk) => [disk.purpose, { slot: disk.slot, sizeGiB: disk.sizeGiB }])),
  };
}

/** The changes of a machine whose VM stays (updated in place), against its entry. */
function inPlaceChanges(plan: MachinePlan, entry: RegistryEntry): MachineChange[] {
  const changes: MachineChange[] = [];
  if (entry.stateful && !plan.persona.stateful) changes.push({ kind: "becomes-stateless", plan, entry });
  const purposes = new Set(plan.dataDisks.map((disk) => disk.purpose));
  for (const [purpose, disk] of Object.entries(entry.dataDisks)) {
    if (!purposes.has(purpose)) changes.push({ kind: "lost-data-disk", plan, entry, purpose, disk });
  }
  if (plan.bootDisk.sizeGiB < entry.bootDisk.sizeGiB) {
    changes.push({ kind: "shrunk-disk", plan, entry, slot: entry.bootDisk.slot, fromGiB: entry.bootDisk.sizeGiB, toGiB: plan.bootDisk.sizeGiB });
  }
  for (const disk of plan.dataDisks) {
    const recorded = Object.hasOwn(entry.dataDisks, disk.purpose) ? entry.dataDisks[disk.purpose] : undefined;
    if (recorded && disk.sizeGiB < recorded.sizeGiB) {
      changes.push({ kind: "shrunk-disk", plan, entry, purpose: disk.purpose, slot: recorded.slot, fromGiB: recorded.sizeGiB, toGiB: disk.sizeGiB });
    }
  }
  if (plan.node !== entry.node) changes.push({ kind: "moved", plan, entry });
  return changes;
}

/** The entry of a VM that stays: what it is now, except the template it was cloned from. */
function updatedEntry(plan: MachinePlan, entry: RegistryEntry, keepReplacing: boolean): RegistryEntry {
  return { ...entryOf(plan), template: entry.template, ...(keepReplacing ? { replacing: true } : {}) };
}

/**
 * Compares the resolved machines with the registry and works out the registry after this synth:
 * new machines are recorded, machines updated in place keep their identity (VMID, disk slots, the
 * template they were cloned from), and a guarded machine (protected or `prevent_destroy`) that is
 * gone or would be replaced retires: it stays in the registry, marked `retiring`, until
 * `npm run synth -- --retire <name>` ends it. An unguarded machine that is gone is dropped, one
 * that is replaced is recorded anew. Whether a change is allowed is for the registry rules.
 */
export function reconcileRegistry(input: ReconcileInput): Reconciliation {
  const { plans, registry, allowDataLoss, retire } = input;
  const changes: MachineChange[] = [];
  const machines: Record<string, RegistryEntry> = {};
  const retiring: RetiringMachinePlan[] = [];
  const held = new Set<string>();
  const replacing = new Set<string>();
  const retired = new Set<string>();
  const startRetiring = (name: string, entry: RegistryEntry, reason: RetiringMachinePlan["reason"]) => {
    const { vmid, node, persona, stateful, kind, template, bootDisk, dataDisks } = entry;
    machines[name] = { vmid, node, persona, stateful, protected: entry.protected, ...(kind ? { kind } : {}), template, bootDisk, dataDisks, retiring: reason };
    retiring.push({ name, vmId: vmid, node, stateful, reason });
  };

  const named = new Set(plans.map((plan) => plan.name));
  const recorded = (name: string) => (Object.hasOwn(registry.machines, name) ? registry.machines[name] : undefined);
  for (const plan of plans) {
    const entry = recorded(plan.name);
    if (!entry) {
      machines[plan.name] = entryOf(plan);
      continue;
    }
    const cause = replacementCause(entry, { ...plan, template: registryTemplate(plan) });
    if (cause === undefined) {
      changes.push(...inPlaceChanges(plan, entry));
      machines[plan.name] = updatedEntry(plan, entry, entry.replacing === true && allowDataLoss.has(plan.name));
      if (machines[plan.name].replacing) replacing.add(plan.name);
      continue;
    }
    changes.push({ kind: "replaced", plan, entry, cause });
    if (entry.protected && !retire.has(plan.name)) {
      held.add(plan.name);
      startRetiring(plan.name, entry, "replaced");
      continue;
    }
    if (entry.protected) retired.add(plan.name);
    const keepsGuardOff = entry.protected && plan.lifecycle.preventDestroy && allowDataLoss.has(plan.name);
    machines[plan.name] = { ...entryOf(plan), ...(keepsGuardOff ? { replacing: true } : {}) };
    if (keepsGuardOff) replacing.add(plan.name);
  }

  const added = plans.filter((plan) => !recorded(plan.name));
  for (const name of Object.keys(registry.machines).sort()) {
    if (named.has(name)) continue;
    const entry = registry.machines[name];
    const sameRole = added.filter((plan) => plan.persona.name === entry.persona);
    changes.push({ kind: "removed", name, entry, ...(sameRole.length === 1 ? { renamedTo: sameRole[0] } : {}) });
    if (entry.protected && !retire.has(name)) startRetiring(name, entry, "removed");
    else if (entry.protected) retired.add(name);
  }

  const baseImages = Object.fromEntries([...input.baseVmIds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    changes,
    registry: { version: REGISTRY_VERSION, nextVmid: input.nextVmId, baseImages, machines },
    retiring: retiring.sort((a, b) => (a.name < b.name ? -1 : 1)),
    held,
    replacing,
    retired,
  };
}
