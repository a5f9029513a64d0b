import * as fs from "fs";
import * as path from "path";
import type { ValidationIssue } from "../issues";
import { EnvironmentValidationError } from "../issues";
import { decodeEnvironmentText } from "./decode-text";
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

/** The largest environment file read (a real one is a few KiB). */
export const MAX_ENVIRONMENT_FILE_BYTES = 1024 * 1024;

/** Opens without following a symbolic link and without waiting for a writer (a FIFO opens at once, then is refused as not a regular file). */
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/** What a directory entry is, when it is not a regular file. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isSymbolicLink()) return "a symbolic link";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** `1.25 MiB`, `1 MiB`. */
function mebibytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB`;
}

/**
 * The text of one environment file or machine registry, read exactly once through one descriptor:
 * a regular file (a symbolic link is not followed, a FIFO is not waited on), at most
 * {@link MAX_ENVIRONMENT_FILE_BYTES}, UTF-8 without control characters; otherwise the one issue
 * that says why, naming nothing of the content.
 */
function readEnvironmentFile(file: string, location: string): { readonly text: string } | { readonly issue: ValidationIssue } {
  const refuse = (message: string) => ({ issue: { file, path: "", message } });
  let descriptor: number;
  try {
    descriptor = fs.openSync(location, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return refuse("is a symbolic link: environment files and registries must be regular files (links are not followed)");
    return refuse(`cannot be opened (${code ?? "error"})`);
  }
  try {
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) return refuse(`is ${kindOf(stat)}, not a regular file: environment files and registries must be regular files`);
    if (stat.size > MAX_ENVIRONMENT_FILE_BYTES) {
      return refuse(`is ${mebibytes(stat.size)}, more than the ${mebibytes(MAX_ENVIRONMENT_FILE_BYTES)} an environment file may have`);
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    for (let chunk = -1; read < bytes.length && chunk !== 0; read += chunk) chunk = fs.readSync(descriptor, bytes, read, bytes.length - read, null);
    return decodeEnvironmentText(file, bytes.subarray(0, read));
  } catch (error) {
    return refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * The files of `directory` that `entries` picks, each read once ({@link readEnvironmentFile}) and
 * named relative to `root`; throws {@link EnvironmentValidationError} with an issue for each one
 * that cannot be read.
 */
function readEach<T>(directory: string, label: string, entries: readonly string[], make: (entry: string, file: string, text: string) => T): T[] {
  const issues: ValidationIssue[] = [];
  const files = entries.flatMap((entry) => {
    const file = labelled(label, entry);
    const read = readEnvironmentFile(file, path.join(directory, entry));
    if ("issue" in read) {
      issues.push(read.issue);
      return [];
    }
    return [make(entry, file, read.text)];
  });
  if (issues.length > 0) throw new EnvironmentValidationError(issues);
  return files;
}

/** The entries of `directory` that are not hidden (`.#lab.yaml` is an editor's lock), sorted by name. */
function visibleEntries(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((entry) => !entry.startsWith("."))
    .sort();
}

/**
 * Reads every `*.yaml` / `*.yml` file of a directory (machine registries, `*.lock.yaml`, aside),
 * sorted by name, each one an environment named after its file; errors name the files relative
 * to `root` (default: the current directory). Hidden entries (`.#lab.yaml`, an editor's lock) are
 * skipped. Each file is read once; one that is not a regular file, is too large or is not plain
 * UTF-8 text is an issue. Throws {@link EnvironmentValidationError} with those issues, or when the
 * directory is missing or holds no environment.
 */
export function readEnvironmentFiles(directory: string, options: { readonly root?: string } = {}): EnvironmentFile[] {
  const label = directoryLabel(directory, options.root);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "environment directory does not exist" }]);
  }
  const entries = visibleEntries(directory).filter((entry) => /\.ya?ml$/.test(entry) && !REGISTRY_FILE.test(entry));
  if (entries.length === 0) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "holds no environment (*.yaml) files" }]);
  }
  return readEach(directory, label, entries, (_entry, file, text) => ({ file, text }));
}

/** Reads the machine registries of a directory (`<env>.lock.yaml`), sorted by name, each read as {@link readEnvironmentFiles} reads files and named as it names them. */
export function readRegistryFiles(directory: string, options: { readonly root?: string } = {}): RegistrySource[] {
  const label = directoryLabel(directory, options.root);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) return [];
  const entries = visibleEntries(directory).filter((entry) => REGISTRY_FILE.test(entry));
  return readEach(directory, label, entries, (entry, file, text) => ({ environment: REGISTRY_FILE.exec(entry)![1], file, text }));
}
