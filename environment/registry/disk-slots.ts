import type { RegistryEntry } from "./machine-registry";

/** The boot disk's slot, for every machine. */
export const BOOT_SLOT = "scsi0";

/** The index of a `scsi<n>` slot, or -1 for another bus. */
function scsiIndex(slot: string): number {
  const match = /^scsi(\d+)$/.exec(slot);
  return match ? Number(match[1]) : -1;
}

/**
 * The slots of a machine's data disks, by purpose, in the order given: the slot the registry
 * records for a purpose stays with it (a data disk's slot never moves, whatever the order of the
 * persona's disks), and a new purpose takes the slot after the highest one the machine ever had,
 * so a slot freed by a dropped disk is not given to another. Without an entry (a new machine, or a
 * new VM replacing the old one) the disks take `scsi1`, `scsi2`, ... in order.
 */
export function dataDiskSlots(purposes: readonly string[], entry: RegistryEntry | undefined): string[] {
  const recorded = entry?.dataDisks ?? {};
  let highest = Math.max(0, ...Object.values(recorded).map((disk) => scsiIndex(disk.slot)));
  return purposes.map((purpose) => {
    const slot = Object.hasOwn(recorded, purpose) ? recorded[purpose].slot : undefined;
    if (slot !== undefined) return slot;
    highest += 1;
    return `scsi${highest}`;
  });
}
