import type { ValidationIssue } from "../issues";
import type { DocumentRule, Location } from "./rule";
import { referTo } from "./rule";

/** DNS caps a full host name at 253 characters. */
const MAX_FQDN_LENGTH = 253;

/** Machine names are unique across all environments (they are VM names and inventory host names), and fit DNS with the domain. */
export const nameRules: DocumentRule = (documents) => {
  const issues: ValidationIssue[] = [];
  const owners = new Map<string, Location>();
  for (const { file, spec } of documents) {
    spec.machines.forEach((machine, index) => {
      const path = `machines[${index}].name`;
      const owner = owners.get(machine.name);
      if (owner)
        issues.push({
          file,
          path,
          message: `machine name '${machine.name}' is already taken ${referTo(file, owner)}: names are unique across all environments`,
        });
      else owners.set(machine.name, { file, path });
      const fqdn = `${machine.name}.${spec.network.domain}`;
      if (fqdn.length > MAX_FQDN_LENGTH)
        issues.push({ file, path, message: `host name ${fqdn} is ${fqdn.length} characters, more than the ${MAX_FQDN_LENGTH} DNS allows` });
    });
  }
  return issues;
};
