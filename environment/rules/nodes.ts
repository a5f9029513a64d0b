import { didYouMean } from "../did-you-mean";
import type { ValidationIssue } from "../issues";
import type { DocumentRule } from "./rule";

/** Node names in `proxmox.nodes` are unique, and every node a machine or template names is declared there. */
export const nodeRules: DocumentRule = (documents) =>
  documents.flatMap(({ file, spec }) => {
    const issues: ValidationIssue[] = [];
    const declared: string[] = [];
    spec.proxmox.nodes.forEach((node, index) => {
      if (declared.includes(node.name)) issues.push({ file, path: `proxmox.nodes[${index}].name`, message: `node '${node.name}' is declared twice` });
      declared.push(node.name);
    });
    const check = (node: string | undefined, path: string): void => {
      if (node !== undefined && !declared.includes(node)) {
        issues.push({ file, path, message: `node '${node}' is not declared in proxmox.nodes${didYouMean(node, declared)} (declared: ${declared.join(", ")})` });
      }
    };
    for (const [key, template] of Object.entries(spec.templates)) check(template.node, `templates.${key}.node`);
    spec.machines.forEach((machine, index) => check(machine.node, `machines[${index}].node`));
    return issues;
  });
