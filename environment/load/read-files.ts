import * as fs from "fs";
import * as path from "path";
import { EnvironmentValidationError } from "../issues";
import type { EnvironmentFile } from "./load-environments";
import type { RegistrySource } from "./registry-file";

/** A machine registry file beside the environment files: `<env>.lock.yaml`. */
const REGISTRY_FILE = /^(.+)\.lock\.yaml$/;

/** How files of `directory` are named in errors: relative to `root`, `/`-separated. */
function directoryLabel(directory: string, root: string | undefined): string {
  return (
    path
      .relative(root ?? process.cwd(), directory)
      .split(path.sep)
      .join("/") || "."
  );
}

/** `<label>/<entry>`, or the entry alone for the current directory. */
function labelled(label: string, entry: string): string {
  return label === "." ? entry : `${label}/${entry}`;
}

/**
 * Reads every `*.yaml` / `*.yml` file of a directory (machine registries, `*.lock.yaml`, aside),
 * sorted by name, each one an environment named after its file; errors name the files relative
 * to `root` (default: the current directory). Throws {@link EnvironmentValidationError} when the
 * directory is missing or holds no environment.
 */
export function readEnvironmentFiles(directory: string, options: { readonly root?: string } = {}): EnvironmentFile[] {
  const label = directoryLabel(directory, options.root);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "environment directory does not exist" }]);
  }
  const entries = fs
    .readdirSync(directory)
    .filter((entry) => /\.ya?ml$/.test(entry) && !REGISTRY_FILE.test(entry))
    .sort();
  if (entries.length === 0) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "holds no environment (*.yaml) files" }]);
  }
  return entries.map((entry) => ({ file: labelled(label, entry), text: fs.readFileSync(path.join(directory, entry), "utf8") }));
}

/** Reads the machine registries of a directory (`<env>.lock.yaml`), sorted by name; named as {@link readEnvironmentFiles} names files. */
export function readRegistryFiles(directory: string, options: { readonly root?: string } = {}): RegistrySource[] {
  const label = directoryLabel(directory, options.root);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) return [];
  return fs
    .readdirSync(directory)
    .sort()
    .flatMap((entry) => {
      const match = REGISTRY_FILE.exec(entry);
      return match ? [{ environment: match[1], file: labelled(label, entry), text: fs.readFileSync(path.join(directory, entry), "utf8") }] : [];
    });
}
