import * as yaml from "js-yaml";
import type { ValidationIssue } from "../issues";

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
