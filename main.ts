// Composition root: load and validate every environment, then synthesize one stack per environment.
import * as path from "path";
import { loadEnvironmentDirectory } from "./stacks/load-environments";
import { synthesizeEnvironments } from "./stacks/synthesize";
import { EnvironmentValidationError, formatIssue } from "./stacks/validation-issue";

const projectRoot = __dirname;
// HOMELAB_ENVIRONMENTS_DIR synthesizes another directory of environment files instead of the bundled
// ones; it is resolved against, and errors name its files relative to, the current directory.
const customEnvironments = process.env.HOMELAB_ENVIRONMENTS_DIR;
const [environmentsDir, errorRoot] = customEnvironments
  ? [path.resolve(customEnvironments), process.cwd()]
  : [path.join(projectRoot, "environments"), projectRoot];

try {
  const environments = loadEnvironmentDirectory(environmentsDir, { root: errorRoot });
  synthesizeEnvironments(environments, process.env.CDKTF_OUTDIR ?? path.join(projectRoot, "cdktf.out"));
} catch (error) {
  if (!(error instanceof EnvironmentValidationError)) throw error;
  for (const issue of error.issues) console.error(formatIssue(issue));
  console.error(`${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} found; nothing was synthesized.`);
  process.exitCode = 1;
}
