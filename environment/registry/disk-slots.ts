import type { MachinePlan } from "../model";
import type { RegistryEntry } from "./machine-registry";

/** How a kind of machine names its disks: the boot disk's slot, and the numbered slots of its data disks from the first one. */
interface SlotScheme {
  readonly boot: string;
  readonly prefix: string;
  readonly first: number;
}

/** A VM's disks are SCSI slots (boot `scsi0`, data `scsi1`, ...); a container's are its root file system and mount points (`rootfs`, `mp0`, ...). */
const SLOT_SCHEMES: Readonly<Record<MachinePlan["kind"], SlotScheme>> = {
  vm: { boot: "scsi0", prefix: "scsi", first: 1 },
  container: { boot: "rootfs", prefix: "mp", first: 0 },
};

/** The boot disk's slot of a kind of machine: `scsi0` for a VM, `rootfs` for a container. */
export function bootSlot(kind: MachinePlan["kind"]): string {
  return SLOT_SCHEMES[kind].boot;
}

/** The number of a data disk slot of `scheme` (`scsi2` -> 2, `mp0` -> 0), or undefined for another one. */
function slotNumber(slot: string, scheme: SlotScheme): number | undefined {
  const match = new RegExp(`^${scheme.prefix}(\\d+)$`).exec(slot);
  return match ? Number(match[1]) : undefined;
}

/**
 * The slots of a machine's data disks, by purpose, in the order given: the slot the registry
 * records for a purpose stays with it (a data disk's slot never moves, whatever the order of the
 * persona's disks), and a new purpose takes the slot after the highest one the machine ever had,
 * so a slot freed by a dropped disk is not given to another. Without an entry (a new machine, or a
 * new VM replacing the old one) the disks take `scsi1`, `scsi2`, ... (a container's `mp0`,
 * `mp1`, ...) in order.
 */
export function dataDiskSlots(kind: MachinePlan["kind"], purposes: readonly string[], entry: RegistryEntry | undefined): string[] {
  const scheme = SLOT_SCHEMES[kind];
  const recorded = entry?.dataDisks ?? {};
  let highest = Math.max(scheme.first - 1, ...Object.values(recorded).flatMap((disk) => slotNumber(disk.slot, scheme) ?? []));
  return purposes.map((purpose) => {
    const slot = Object.hasOwn(recorded, purpose) ? recorded[purpose].slot : undefined;
    if (slot !== undefined) return slot;
    highest += 1;
    return `${scheme.prefix}${highest}`;
  });
}
