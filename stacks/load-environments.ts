import * as fs from "fs";
import * as path from "path";
import { PersonaCatalog, stockPersonaCatalog } from "../personas/persona-catalog";
import { EnvironmentInput } from "./environment-schema";
import { EnvironmentModel, planEnvironment } from "./environment-model";
import { checkEnvironmentDocument, parseYaml } from "./parse-environment";
import { IssueSource, sortIssues } from "./validation/issue-order";
import { personaCatalogRules } from "./validation/persona-catalog-rules";
import { personaGraphRules, personaSource } from "./validation/persona-graph-rules";
import { validateFleet } from "./validation/validate-fleet";
import { EnvironmentValidationError, ValidationIssue } from "./validation-issue";

/** Where environments come from and which personas they may use. */
export interface LoadOptions {
  /** Personas that `machines[].persona` may name. @default the stock personas */
  readonly personas?: PersonaCatalog;
  /** Directory that file names in errors are relative to. @default the current directory */
  readonly root?: string;
}

/** One environment document before validation. */
export interface EnvironmentDocument {
  /** Environment name: it names the stack (an RFC 1123 host label). */
  readonly name: string;
  /** The file (or label) errors name. */
  readonly file: string;
  /** The document as parsed (or written in TypeScript). */
  readonly document: unknown;
}

/** One environment file's text before parsing. */
export interface EnvironmentText {
  /** File name as errors show it; the environment is named after it without `.yaml` / `.yml`. */
  readonly file: string;
  /** The YAML text. */
  readonly text: string;
}

const ENVIRONMENT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The environment a file defines: its name without directory and extension. */
function environmentName(file: string): string {
  return path.posix.basename(file).replace(/\.ya?ml$/, "");
}

/**
 * Validates environments together: the persona catalog, each document (schema, secrets,
 * references), then the fleet rules across all of them. Environments are only resolved when
 * every persona is well-formed (a plan built on a broken persona would report nonsense).
 * Throws {@link EnvironmentValidationError} with every issue of the run (plus `earlier` ones,
 * e.g. YAML syntax errors), sorted by persona, then file (in `files` order), then document order.
 */
function validateAll(
  documents: readonly EnvironmentDocument[],
  personas: PersonaCatalog,
  earlier: { readonly issues: readonly ValidationIssue[]; readonly files: readonly string[] } = { issues: [], files: documents.map(({ file }) => file) },
): EnvironmentModel[] {
  const brokenPersonas = personaCatalogRules(personas);
  const issues: ValidationIssue[] = [...earlier.issues, ...brokenPersonas, ...(brokenPersonas.length > 0 ? [] : personaGraphRules(personas))];
  const names = new Map<string, string>();
  const models = documents.flatMap(({ name, file, document }): EnvironmentModel[] => {
    if (!ENVIRONMENT_NAME.test(name)) {
      issues.push({ file, path: "", message: `environment name '${name}' must be an RFC 1123 host label (it names the stack)` });
      return [];
    }
    const namesake = names.get(name);
    if (namesake !== undefined) {
      issues.push({ file, path: "", message: `environment name '${name}' is already taken by ${namesake} (it names the stack)` });
      return [];
    }
    names.set(name, file);
    const checked = checkEnvironmentDocument(file, document);
    if (!checked.ok) {
      issues.push(...checked.issues);
      return [];
    }
    if (brokenPersonas.length > 0) return [];
    const planned = planEnvironment(name, file, checked.spec, personas);
    issues.push(...planned.issues);
    return [planned.model];
  });
  issues.push(...validateFleet(models));
  if (issues.length === 0) return models;
  const documentsByFile = new Map(documents.map(({ file, document }) => [file, document]));
  const sources: IssueSource[] = [
    ...[...personas].map(([key, persona]) => ({ file: personaSource(key), document: persona })),
    ...earlier.files.map((file) => ({ file, document: documentsByFile.get(file) })),
  ];
  throw new EnvironmentValidationError(sortIssues(issues, sources));
}

/** Validates and resolves environment documents loaded together, with the same rules as files. */
export function loadEnvironmentDocuments(documents: readonly EnvironmentDocument[], options: Pick<LoadOptions, "personas"> = {}): EnvironmentModel[] {
  return validateAll(documents, options.personas ?? stockPersonaCatalog);
}

/**
 * Parses and validates environment files' texts loaded together; a file that is not YAML is
 * reported with the others' issues.
 */
export function loadEnvironmentTexts(texts: readonly EnvironmentText[], options: Pick<LoadOptions, "personas"> = {}): EnvironmentModel[] {
  const syntax: ValidationIssue[] = [];
  const documents = texts.flatMap(({ file, text }): EnvironmentDocument[] => {
    const parsed = parseYaml(file, text);
    if (parsed.ok) return [{ name: environmentName(file), file, document: parsed.document }];
    syntax.push(...parsed.issues);
    return [];
  });
  return validateAll(documents, options.personas ?? stockPersonaCatalog, { issues: syntax, files: texts.map(({ file }) => file) });
}

/**
 * Loads and validates every `*.yaml` / `*.yml` file of a directory (sorted by name), each one an
 * environment named after its file. Throws {@link EnvironmentValidationError} with all issues of
 * all files together.
 */
export function loadEnvironmentDirectory(directory: string, options: LoadOptions = {}): EnvironmentModel[] {
  const root = options.root ?? process.cwd();
  const label = path.relative(root, directory).split(path.sep).join("/") || ".";
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
  const texts = entries.map((entry) => ({
    file: label === "." ? entry : `${label}/${entry}`,
    text: fs.readFileSync(path.join(directory, entry), "utf8"),
  }));
  return loadEnvironmentTexts(texts, options);
}

/**
 * Validates an environment written in TypeScript (no YAML) with the same rules and messages as
 * environment files. `source` labels errors (e.g. the `.ts` file that declares it).
 */
export function defineEnvironment(name: string, input: EnvironmentInput, options: { personas?: PersonaCatalog; source?: string } = {}): EnvironmentModel {
  const [model] = loadEnvironmentDocuments([{ name, file: options.source ?? `environment ${name}`, document: input }], options);
  return model;
}
