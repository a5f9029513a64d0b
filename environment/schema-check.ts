import type { z } from "zod";
import { didYouMean } from "./did-you-mean";
import type { ValidationIssue } from "./issues";
import { formatPath } from "./issues";
import { knownKeysAt } from "./schema-keys";
import { schemaIssueMessage } from "./schema-messages";

/** zod's issues as path/rule pairs worded for people ({@link schemaIssueMessage}): one per unknown key, with the closest known key offered. */
function schemaIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys") return [{ path: formatPath(issue.path), message: issue.message }];
    const known = knownKeysAt(schema, issue.path);
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown key '${key}'${didYouMean(key, known)}` }));
  });
}

/** Checks `value` against `schema`; the issues name `file` and the path inside the value. */
export function checkAgainstSchema<T extends z.ZodType>(
  file: string,
  schema: T,
  value: unknown,
): { ok: true; data: z.output<T> } | { ok: false; issues: ValidationIssue[] } {
  const result = schema.safeParse(value, { error: schemaIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: schemaIssues(schema, result.error.issues).map((issue) => ({ file, ...issue })) };
}

/**
 * The problems of a construct's props against `schema`, one `path: rule` line each (what a
 * construct's `node.addValidation` returns; cdktf prefixes the construct path).
 */
export function propProblems(schema: z.ZodType, props: unknown): string[] {
  const result = schema.safeParse(props, { error: schemaIssueMessage });
  return result.success ? [] : schemaIssues(schema, result.error.issues).map(({ path, message }) => (path ? `${path}: ${message}` : message));
}
