// Composition root: validate the `home` environment, then synthesize its stacks into cdktf.out/.
import { EnvironmentValidationError, formatIssue, synthesizeEnvironments } from "homelab-cdktf";
import { homeEnvironment } from "./home-environment";

try {
  synthesizeEnvironments([homeEnvironment()], process.env.CDKTF_OUTDIR ?? "cdktf.out");
} catch (error) {
  if (!(error instanceof EnvironmentValidationError)) throw error;
  for (const issue of error.issues) console.error(formatIssue(issue));
  process.exitCode = 1;
}
