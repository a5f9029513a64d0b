// Composition root: load and validate every environment, then synthesize two stacks per environment.
import * as path from "path";
import { EnvironmentValidationError, formatIssue } from "./environment/issues";
import { readComposeStacks } from "./environment/load/compose-stacks";
import { loadEnvironments } from "./environment/load/load-environments";
import type { EnvironmentModel } from "./environment/model";
import { readEnvironmentFiles } from "./environment/load/read-files";
import { stockPersonaCatalog } from "./personas/catalog";
import { synthesizeEnvironments } from "./synth/synthesize";

/**
 * The environments of a directory (default: the bundled `<projectRoot>/environments`), loaded with
 * the stock personas and checked against the project's Compose stacks; errors name the files
 * relative to `root` (default: the project root).
 */
export function loadProjectEnvironments(projectRoot: string, directory = path.join(projectRoot, "environments"), root = projectRoot): EnvironmentModel[] {
  return loadEnvironments(readEnvironmentFiles(directory, { root }), stockPersonaCatalog, { composeStacks: readComposeStacks(projectRoot) });
}

/**
 * The environments of `<projectRoot>/environments`, or of the directory `HOMELAB_ENVIRONMENTS_DIR`
 * names instead (resolved against, and its files named relative to, the current directory).
 */
export function loadSelectedEnvironments(projectRoot: string): EnvironmentModel[] {
  const customEnvironments = process.env.HOMELAB_ENVIRONMENTS_DIR;
  return customEnvironments ? loadProjectEnvironments(projectRoot, path.resolve(customEnvironments), process.cwd()) : loadProjectEnvironments(projectRoot);
}

/**
 * Synthesizes the {@link loadSelectedEnvironments} into `CDKTF_OUTDIR` (default
 * `<projectRoot>/cdktf.out`). Invalid environments are printed one issue a line, nothing is
 * written, and the exit code is 1.
 */
export function main(projectRoot: string): void {
  try {
    synthesizeEnvironments(loadSelectedEnvironments(projectRoot), process.env.CDKTF_OUTDIR ?? path.join(projectRoot, "cdktf.out"));
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    console.error(`${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} found; nothing was synthesized.`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(__dirname);
