import type { ComposeStack, ComposeStackCatalog } from "../compose-stacks";
import { portEnvName, STOCK_STACKS_FOLDER } from "../compose-stacks";
import { didYouMean } from "../did-you-mean";
import type { ValidationIssue } from "../issues";
import type { DocumentRule } from "./rule";

/** "'x' (did you mean 'y'?) (known: a, b)" for a name that is not among `known`. */
function unknown(name: string, known: readonly string[]): string {
  return `'${name}'${didYouMean(name, known)} (known: ${known.join(", ") || "none"})`;
}

/**
 * Every stack an environment names exists, against `catalog`: each folder of `composeStackDirs`,
 * each machine's `composeStacks` and each app's `stack` (a folder of `ansible/compose/` or, after
 * it, of `composeStackDirs`: the first that has the stack wins, as in Ansible); an app's stack
 * publishes its port as `<STACK>_PORT`, and an app's `env` names settings the stack has.
 */
export function composeStackRules(catalog: ComposeStackCatalog): DocumentRule {
  return (documents) =>
    documents.flatMap(({ file, spec }): ValidationIssue[] => {
      const issues: ValidationIssue[] = [];
      const stacks = new Map<string, ComposeStack>();
      const add = (found: readonly ComposeStack[]) => found.forEach((stack) => stacks.has(stack.name) || stacks.set(stack.name, stack));
      add(catalog.stacks);
      (spec.composeStackDirs ?? []).forEach((folder, index) => {
        const found = catalog.stacksIn(folder);
        if (found) add(found);
        else issues.push({ file, path: `composeStackDirs[${index}]`, message: `no folder ${folder} (relative to the project root)` });
      });
      const where = `${STOCK_STACKS_FOLDER}${(spec.composeStackDirs ?? []).length > 0 ? " or composeStackDirs" : ""}`;
      const known = [...stacks.keys()].sort();
      spec.machines.forEach((machine, index) =>
        (machine.composeStacks ?? []).forEach((name, stackIndex) => {
          if (!stacks.has(name))
            issues.push({ file, path: `machines[${index}].composeStacks[${stackIndex}]`, message: `no Compose stack ${unknown(name, known)} in ${where}` });
        }),
      );
      (spec.apps ?? []).forEach((app, index) => {
        const stack = stacks.get(app.stack);
        if (!stack) {
          issues.push({ file, path: `apps[${index}].stack`, message: `no Compose stack ${unknown(app.stack, known)} in ${where}` });
          return;
        }
        const port = portEnvName(stack.name);
        if (!stack.envNames.includes(port))
          issues.push({
            file,
            path: `apps[${index}].stack`,
            message: `stack '${stack.name}' does not publish a port as \${${port}} in its compose.yaml, so apps[${index}].port cannot reach the app`,
          });
        for (const setting of Object.keys(app.env ?? {})) {
          if (setting !== port && !stack.envNames.includes(setting))
            issues.push({
              file,
              path: `apps[${index}].env.${setting}`,
              message: `stack '${stack.name}' has no setting ${unknown(setting, stack.envNames)}: its compose.yaml does not use it and its defaults.env does not set it`,
            });
        }
      });
      return issues;
    });
}
