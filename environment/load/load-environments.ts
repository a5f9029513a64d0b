import * as path from "path";
import type { ComposeStackCatalog } from "../compose-stacks";
import { checkEnvironmentDocument } from "./document";
import type { ValidationIssue } from "../issues";
import { EnvironmentValidationError } from "../issues";
import type { IssueSource } from "./issue-order";
import { sortIssues } from "./issue-order";
import type { EnvironmentModel } from "../model";
import type { PersonaCatalog } from "../persona";
import type { MachineRegistry } from "../registry/machine-registry";
import { retireCommand } from "../registry/registry-notices";
import type { RegistryHistory } from "../resolve";
import { freshHistory, resolveEnvironment } from "../resolve";
import { composeStackRules } from "../rules/compose-stacks";
import { checkDocuments, checkModels } from "../rules/fleet-rules";
import { imageSourceWarnings } from "../rules/image-sources";
import { environmentNameRules } from "../rules/names";
import { referenceRules } from "../rules/references";
import { personaCatalogRules } from "../rules/persona-catalog";
import { personaGraphRules, personaSource } from "../rules/persona-graph";
import type { CheckedDocument } from "../rules/rule";
import type { EnvironmentInput } from "../schema";
import { checkEnvironmentText } from "./decode-text";
import { locateIssue } from "./issue-order";
import type { RegistrySource } from "./registry-file";
import { parseRegistry } from "./registry-file";
import type { TextPosition } from "./text-position";
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

/** What environments are loaded with besides their sources, and what else they are checked against. */
export interface LoadOptions {
  /**
   * The committed machine registries (`environments/<env>.lock.yaml`), at most one per environment:
   * VMIDs and disk slots come from them, and the registry rules compare the environments with them.
   * @default none: every environment is resolved against an empty registry held in memory, as on its first synth
   */
  readonly registries?: readonly RegistrySource[];
  /**
   * Machines whose retirement ends in this run (`npm run synth -- --retire <name>`): each must be
   * retiring in its environment's registry; it leaves the registry, and the next deploy destroys
   * (or replaces) its VM. @default none
   */
  readonly retire?: readonly string[];
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
 * syntax, schema, secrets) and each registry, the rules across documents (names, nodes, addresses,
 * VMID ranges), the Compose stacks named against `options.composeStacks` when given, then resolves
 * each environment against its registry (the registry rules) and checks the rules across models
 * (VMIDs, capacity, data safety, the app catalogue). Environments are only resolved when every
 * persona is well-formed (a model built on a broken persona would report nonsense). Returns the
 * models in source order, each with the registry after this run and its warnings, or throws
 * {@link EnvironmentValidationError} with every issue of the run, sorted by persona, then source
 * (in the order given), then where the path reads in the document.
 */
export function loadEnvironments(sources: readonly EnvironmentSource[], personas: PersonaCatalog, options: LoadOptions = {}): EnvironmentModel[] {
  const brokenPersonas = personaCatalogRules(personas);
  const issues: ValidationIssue[][] = [brokenPersonas, brokenPersonas.length > 0 ? [] : personaGraphRules(personas.personas)];
  const documents = new Map<string, unknown>();
  const positions = new Map<string, ReadonlyMap<string, TextPosition>>();
  const named: { readonly name: string; readonly file: string }[] = [];
  const checked: (CheckedDocument & { readonly name: string; readonly referencesOk: boolean })[] = [];
  for (const source of sources) {
    const { file } = source;
    let name: string;
    if ("text" in source) {
      const text = checkEnvironmentText(file, source.text);
      const parsed = "issue" in text ? { ok: false as const, issues: [text.issue] } : parseYaml(file, text.text);
      if (!parsed.ok) {
        issues.push(parsed.issues);
        continue;
      }
      name = environmentName(file);
      documents.set(file, parsed.document);
      positions.set(file, parsed.positions);
    } else {
      name = source.name;
      documents.set(file, source.document);
    }
    if (!ENVIRONMENT_NAME.test(name)) {
      issues.push([{ file, path: "", message: `environment name '${name}' must be an RFC 1123 host label (it names the stack)` }]);
      continue;
    }
    named.push({ name, file });
    const references = referenceRules(file, documents.get(file), personas);
    const document = checkEnvironmentDocument(file, documents.get(file));
    issues.push(references);
    if (document.ok) checked.push({ name, file, spec: document.spec, referencesOk: references.length === 0 });
    else issues.push(document.issues);
  }
  issues.push(environmentNameRules(named), checkDocuments(checked));
  if (options.composeStacks) issues.push(composeStackRules(options.composeStacks)(checked));
  const registries = new Map<string, { readonly registry: MachineRegistry; readonly file: string }>();
  for (const source of options.registries ?? []) {
    const parsed = parseRegistry(source);
    if (parsed.issues) issues.push(parsed.issues);
    else registries.set(source.environment, { registry: parsed.registry, file: source.file });
  }
  const retire = new Set(options.retire ?? []);
  const retired = new Set<string>();
  const warnings = imageSourceWarnings(checked);
  const models =
    brokenPersonas.length > 0
      ? []
      : checked.flatMap(({ name, file, spec, referencesOk }) => {
          if (!referencesOk) return [];
          const recorded = registries.get(name);
          const history: RegistryHistory = recorded ? { ...recorded, retire } : { ...freshHistory(name, spec), retire };
          const resolved = resolveEnvironment(name, file, spec, personas, history);
          if (resolved.issues) {
            issues.push(resolved.issues);
            return [];
          }
          for (const machine of resolved.retired) retired.add(machine);
          const documentWarnings = warnings.filter((warning) => warning.file === file);
          return [{ ...resolved.model, warnings: [...documentWarnings, ...resolved.model.warnings] }];
        });
  if (models.length === checked.length && brokenPersonas.length === 0) {
    for (const machine of [...retire].filter((name) => !retired.has(name)).sort()) {
      issues.push([
        {
          file: "--retire",
          path: "",
          message: `'${machine}' is not retiring in any environment (a machine retires once it is gone from machines, or would be replaced, and allowDataLoss names it; \`${retireCommand(machine)}\` ends a retirement after the deploy that stopped it)`,
        },
      ]);
    }
  }
  issues.push(checkModels(models));
  const all = issues.flat();
  if (all.length === 0) return models;
  const order: IssueSource[] = [
    ...[...personas.personas].map(([key, persona]) => ({ file: personaSource(key), document: persona })),
    ...sources.map(({ file }) => ({ file, document: documents.get(file) })),
    ...(options.registries ?? []).map(({ file }) => ({ file })),
  ];
  throw new EnvironmentValidationError(sortIssues(all, order).map((issue) => locateIssue(issue, positions.get(issue.file))));
}
