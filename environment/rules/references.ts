import { didYouMean } from "../did-you-mean";
import type { ValidationIssue } from "../issues";
import type { PersonaCatalog } from "../persona";

/** A plain mapping of a document as parsed, or undefined. */
function mapping(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A list of a document as parsed, or empty. */
function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string of a document as parsed, or undefined. */
function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Everything an environment names that must exist: each machine's persona (in the catalog) and
 * the template that persona clones (in `templates`), the nodes machines and templates name (in
 * `proxmox.nodes`), and the machines `rebuild` names (VMs: a container does not follow its template). (A name in `allowDataLoss` may also be a
 * machine that is only in the registry, one being retired; one in neither is a warning of the
 * registry notices, since it can never let data go.) Read from the document as parsed, not
 * as the schema accepts it, so these problems are reported in the same run as schema problems;
 * a reference whose target list is itself malformed is not judged.
 */
export function referenceRules(file: string, document: unknown, catalog: PersonaCatalog): ValidationIssue[] {
  const root = mapping(document);
  if (!root) return [];
  const issues: ValidationIssue[] = [];
  const machines = list(root.machines).map((machine) => mapping(machine) ?? {});
  const templates = mapping(root.templates);
  const containerTemplates = mapping(root.containerTemplates);
  const nodeEntries = mapping(root.proxmox)?.nodes;
  const declaredNodes = Array.isArray(nodeEntries) ? nodeEntries.flatMap((node) => text(mapping(node)?.name) ?? []) : undefined;

  const known = [...catalog.personas.keys()].sort();
  machines.forEach((machine, index) => {
    const name = text(machine.persona);
    if (name === undefined) return;
    const persona = catalog.personas.get(name);
    if (!persona) {
      issues.push({ file, path: `machines[${index}].persona`, message: `unknown persona '${name}'${didYouMean(name, known)} (known: ${known.join(", ")})` });
    } else if (persona.container) {
      if (!Object.hasOwn(containerTemplates ?? {}, persona.template)) {
        issues.push({
          file,
          path: `machines[${index}].persona`,
          message: `persona '${persona.name}' runs as an LXC container from template '${persona.template}', which containerTemplates does not declare`,
        });
      }
    } else if (templates && !Object.hasOwn(templates, persona.template)) {
      issues.push({
        file,
        path: `machines[${index}].persona`,
        message: `persona '${persona.name}' needs template '${persona.template}', which templates does not declare`,
      });
    }
  });

  if (declaredNodes) {
    const check = (node: string | undefined, path: string): void => {
      if (node !== undefined && !declaredNodes.includes(node)) {
        issues.push({
          file,
          path,
          message: `node '${node}' is not declared in proxmox.nodes${didYouMean(node, declaredNodes)} (declared: ${declaredNodes.join(", ")})`,
        });
      }
    };
    for (const [key, template] of Object.entries(templates ?? {})) check(text(mapping(template)?.node), `templates.${key}.node`);
    machines.forEach((machine, index) => check(text(machine.node), `machines[${index}].node`));
  }

  const machineNames = machines.flatMap((machine) => text(machine.name) ?? []);
  list(root.rebuild).forEach((entry, index) => {
    const name = text(entry);
    if (name !== undefined && !machineNames.includes(name)) {
      issues.push({ file, path: `rebuild[${index}]`, message: `no machine named '${name}' in this environment${didYouMean(name, machineNames)}` });
      return;
    }
    const persona = catalog.personas.get(text(machines.find((machine) => text(machine.name) === name)?.persona) ?? "");
    if (persona?.container) {
      issues.push({
        file,
        path: `rebuild[${index}]`,
        message: `'${name}' is an LXC container, which keeps the template it was created from (rebuild re-clones VMs): remove it from rebuild`,
      });
    }
  });
  return issues;
}
