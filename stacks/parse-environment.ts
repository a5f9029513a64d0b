import * as yaml from "js-yaml";
import { z } from "zod";
import { environmentSchema, EnvironmentSpec } from "./environment-schema";
import { didYouMean } from "./validation/did-you-mean";
import { knownKeysAt } from "./validation/schema-keys";
import { schemaIssueMessage } from "./validation/schema-messages";
import { findSecrets } from "./validation/secret-rules";
import { formatPath, ValidationIssue } from "./validation-issue";

/** The outcome of checking one document against the environment schema. */
export type SchemaResult =
  | { readonly ok: true; readonly spec: EnvironmentSpec }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

/**
 * Checks `value` against `schema` and turns zod's issues into file/path/rule issues: one per
 * unknown key (so each can be fixed on its own, with the closest known key offered).
 */
export function checkAgainstSchema<T extends z.ZodType>(
  file: string,
  schema: T,
  value: unknown,
): { ok: true; data: z.output<T> } | { ok: false; issues: ValidationIssue[] } {
  const result = schema.safeParse(value, { error: schemaIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues.flatMap((issue) => {
    const path = formatPath(issue.path);
    if (issue.code !== "unrecognized_keys") return [{ file, path, message: issue.message }];
    const known = knownKeysAt(schema, issue.path);
    return issue.keys.map((key) => ({
      file,
      path: formatPath([...issue.path, key]),
      message: `unknown key '${key}'${didYouMean(key, known)}`,
    }));
  });
  return { ok: false, issues };
}

/**
 * Checks a plain object (from YAML or from TypeScript) against the environment schema, and for
 * secrets: a credential-looking key is reported as such rather than as an unknown key.
 */
export function checkEnvironmentDocument(file: string, document: unknown): SchemaResult {
  if (document === undefined || document === null) {
    return { ok: false, issues: [{ file, path: "", message: "is empty: an environment is a mapping with proxmox, network, vmids, templates, access and machines" }] };
  }
  const secrets = findSecrets(file, document);
  const checked = checkAgainstSchema(file, environmentSchema, document);
  if (checked.ok && secrets.length === 0) return { ok: true, spec: checked.data };
  const secretPaths = new Set(secrets.map((issue) => issue.path));
  return { ok: false, issues: [...secrets, ...(checked.ok ? [] : checked.issues.filter((issue) => !secretPaths.has(issue.path)))] };
}

/** Parses YAML text; a syntax error becomes an issue that names the line and column. */
export function parseYaml(file: string, text: string): { ok: true; document: unknown } | { ok: false; issues: ValidationIssue[] } {
  try {
    return { ok: true, document: yaml.load(text, { filename: file }) };
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const where = error.mark ? `line ${error.mark.line + 1}, column ${error.mark.column + 1}` : "";
      return { ok: false, issues: [{ file, path: where, message: `YAML syntax: ${error.reason}` }] };
    }
    throw error;
  }
}
