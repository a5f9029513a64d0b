import * as fs from "fs";
import * as path from "path";
import { PersonaCatalog, stockPersonaCatalog } from "../personas/persona-catalog";
import { EnvironmentInput } from "./environment-schema";
import { EnvironmentModel, resolveEnvironment } from "./environment-model";
import { checkEnvironmentDocument, parseYaml } from "./parse-environment";
import { EnvironmentValidationError, ValidationIssue } from "./validation-issue";

/** Where environments come from and which personas they may use. */
export interface LoadOptions {
  /** Personas that `machines[].persona` may name. @default the stock personas */
  readonly personas?: PersonaCatalog;
  /** Directory that file names in errors are relative to. @default the current directory */
  readonly root?: string;
}

const ENVIRONMENT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Validates one environment document and resolves it, collecting issues instead of stopping at the first. */
function loadDocument(name: string, file: string, document: unknown, personas: PersonaCatalog, issues: ValidationIssue[]): EnvironmentModel | undefined {
  if (!ENVIRONMENT_NAME.test(name)) {
    issues.push({ file, path: "", message: `environment name '${name}' must be an RFC 1123 host label (it names the stack)` });
    return undefined;
  }
  const checked = checkEnvironmentDocument(file, document);
  if (!checked.ok) {
    issues.push(...checked.issues);
    return undefined;
  }
  try {
    return resolveEnvironment(name, file, checked.spec, personas);
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/**
 * Loads and validates every `*.yaml` / `*.yml` file of a directory (sorted by name), each one an
 * environment named after its file. Throws {@link EnvironmentValidationError} with all issues of
 * all files together.
 */
export function loadEnvironmentDirectory(directory: string, options: LoadOptions = {}): EnvironmentModel[] {
  const root = options.root ?? process.cwd();
  const personas = options.personas ?? stockPersonaCatalog;
  const label = path.relative(root, directory).split(path.sep).join("/") || ".";
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "environment directory does not exist" }]);
  }
  const files = fs
    .readdirSync(directory)
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort();
  if (files.length === 0) {
    throw new EnvironmentValidationError([{ file: label, path: "", message: "holds no environment (*.yaml) files" }]);
  }
  const issues: ValidationIssue[] = [];
  const models = files.flatMap((entry) => {
    const file = `${label === "." ? "" : `${label}/`}${entry}`;
    const parsed = parseYaml(file, fs.readFileSync(path.join(directory, entry), "utf8"));
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      return [];
    }
    const model = loadDocument(entry.replace(/\.ya?ml$/, ""), file, parsed.document, personas, issues);
    return model ? [model] : [];
  });
  if (issues.length > 0) throw new EnvironmentValidationError(issues);
  return models;
}

/**
 * Validates an environment written in TypeScript (no YAML) with the same rules and messages as
 * environment files. `source` labels errors (e.g. the `.ts` file that declares it).
 */
export function defineEnvironment(name: string, input: EnvironmentInput, options: { personas?: PersonaCatalog; source?: string } = {}): EnvironmentModel {
  const issues: ValidationIssue[] = [];
  const model = loadDocument(name, options.source ?? `environment ${name}`, input, options.personas ?? stockPersonaCatalog, issues);
  if (!model) throw new EnvironmentValidationError(issues);
  return model;
}
