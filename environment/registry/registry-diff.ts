import type { MachineRegistry } from "./machine-registry";

/** JSON with object keys sorted at every depth: equal values give equal text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
    .join(",")}}`;
}

/**
 * What changes between two registries, in a few words for one line of output: machines added
 * (with their VMID), dropped, starting or ending a retirement, or changed otherwise.
 */
export function describeRegistryChange(previous: MachineRegistry | undefined, next: MachineRegistry): string {
  if (previous === undefined) return `new registry of ${Object.keys(next.machines).length} machine(s)`;
  const words: string[] = [];
  const names = [...new Set([...Object.keys(previous.machines), ...Object.keys(next.machines)])].sort();
  for (const name of names) {
    const before = Object.hasOwn(previous.machines, name) ? previous.machines[name] : undefined;
    const after = Object.hasOwn(next.machines, name) ? next.machines[name] : undefined;
    if (!before && after) words.push(`+${name} (VMID ${after.vmid})`);
    else if (before && !after) words.push(`-${name}`);
    else if (before && after && !before.retiring && after.retiring) words.push(`${name} retiring`);
    else if (canonical(before) !== canonical(after)) words.push(`${name} changed`);
  }
  if (canonical(previous.baseImages) !== canonical(next.baseImages)) words.push("base image VMIDs changed");
  if (words.length === 0 && previous.nextVmid !== next.nextVmid) words.push(`nextVmid ${previous.nextVmid} -> ${next.nextVmid}`);
  return words.length > 0 ? words.join(", ") : "rewritten in the current format";
}
