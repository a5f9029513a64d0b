// The rehearsal of the bundled lab in `npm run bench`: the real cdktf-cli, Terraform and providers
// deploying environments/lab.yaml to the Proxmox VE simulator (`npm run rehearse -- lab`), timed.
import * as fs from "fs";
import * as path from "path";
import type { RehearsalResult } from "../rehearsal/rehearsal";
import { rehearse } from "../rehearsal/rehearsal";
import { rehearsalPassed } from "../rehearsal/report";
import { errorMessages } from "../rehearsal/terraform-output";
import { spreadOf } from "./spread";

const PROJECT_ROOT = path.resolve(__dirname, "..");

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The rehearsal's figures as a Markdown table: the whole run, then each step, medians over the runs. */
function rehearsalTable(results: readonly RehearsalResult[]): string {
  const rows: string[] = ["| rehearsal of the bundled lab | wall time: median (min–max) | requests sent |", "| --- | --- | --- |"];
  const total = spreadOf(results.map((result) => result.wallMs));
  const requests = results.map((result) => result.steps.reduce((sum, step) => sum + step.requests.length, 0));
  rows.push(
    `| whole rehearsal (n=${results.length}) | ${seconds(total.median)} (${seconds(total.min)}–${seconds(total.max)}) | ${spreadOf(requests).median} |`,
  );
  results[0].steps.forEach((step, index) => {
    const times = spreadOf(results.map((result) => result.steps[index]?.ms ?? 0));
    const sent = spreadOf(results.map((result) => result.steps[index]?.requests.length ?? 0));
    rows.push(`| ${step.name} | ${seconds(times.median)} (${seconds(times.min)}–${seconds(times.max)}) | ${sent.median} |`);
  });
  return rows.join("\n");
}

/**
 * Rehearses the bundled lab `runs` times and prints the table (or why it was skipped: the
 * rehearsal needs `npm run tools` and Debian's openssh-server).
 */
export async function printRehearsalBench(runs: number, progress: (message: string) => void): Promise<void> {
  if (!fs.existsSync(path.join(PROJECT_ROOT, ".tools", "toolchain.json")) || !fs.existsSync("/usr/sbin/sshd")) {
    console.log("\nRehearsal of the bundled lab: skipped (needs `npm run tools` and openssh-server).");
    return;
  }
  const results: RehearsalResult[] = [];
  for (let run = 1; run <= runs; run++) {
    progress(`rehearsal of the bundled lab, run ${run} of ${runs}`);
    results.push(await rehearse({ projectRoot: PROJECT_ROOT, environmentFile: path.join(PROJECT_ROOT, "environments", "lab.yaml") }));
  }
  console.log(`\nRehearsal of the bundled lab (\`npm run rehearse -- lab\`: real cdktf-cli, Terraform and providers against the Proxmox VE simulator):\n`);
  console.log(rehearsalTable(results));
  const failed = results.find((result) => !rehearsalPassed(result));
  const failedStep = failed?.steps.find((step) => !step.ok);
  if (failed) {
    const reason = failedStep?.run ? errorMessages(failedStep.run.output)[0] : undefined;
    console.log(
      `\nThe rehearsal did not pass${failedStep ? ` (${failedStep.name} failed${reason ? `: ${reason.slice(0, 300)}` : ""})` : ""}; the figures cover the steps it ran.`,
    );
  }
}
