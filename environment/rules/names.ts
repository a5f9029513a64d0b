import { inventoryGroupNames } from "../inventory-groups";
import type { ValidationIssue } from "../issues";
import { constructNameHolder, ENVIRONMENT_STACK_IDS, IMAGES_STACK_IDS, imagesStackName } from "../stack-names";
import type { DocumentRule, Location, ModelRule } from "./rule";
import { referTo } from "./rule";

/** DNS caps a full host name at 253 characters. */
const MAX_FQDN_LENGTH = 253;

/**
 * Machine names are unique across all environments (they are VM names and inventory host names),
 * fit DNS with the domain, and leave the names of the environment stack's own constructs free; a
 * template key leaves those of the images stack free.
 */
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
      const holder = constructNameHolder(machine.name, ENVIRONMENT_STACK_IDS);
      if (holder) issues.push({ file, path, message: `machine name '${machine.name}' is taken by ${holder} in the environment's stack: choose another` });
    });
    for (const key of Object.keys(spec.templates)) {
      const holder = constructNameHolder(key, IMAGES_STACK_IDS);
      if (holder) issues.push({ file, path: `templates.${key}`, message: `template key '${key}' is taken by ${holder} in the images stack: choose another` });
    }
  }
  return issues;
};

/**
 * Environment names name stacks (`<env>` and `<env>-images`, one app): no two environments may
 * give a stack the same name (`lab-images` beside `lab`), and none may take a name every construct
 * scope holds. `environments` come in source order; the later one of a clash is reported.
 */
export function environmentNameRules(environments: readonly { readonly name: string; readonly file: string }[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stacks = new Map<string, { readonly file: string; readonly environment: string }>();
  for (const { name, file } of environments) {
    const holder = constructNameHolder(name, {});
    if (holder) {
      issues.push({ file, path: "", message: `environment name '${name}' is taken by ${holder}: rename the file` });
      continue;
    }
    const own = [name, imagesStackName(name)];
    const clash = own.map((stack) => [stack, stacks.get(stack)] as const).find(([, owner]) => owner !== undefined);
    if (clash) {
      const [stack, owner] = clash;
      issues.push({
        file,
        path: "",
        message: `environment '${name}' needs the stack name '${stack}', which environment '${owner!.environment}' (${owner!.file}) already gives a stack: rename one of the files`,
      });
      continue;
    }
    for (const stack of own) stacks.set(stack, { file, environment: name });
  }
  return issues;
}

/**
 * No machine is named like a group of its environment's inventory (a layer group of its personas
 * such as `apps`, or `all` and `ungrouped`): Ansible would take the host for the group. The groups
 * the inventory makes itself (`persona_*`, `svc_*`, `app_*`) hold a `_`, which no machine name has.
 */
export const inventoryNameRules: ModelRule = (models) =>
  models.flatMap((model) => {
    const { file, machines } = model;
    const groups = new Set(inventoryGroupNames(model));
    return machines.flatMap((machine): ValidationIssue[] =>
      groups.has(machine.name)
        ? [
            {
              file,
              path: `machines[${machine.index}].name`,
              message: `machine name '${machine.name}' is also an inventory group of this environment: Ansible would take the host for the group, choose another`,
            },
          ]
        : [],
    );
  });
