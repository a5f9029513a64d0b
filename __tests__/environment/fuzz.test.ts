import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import * as yaml from "js-yaml";
import { EnvironmentValidationError, formatIssue } from "../../environment/issues";
import type { EnvironmentSource } from "../../environment/load/load-environments";
import { loadEnvironments } from "../../environment/load/load-environments";
import type { Persona, PersonaCatalog } from "../../environment/persona";
import { stockPersonaCatalog } from "../../personas/catalog";
import { dockerHostPersona, STOCK_PERSONAS } from "../../personas/stock-personas";
import { PROJECT_ROOT } from "../helpers";

/** Loads sources with the stock personas unless told otherwise. */
const load = (sources: EnvironmentSource[], personas: PersonaCatalog = stockPersonaCatalog) => loadEnvironments(sources, personas);

/** Fixed, so a failure reproduces; fast-check prints the counterexample and its path. */
const SEED = 20240404;
const RUNS = 60;

const labText = fs.readFileSync(path.join(PROJECT_ROOT, "environments", "lab.yaml"), "utf8");
const prodText = fs.readFileSync(path.join(PROJECT_ROOT, "environments", "prod.yaml"), "utf8");
const lab = yaml.load(labText);
const prod = yaml.load(prodText);

/** Either a model list or an EnvironmentValidationError whose issues are complete one-liners: nothing else may escape. */
function expectModelOrValidationError(load: () => unknown): void {
  let result: unknown;
  try {
    result = load();
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.file).toBe("string");
      expect(issue.file).not.toBe("");
      expect(typeof issue.path).toBe("string");
      expect(typeof issue.message).toBe("string");
      expect(issue.message).not.toBe("");
      expect(formatIssue(issue)).not.toMatch(/[\n\r\u2028\u2029]/);
    }
    return;
  }
  expect(Array.isArray(result)).toBe(true);
}

/** Every path of a document, containers included (the root is `[]`). */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [at];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return [at, ...entries.flatMap(([key, item]) => pathsOf(item, [...at, key]))];
}

/** One edit of a document: delete a key, replace a value (any JSON value, a random string or number), or add an unknown key. */
const mutation = fc.record({
  target: fc.nat(),
  kind: fc.constantFrom("delete", "replace", "string", "number", "add-key"),
  value: fc.jsonValue({ maxDepth: 2 }),
  text: fc.oneof(fc.string(), fc.constantFrom("10.2.20.1", "10.2.20.255", "pve9", "docker-host", "2000", "-1", "ssh-ed25519 AAAA")),
  number: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, 99, 100, 2000, 2999, 4095, 999_999_999, 1_000_000_000)),
  key: fc.oneof(fc.string(), fc.constantFrom("vlna", "password", "apiToken", "lifecycle", "allowDataLoss", "__proto__", "constructor")),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** A copy of `document` with the edits applied in turn (each edit picks its target among the paths then present). */
function mutate(document: unknown, edits: readonly Mutation[]): unknown {
  let result = structuredClone(document);
  for (const edit of edits) {
    const paths = pathsOf(result);
    const at = paths[edit.target % paths.length];
    const replacement = edit.kind === "string" ? edit.text : edit.kind === "number" ? edit.number : edit.value;
    if (at.length === 0) {
      result = edit.kind === "delete" ? undefined : replacement;
      continue;
    }
    const parent = at.slice(0, -1).reduce((node, key) => (node as Record<string | number, unknown>)[key], result) as Record<string | number, unknown>;
    const key = at[at.length - 1];
    if (edit.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (edit.kind === "add-key" && parent !== null && typeof parent === "object" && !Array.isArray(parent)) {
      Object.defineProperty(parent, edit.key, { value: edit.value, enumerable: true, configurable: true, writable: true });
    } else {
      parent[key] = replacement;
    }
  }
  return result;
}

describe("the environment loader under random input", () => {
  test("any JSON-ish value as a document", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (document) => {
        expectModelOrValidationError(() => load([{ name: "fuzz", file: "fuzz.yaml", document }]));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test("the bundled lab document with one to four edits", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
        expectModelOrValidationError(() => load([{ name: "lab", file: "environments/lab.yaml", document: mutate(lab, edits) }]));
      }),
      { seed: SEED, numRuns: 2 * RUNS },
    );
  });

  test("both bundled documents edited, loaded together (fleet rules across files)", () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), fc.array(mutation, { maxLength: 3 }), (labEdits, prodEdits) => {
        expectModelOrValidationError(() =>
          load([
            { name: "lab", file: "environments/lab.yaml", document: mutate(lab, labEdits) },
            { name: "prod", file: "environments/prod.yaml", document: mutate(prod, prodEdits) },
          ]),
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test("random text, and the lab file's text with characters changed, through the YAML parser", () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.string({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(edit, { minLength: 1, maxLength: 3 })), (input) => {
        const text =
          typeof input === "string"
            ? input
            : input.reduce((current, { at, remove, insert }) => {
                const index = at % (current.length + 1);
                return current.slice(0, index) + insert + current.slice(index + remove);
              }, labText);
        expectModelOrValidationError(() => load([{ file: "environments/lab.yaml", text }]));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test("a consumer's persona with one to three edits", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) => {
        const personas: PersonaCatalog = {
          ...stockPersonaCatalog,
          personas: new Map<string, Persona>([
            ...STOCK_PERSONAS.map((persona) => [persona.name, persona] as const),
            ["docker-host", mutate(dockerHostPersona, edits) as Persona],
          ]),
        };
        expectModelOrValidationError(() => load([{ name: "lab", file: "environments/lab.yaml", document: lab }], personas));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
