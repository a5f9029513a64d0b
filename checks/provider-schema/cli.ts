/**
 * `node --import tsx checks/provider-schema/cli.ts [outDir]`: checks every synthesized stack against
 * the vendored bpg/proxmox schema, prints one line per problem and a summary, and exits 1 on any
 * error (warnings alone exit 0) or when there is nothing to check.
 */
import { checkSynthOutput, DEFAULT_OUT_DIR, formatProblem, formatSummary } from "./index";

const USAGE = "usage: node --import tsx checks/provider-schema/cli.ts [outDir] (default: cdktf.out)";

function run(args: readonly string[]): number {
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 1 || args.some((arg) => arg.startsWith("-"))) {
    console.error(USAGE);
    return 1;
  }
  try {
    const result = checkSynthOutput(args[0] ?? DEFAULT_OUT_DIR);
    for (const problem of result.problems) console.log(`${problem.severity}: ${formatProblem(problem)}`);
    console.log(formatSummary(result));
    return result.problems.some((problem) => problem.severity === "error") ? 1 : 0;
  } catch (error) {
    // A missing output directory, an unreadable schema, …: one line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`provider schema check: ${message.split("\n")[0]}`);
    return 1;
  }
}

process.exitCode = run(process.argv.slice(2));
