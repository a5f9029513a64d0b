import * as path from "path";
import * as yaml from "js-yaml";
import type { MachineRegistry, RegistryEntry } from "./machine-registry";

/** An entry with its keys in the order people read them, optional markers last. */
function orderedEntry(entry: RegistryEntry): RegistryEntry {
  const dataDisks = Object.fromEntries(Object.entries(entry.dataDisks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    vmid: entry.vmid,
    node: entry.node,
    persona: entry.persona,
    stateful: entry.stateful,
    protected: entry.protected,
    ...(entry.kind ? { kind: entry.kind } : {}),
    template: "file" in entry.template ? { file: entry.template.file } : { name: entry.template.name, vmid: entry.template.vmid },
    bootDisk: { slot: entry.bootDisk.slot, sizeGiB: entry.bootDisk.sizeGiB },
    dataDisks,
    ...(entry.retiring ? { retiring: entry.retiring } : {}),
    ...(entry.replacing ? { replacing: entry.replacing } : {}),
  };
}

/** Object keys in code-point order (never locale order), so the file is the same on every machine. */
function sortedKeys<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The text of `environments/<env>.lock.yaml`: a header saying what the file is, then the registry
 * with machines and base images sorted by name, so that a change shows as the smallest diff.
 */
export function renderRegistry(registry: MachineRegistry, environment: string, environmentFile: string): string {
  const document = {
    version: registry.version,
    nextVmid: registry.nextVmid,
    baseImages: Object.fromEntries(sortedKeys(registry.baseImages)),
    machines: Object.fromEntries(sortedKeys(registry.machines).map(([name, entry]) => [name, orderedEntry(entry)])),
  };
  const header = [
    // the file's own name only: the text is the same however the directory is reached
    `# Machine registry of environment ${environment}, written by \`npm run synth\` from ${path.posix.basename(environmentFile)} beside it.`,
    "# Commit it with the environment file and review its diff like a package lock: the VMIDs and disk",
    "# slots it records stay with their machines whatever the order of the file. Do not edit it by hand.",
  ];
  return `${header.join("\n")}\n${yaml.dump(document, { lineWidth: -1, noRefs: true, flowLevel: 3 })}`;
}
