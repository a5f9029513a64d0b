// Composition root: load and validate every environment, then synthesize one stack per environment.
import * as path from "path";
import { loadEnvironmentDirectory } from "./stacks/load-environments";
import { synthesizeEnvironments } from "./stacks/synthesize";
import { EnvironmentValidationError, formatIssue } from "./stacks/validation-issue";

const projectRoot = __dirname;

try {
  const environments = loadEnvironmentDirectory(path.join(projectRoot, "environments"), { root: projectRoot });
  synthesizeEnvironments(environments, process.env.CDKTF_OUTDIR ?? path.join(projectRoot, "cdktf.out"));
} catch (error) {
  if (!(error instanceof EnvironmentValidationError)) throw error;
  for (const issue of error.issues) console.error(formatIssue(issue));
  console.error(`${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} found; nothing was synthesized.`);
  process.exitCode = 1;
}
