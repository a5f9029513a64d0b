import * as yaml from "js-yaml";
import { z } from "zod";
import { environmentSchema, EnvironmentSpec } from "./environment-schema";
import { formatPath, ValidationIssue } from "./validation-issue";

/** The outcome of checking one document against the environment schema. */
export type SchemaResult =
  | { readonly ok: true; readonly spec: EnvironmentSpec }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

/** Turns zod's issues into file/path/rule issues (one per unknown key, so each can be fixed on its own). */
function toIssues(file: string, error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        file,
        path: path ? `${path}.${key}` : key,
        message: `unknown key '${key}'`,
      }));
    }
    return [{ file, path, message: issue.message }];
  });
}

/** Checks a plain object (from YAML or from TypeScript) against the environment schema. */
export function checkEnvironmentDocument(file: string, document: unknown): SchemaResult {
  const result = environmentSchema.safeParse(document);
  return result.success ? { ok: true, spec: result.data } : { ok: false, issues: toIssues(file, result.error) };
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
