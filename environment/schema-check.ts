import type { z } from "zod";
import { didYouMean } from "./did-you-mean";
import type { ValidationIssue } from "./issues";
import { formatPath } from "./issues";
import { knownKeysAt } from "./schema-keys";
import { schemaIssueMessage } from "./schema-messages";

/**
 * Checks `value` against `schema` and turns zod's issues into file/path/rule issues, worded for
 * people ({@link schemaIssueMessage}): one per unknown key (so each can be fixed on its own, with
 * the closest known key offered).
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
