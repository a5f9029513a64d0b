import * as fs from "fs";
import * as path from "path";
import { EnvironmentValidationError } from "../issues";
import type { EnvironmentFile } from "./load-environments";

/**
 * Reads every `*.yaml` / `*.yml` file of a directory, sorted by name, each one an environment named
 * after its file; errors name the files relative to `root` (default: the current directory).
 * Throws {@link EnvironmentValidationError} when the directory is missing or holds no environment.
 */
export function readEnvironmentFiles(directory: string, options: { readonly root?: string } = {}): EnvironmentFile[] {
  const label =
    path
      .relative(options.root ?? process.cwd(), directory)
      .split(path.sep)
      .join("/") || ".";
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "environment directory does not exist" }]);
  }
  const entries = fs
    .readdirSync(directory)
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort();
  if (entries.length === 0) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "holds no environment (*.yaml) files" }]);
  }
  return entries.map((entry) => ({
    file: label === "." ? entry : `${label}/${entry}`,
    text: fs.readFileSync(path.join(directory, entry), "utf8"),
  }));
}
