import type { ValidationIssue } from "../issues";
import type { MachineRegistry } from "../registry/machine-registry";
import { machineRegistrySchema } from "../registry/machine-registry";
import { checkAgainstSchema } from "../schema-check";
import { checkEnvironmentText } from "./decode-text";
import { locateIssue } from "./issue-order";
import { parseYaml } from "./yaml";

/** The committed machine registry of one environment, as text. */
export interface RegistrySource {
  /** The environment it belongs to (its file name without `.yaml`). */
  readonly environment: string;
  /** File name as errors show it, relative and `/`-separated: `environments/lab.lock.yaml`. */
  readonly file: string;
  /** The YAML text. */
  readonly text: string;
}

/** Two machines the registry gives one VMID, or one machine two disks in one slot: a file edited by hand. */
function inconsistencies(file: string, registry: MachineRegistry): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const owners = new Map<number, string>(Object.entries(registry.baseImages).map(([key, vmId]) => [vmId, `base image ${key}`]));
  for (const [name, entry] of Object.entries(registry.machines)) {
    const owner = owners.get(entry.vmid);
    if (owner !== undefined) issues.push({ file, path: `machines.${name}.vmid`, message: `VMID ${entry.vmid} is also recorded for ${owner}` });
    owners.set(entry.vmid, `machine ${name}`);
    const slots = new Map<string, string>([[entry.bootDisk.slot, "the boot disk"]]);
    for (const [purpose, disk] of Object.entries(entry.dataDisks)) {
      const taken = slots.get(disk.slot);
      if (taken !== undefined) issues.push({ file, path: `machines.${name}.dataDisks.${purpose}.slot`, message: `${disk.slot} is also recorded for ${taken}` });
      slots.set(disk.slot, `data disk ${purpose}`);
    }
  }
  return issues;
}

/**
 * Parses a registry file: plain text, YAML, the registry schema (strict: unknown keys are errors), and the
 * consistency a registry written by synth always has (one VMID per machine, one disk per slot).
 */
export function parseRegistry(
  source: RegistrySource,
): { readonly registry: MachineRegistry; readonly issues?: undefined } | { readonly registry?: undefined; readonly issues: ValidationIssue[] } {
  const { file } = source;
  const text = checkEnvironmentText(file, source.text);
  if ("issue" in text) return { issues: [text.issue] };
  const parsed = parseYaml(file, text.text);
  if (!parsed.ok) return { issues: parsed.issues };
  if (parsed.document === undefined || parsed.document === null) {
    return { issues: [{ file, path: "", message: "is empty: delete it to start a new registry, or restore it from Git" }] };
  }
  const checked = checkAgainstSchema(file, machineRegistrySchema, parsed.document);
  const located = (issues: readonly ValidationIssue[]) => issues.map((issue) => locateIssue(issue, parsed.positions));
  if (!checked.ok) return { issues: located(checked.issues) };
  const broken = inconsistencies(file, checked.data);
  return broken.length > 0 ? { issues: located(broken) } : { registry: checked.data };
}
