// Composition root: load and validate every environment, then synthesize one stack per environment.
import * as path from "path";
import { loadEnvironmentDirectory } from "./stacks/load-environments";
import { mayBeWorthSynthesizingInParallel, synthesizeEnvironmentsInParallel } from "./stacks/parallel-synth";
import { EnvironmentValidationError, formatIssue } from "./stacks/validation-issue";

const projectRoot = __dirname;
// HOMELAB_ENVIRONMENTS_DIR synthesizes another directory of environment files instead of the bundled
// ones; it is resolved against, and errors name its files relative to, the current directory.
const customEnvironments = process.env.HOMELAB_ENVIRONMENTS_DIR;
const [environmentsDir, errorRoot] = customEnvironments
  ? [path.resolve(customEnvironments), process.cwd()]
  : [path.join(projectRoot, "environments"), projectRoot];

try {
  // Run through scripts/run-app.js (which names itself in HOMELAB_APP_RUNNER), a large lab is
  // synthesized in two processes, the second one a re-run of this program.
  const runner = process.env.HOMELAB_APP_RUNNER;
  const worker = runner && mayBeWorthSynthesizingInParallel(environmentsDir) ? { command: process.execPath, args: [runner, __filename] } : undefined;
  synthesizeEnvironmentsInParallel(
    () => loadEnvironmentDirectory(environmentsDir, { root: errorRoot }),
    process.env.CDKTF_OUTDIR ?? path.join(projectRoot, "cdktf.out"),
    worker,
  ).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
} catch (error) {
  if (!(error instanceof EnvironmentValidationError)) throw error;
  for (const issue of error.issues) console.error(formatIssue(issue));
  console.error(`${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} found; nothing was synthesized.`);
  process.exitCode = 1;
}
