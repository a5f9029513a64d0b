import { didYouMean } from "../did-you-mean";
import type { ValidationIssue } from "../issues";
import type { MachineRegistry } from "./machine-registry";
import type { Reconciliation } from "./reconcile";

/** What the notices of one environment's registry point at. */
export interface RegistryNoticeContext {
  /** The environment file. */
  readonly file: string;
  /** The names of `allowDataLoss`, in file order. */
  readonly allowDataLoss: readonly string[];
  /** The machine names of the file. */
  readonly machineNames: readonly string[];
  /** The registry before this synth. */
  readonly previous: MachineRegistry;
}

/** The command that ends a retirement, as the notices and README write it. */
export function retireCommand(name: string): string {
  return `npm run synth -- --retire ${name}`;
}

/**
 * What a synth tells about its registry besides errors: each retirement under way and what ends
 * it, machines that migrate to another node, machines whose `prevent_destroy` stays off after a
 * replacement, and names in `allowDataLoss` that name nothing any more (a retirement that ended).
 */
export function registryNotices(reconciliation: Reconciliation, context: RegistryNoticeContext): ValidationIssue[] {
  const { file, allowDataLoss } = context;
  const pathOf = (name: string) => {
    const index = allowDataLoss.indexOf(name);
    return index >= 0 ? `allowDataLoss[${index}]` : "machines";
  };
  const notices: ValidationIssue[] = [];
  for (const machine of reconciliation.retiring) {
    const what =
      machine.reason === "removed"
        ? `'${machine.name}' is retiring: the next deploy stops its VM ${machine.vmId} and turns off its protection and prevent_destroy; after that deploy, \`${retireCommand(machine.name)}\` lets the deploy after it destroy the VM with its disks`
        : `'${machine.name}' is retiring to be replaced: the next deploy stops its VM ${machine.vmId} and turns off its protection and prevent_destroy (its new VM waits); after that deploy, \`${retireCommand(machine.name)}\` lets the deploy after it replace the VM`;
    notices.push({ file, path: pathOf(machine.name), message: what });
  }
  for (const name of [...reconciliation.replacing].sort()) {
    notices.push({
      file,
      path: pathOf(name),
      message: `'${name}' is being replaced: its prevent_destroy stays off while allowDataLoss names it; remove it from allowDataLoss once the deploy that replaced it is done`,
    });
  }
  for (const change of reconciliation.changes) {
    if (change.kind !== "moved") continue;
    notices.push({
      file,
      path: `machines[${change.plan.index}].node`,
      message: `'${change.plan.name}' moves from ${change.entry.node} to ${change.plan.node}: the next deploy migrates its VM with its local disks (online), nothing is replaced`,
    });
  }
  const known = [...context.machineNames, ...Object.keys(context.previous.machines)];
  allowDataLoss.forEach((name, index) => {
    if (known.includes(name)) return;
    notices.push({
      file,
      path: `allowDataLoss[${index}]`,
      message: `'${name}' names no machine of this environment or its registry (a retirement that ended?): remove it${didYouMean(name, known)}`,
    });
  });
  return notices;
}
