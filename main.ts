// Composition root: load and validate every environment, then synthesize two stacks per environment.
import * as path from "path";
import { EnvironmentValidationError, formatIssue } from "./environment/issues";
import { loadEnvironments } from "./environment/load/load-environments";
import type { EnvironmentModel } from "./environment/model";
import { readEnvironmentFiles } from "./environment/load/read-files";
import { stockPersonaCatalog } from "./personas/catalog";
import { synthesizeEnvironments } from "./synth/synthesize";

/**
 * The environments of a directory (default: the bundled `<projectRoot>/environments`), loaded with
 * the stock personas; errors name the files relative to `root` (default: the project root).
 */
export function loadProjectEnvironments(projectRoot: string, directory = path.join(projectRoot, "environments"), root = projectRoot): EnvironmentModel[] {
  return loadEnvironments(readEnvironmentFiles(directory, { root }), stockPersonaCatalog);
}

/**
 * Synthesizes the environments of `<projectRoot>/environments` into `CDKTF_OUTDIR` (default
 * `<projectRoot>/cdktf.out`). `HOMELAB_ENVIRONMENTS_DIR` synthesizes another directory instead;
 * it is resolved against, and errors name its files relative to, the current directory. Invalid
 * environments are printed one issue a line, nothing is written, and the exit code is 1.
 */
export function main(projectRoot: string): void {
  const customEnvironments = process.env.HOMELAB_ENVIRONMENTS_DIR;
  try {
    const models = customEnvironments
      ? loadProjectEnvironments(projectRoot, path.resolve(customEnvironments), process.cwd())
      : loadProjectEnvironments(projectRoot);
    synthesizeEnvironments(models, process.env.CDKTF_OUTDIR ?? path.join(projectRoot, "cdktf.out"));
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    console.error(`${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} found; nothing was synthesized.`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(__dirname);
