import type { LoggedRequest } from "../simulator/request-log";
import type { RehearsalResult } from "./rehearsal";
import type { CdktfRun } from "./cdktf-cli";
import { errorMessages, taintedButProtected, taintRecovery } from "./terraform-output";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Calls the simulator refused as Proxmox VE would (400: parameter verification) or could not serve (501). */
export function rejectedRequests(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter((request) => request.status === 400 || request.status === 501 || request.status === 401 || request.status === 403);
}

/** One line per rejected call: method, path, status and PVE's per-parameter messages. */
export function describeRejected(requests: readonly LoggedRequest[]): string[] {
  return rejectedRequests(requests).map((request) => {
    const details = request.errors
      ? Object.entries(request.errors)
          .map(([name, message]) => `${name}: ${message.replace(/\n/g, " ")}`)
          .join("; ")
      : request.error;
    return `${request.method} ${request.path} -> ${request.status} ${details ?? ""}`.trim();
  });
}

/** Requests counted by method, e.g. `GET 250, POST 40, PUT 28`. */
function byMethod(requests: readonly LoggedRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.method, (counts.get(request.method) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([method, count]) => `${method} ${count}`)
    .join(", ");
}

/** What a failed run says went wrong: terraform's errors, else those of the run (the app's, cdktf-cli's). */
export function stepErrors(run: CdktfRun): string[] {
  const terraform = errorMessages(run.terraformOutput);
  return terraform.length > 0 ? terraform : errorMessages(run.output);
}

/** The short report `npm run rehearse` prints. */
export function formatRehearsalReport(result: RehearsalResult): string {
  const lines: string[] = [`Rehearsal of ${result.environment} against the Proxmox VE 9.1 simulator`, ""];
  if (result.rewrites.length > 0) {
    lines.push("Changed in the scratch copy of the environment file (the user's files are not touched):");
    for (const rewrite of result.rewrites) lines.push(`  ${rewrite}`);
    lines.push("");
  }
  lines.push("Steps:");
  const width = Math.max(...result.steps.map((step) => step.name.length));
  result.steps.forEach((step, index) => {
    const created = step.changes.filter((change) => change.action === "created").length;
    const modified = step.changes.filter((change) => change.action === "modified").length;
    const destroyed = step.changes.filter((change) => change.action === "destroyed").length;
    const done = [created && `${created} created`, modified && `${modified} changed`, destroyed && `${destroyed} destroyed`].filter(Boolean).join(", ");
    lines.push(
      `  ${index + 1}. ${step.name.padEnd(width)}  ${step.ok ? "ok    " : "FAILED"}  ${seconds(step.ms).padStart(7)}  ${String(step.requests.length).padStart(
        4,
      )} requests${done ? `  (${done})` : ""}`,
    );
  });
  const failed = result.steps.find((step) => !step.ok);
  if (failed) {
    lines.push("", `${failed.name} failed:`);
    for (const message of failed.run ? stepErrors(failed.run) : ["see the step above"]) lines.push(`  ${message}`);
    const stack = failed.run?.args[1] ?? result.environment;
    for (const line of taintRecovery(stack, taintedButProtected(failed.run?.terraformOutput ?? ""))) lines.push(`  ${line}`);
  }
  const created = result.steps.flatMap((step) => step.changes.filter((change) => change.action === "created"));
  if (created.length > 0) {
    lines.push("", "Created, in order:");
    const stackWidth = Math.max(...created.map((change) => change.stack.length));
    const addressWidth = Math.max(...created.map((change) => change.address.length));
    for (const change of created) lines.push(`  ${change.stack.padEnd(stackWidth)}  ${change.address.padEnd(addressWidth)}  ${change.id ?? ""}`.trimEnd());
  }
  if (result.templates.length > 0) {
    lines.push("", "Golden templates (Packer stand-in):");
    for (const template of result.templates)
      lines.push(`  ${template.name} (VMID ${template.vmId}) on ${template.node}, cloned from base VM ${template.baseVmId}`);
  }
  const requests = result.steps.flatMap((step) => step.requests);
  const rejected = describeRejected(requests);
  lines.push("", `Requests: ${requests.length} (${byMethod(requests)}); refused by the API schema, a permission check or not implemented: ${rejected.length}`);
  for (const line of rejected) lines.push(`  ${line}`);
  const deployedAll = result.steps.filter((step) => step.name.startsWith("cdktf diff")).length === 2;
  lines.push(
    deployedAll
      ? `Second plan: ${result.environment}-images ${result.secondPlansEmpty.images ? "empty" : "NOT EMPTY"}, ${result.environment} ${
          result.secondPlansEmpty.environment ? "empty" : "NOT EMPTY"
        }`
      : "Second plan: not reached",
  );
  lines.push(`Wall time: ${seconds(result.wallMs)}`);
  return `${lines.join("\n")}\n`;
}

/** Whether a rehearsal passed: every step ok, nothing refused, both second plans empty. */
export function rehearsalPassed(result: RehearsalResult): boolean {
  const requests = result.steps.flatMap((step) => step.requests);
  return (
    result.steps.every((step) => step.ok) && rejectedRequests(requests).length === 0 && result.secondPlansEmpty.images && result.secondPlansEmpty.environment
  );
}
