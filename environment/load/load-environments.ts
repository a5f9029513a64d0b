import * as path from "path";
import type { ComposeStackCatalog } from "../compose-stacks";
import { checkEnvironmentDocument } from "./document";
import type { ValidationIssue } from "../issues";
import { EnvironmentValidationError } from "../issues";
import type { IssueSource } from "./issue-order";
import { sortIssues } from "./issue-order";
import type { EnvironmentModel } from "../model";
import type { PersonaCatalog } from "../persona";
import { resolveEnvironment } from "../resolve";
import { composeStackRules } from "../rules/compose-stacks";
import { checkDocuments, checkModels } from "../rules/fleet-rules";
import { personaCatalogRules } from "../rules/persona-catalog";
import { personaGraphRules, personaSource } from "../rules/persona-graph";
import type { CheckedDocument } from "../rules/rule";
import type { EnvironmentInput } from "../schema";
import { parseYaml } from "./yaml";

/** An environment file's text; the environment is named after the file, without `.yaml` / `.yml`. */
export interface EnvironmentFile {
  /** File name as errors show it, relative and `/`-separated. */
  readonly file: string;
  /** The YAML text. */
  readonly text: string;
}

/** An environment declared in code: the same keys as a file, not parsed from text. */
export interface EnvironmentDeclaration {
  /** Environment name: it names the stacks (an RFC 1123 host label). */
  readonly name: string;
  /** What errors name as its file, e.g. the `.ts` file that declares it. */
  readonly file: string;
  /** The document. */
  readonly document: unknown;
}

/** Where an environment comes from: a file's text or a declaration in code. */
export type EnvironmentSource = EnvironmentFile | EnvironmentDeclaration;

/** What else {@link loadEnvironments} checks the environments against. */
export interface LoadOptions {
  /**
   * The Compose stacks that exist (e.g. `readComposeStacks(projectRoot)`): every stack a machine or
   * an app names, and every `composeStackDirs` folder, is checked against it, and so are an app's
   * settings. @default not checked (the stacks are unknown)
   */
  readonly composeStacks?: ComposeStackCatalog;
}

const ENVIRONMENT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The environment a file defines: its name without directory and extension. */
function environmentName(file: string): string {
  return path.posix.basename(file).replace(/\.ya?ml$/, "");
}

/**
 * Declares an environment in TypeScript (no YAML), typed as the file's keys. It is validated with
 * the same rules and messages as an environment file when it is loaded with {@link loadEnvironments},
 * together with every other environment of the fleet. `source` labels errors.
 */
export function defineEnvironment(name: string, input: EnvironmentInput, options: { readonly source?: string } = {}): EnvironmentDeclaration {
  return { name, file: options.source ?? `environment ${name}`, document: input };
}

/**
 * The one way environments are validated and resolved: from files and declarations alike, loaded
 * together, against the persona catalog they may use. Checks the catalog, each document (YAML
 * syntax, schema, secrets), the rules across documents (names, nodes, addresses, VMID ranges),
 * then resolves each environment and checks the rules across models (VMIDs, capacity, data
 * safety, the app catalogue), and the Compose stacks named against `options.composeStacks` when
 * given. Environments are only resolved when every persona is well-formed (a model built on a
 * broken persona would report nonsense). Returns the models in source order, or throws
 * {@link EnvironmentValidationError} with every issue of the run, sorted by persona, then source
 * (in the order given), then where the path reads in the document.
 */
export function loadEnvironments(sources: readonly EnvironmentSource[], personas: PersonaCatalog, options: LoadOptions = {}): EnvironmentModel[] {
  const brokenPersonas = personaCatalogRules(personas);
  const issues: ValidationIssue[] = [...brokenPersonas, ...(brokenPersonas.length > 0 ? [] : personaGraphRules(personas.personas))];
  const documents = new Map<string, unknown>();
  const names = new Map<string, string>();
  const checked: (CheckedDocument & { readonly name: string })[] = [];
  for (const source of sources) {
    const { file } = source;
    let name: string;
    if ("text" in source) {
      const parsed = parseYaml(file, source.text);
      if (!parsed.ok) {
        issues.push(...parsed.issues);
        continue;
      }
      name = environmentName(file);
      documents.set(file, parsed.document);
    } else {
      name = source.name;
      documents.set(file, source.document);
    }
    if (!ENVIRONMENT_NAME.test(name)) {
      issues.push({ file, path: "", message: `environment name '${name}' must be an RFC 1123 host label (it names the stack)` });
      continue;
    }
    const namesake = names.get(name);
    if (namesake !== undefined) {
      issues.push({ file, path: "", message: `environment name '${name}' is already taken by ${namesake} (it names the stack)` });
      continue;
    }
    names.set(name, file);
    const document = checkEnvironmentDocument(file, documents.get(file));
    if (document.ok) checked.push({ name, file, spec: document.spec });
    else issues.push(...document.issues);
  }
  issues.push(...checkDocuments(checked));
  if (options.composeStacks) issues.push(...composeStackRules(options.composeStacks)(checked));
  const models =
    brokenPersonas.length > 0
      ? []
      : checked.flatMap(({ name, file, spec }) => {
          const resolved = resolveEnvironment(name, file, spec, personas);
          if (resolved.issues) issues.push(...resolved.issues);
          return resolved.model ? [resolved.model] : [];
        });
  issues.push(...checkModels(models));
  if (issues.length === 0) return models;
  const order: IssueSource[] = [
    ...[...personas.personas].map(([key, persona]) => ({ file: personaSource(key), document: persona })),
    ...sources.map(({ file }) => ({ file, document: documents.get(file) })),
  ];
  throw new EnvironmentValidationError(sortIssues(issues, order));
}
