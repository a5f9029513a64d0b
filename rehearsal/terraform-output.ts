/** A resource Terraform created, changed or destroyed, in the order it reported completion. */
export interface AppliedChange {
  readonly stack: string;
  /** Terraform address, e.g. `proxmox_virtual_environment_vm.lab-dns-1`. */
  readonly address: string;
  readonly action: "created" | "modified" | "destroyed";
  /** The resource ID Terraform printed (created and modified resources). */
  readonly id?: string;
  /** Seconds Terraform reported it took. */
  readonly seconds: number;
}

/** Counts of a plan (`Plan: 1 to add, 2 to change, 0 to destroy.`), or zeros for `No changes.`. */
export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

const COMPLETION = /^(\S+)\s+(\S+?)(?: \([^)]*\))?: (Creation|Modifications|Destruction) complete after (\d+)s(?: \[id=([^\]]+)\])?/;

/** The completion lines of a cdktf-cli deploy/destroy, in order (cdktf prefixes each line with the stack). */
export function appliedChanges(output: string): AppliedChange[] {
  const changes: AppliedChange[] = [];
  let stack = "";
  for (const rawLine of output.split("\n")) {
    const prefixed = /^(\S+)\s{2,}(.*)$/.exec(rawLine);
    const line = prefixed && !/^\s/.test(rawLine) ? rawLine : `${stack} ${rawLine.trim()}`;
    const match = COMPLETION.exec(line);
    if (prefixed && !/^\s/.test(rawLine)) stack = prefixed[1];
    if (!match) continue;
    const action = match[3] === "Creation" ? "created" : match[3] === "Modifications" ? "modified" : "destroyed";
    changes.push({ stack: match[1], address: match[2], action, id: match[5], seconds: Number(match[4]) });
  }
  return changes;
}

/** Every plan summary of a cdktf-cli run's output (one per stack planned), in order. */
export function planSummaries(output: string): PlanSummary[] {
  const summaries: PlanSummary[] = [];
  for (const line of output.split("\n")) {
    const plan = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(line);
    if (plan) summaries.push({ add: Number(plan[1]), change: Number(plan[2]), destroy: Number(plan[3]) });
    else if (/No changes\. Your infrastructure matches the configuration/.test(line)) summaries.push({ add: 0, change: 0, destroy: 0 });
  }
  return summaries;
}

/** Whether a plan output says there is nothing to do. */
export function planIsEmpty(output: string): boolean {
  const summaries = planSummaries(output);
  return summaries.length > 0 && summaries.every((plan) => plan.add + plan.change + plan.destroy === 0);
}

/** The `Error:` blocks of a failed run (what Terraform and the provider said, or the app's problems when synth failed), one line each, de-duplicated. */
export function errorMessages(output: string): string[] {
  const errors = new Set<string>();
  const lines = output.split("\n").map((line) =>
    line
      // cdktf-cli's stack label (`lab  `), not its own `Error:         non-zero exit code 1`
      .replace(/^(?!Error:)\S+\s{2,}/, "")
      .replace(/^\s*│\s?/, "")
      .trim(),
  );
  for (let index = 0; index < lines.length; index++) {
    const start = /^Error:\s+(.*)$/.exec(lines[index]);
    if (!start) continue;
    const block = [start[1]];
    for (let next = index + 1; next < lines.length && next < index + 40; next++) {
      const text = lines[next];
      if (/^(Error:\s|╵|\d+ Stacks? |Invoking Terraform CLI failed)/.test(text)) break;
      if (text !== "") block.push(text);
    }
    errors.add(block.join(" "));
  }
  return [...errors];
}

/**
 * The resources a plan wants to replace because an earlier apply left them tainted (a VM cloned,
 * then its start or resize failed) while `prevent_destroy` refuses the replacement: a stateful VM
 * that holds no data yet, which only `terraform untaint` brings back (see README).
 */
export function taintedButProtected(output: string): string[] {
  const tainted = [...output.matchAll(/(\S+)(?: \([^)]*\))? is tainted, so must be replaced/g)].map((match) => match[1]);
  const refused = errorMessages(output).filter((message) => /^Instance cannot be destroyed .*lifecycle\.prevent_destroy/.test(message));
  return [...new Set(tainted)].filter((address) => refused.some((message) => message.includes(address))).sort();
}

/** What to do about {@link taintedButProtected} resources of a stack, one line each. */
export function taintRecovery(stack: string, addresses: readonly string[]): string[] {
  if (addresses.length === 0) return [];
  return [
    `${addresses.join(", ")}: created by an apply that failed after the clone (tainted), and prevent_destroy refuses to replace it.`,
    "The VM holds no data yet. Fix what failed (the first error of that deploy), then keep the VM and deploy again:",
    ...addresses.map((address) => `  (cd cdktf.out/stacks/${stack} && terraform untaint '${address}')`),
  ];
}
