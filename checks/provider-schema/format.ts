/** One-line renderings of problems and of a whole check. */
import type { Problem } from "./problem";
import type { SynthCheckResult } from "./synth-output";

/** `<stack>: <address>: <path>: <message>` (the path segment is left out when the problem is about the whole block). */
export function formatProblem(problem: Problem): string {
  const location = problem.path === "" ? problem.address : `${problem.address}: ${problem.path}`;
  return `${problem.stack}: ${location}: ${problem.message}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** E.g. `checked 3 stacks, 12 resources, 1 data source: 0 errors, 1 warning`. */
export function formatSummary(result: SynthCheckResult): string {
  const errors = result.problems.filter((problem) => problem.severity === "error").length;
  const warnings = result.problems.length - errors;
  const checked = [count(result.stacks.length, "stack"), count(result.resources, "resource"), count(result.dataSources, "data source")];
  return `checked ${checked.join(", ")}: ${count(errors, "error")}, ${count(warnings, "warning")}`;
}
