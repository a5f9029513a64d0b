import type { ValidationIssue } from "../issues";
import type { DocumentRule } from "./rule";

/** Node names in `proxmox.nodes` are unique (that every node named is declared is a reference rule: rules/references.ts). */
export const nodeRules: DocumentRule = (documents) =>
  documents.flatMap(({ file, spec }) => {
    const issues: ValidationIssue[] = [];
    const declared: string[] = [];
    spec.proxmox.nodes.forEach((node, index) => {
      if (declared.includes(node.name)) issues.push({ file, path: `proxmox.nodes[${index}].name`, message: `node '${node.name}' is declared twice` });
      declared.push(node.name);
    });
    return issues;
  });
