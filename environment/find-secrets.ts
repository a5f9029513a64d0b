import type { ValidationIssue } from "./issues";
import { formatPath } from "./issues";
import { isSecretKey, SECRET_ADVICE, secretLookingValue } from "./secret-patterns";

/**
 * Every credential-looking key and secret-looking string anywhere in a document (an environment
 * file, or a persona's data), as issues that point to environment variables instead. Objects
 * reachable twice (YAML aliases) are looked at once.
 */
export function findSecrets(file: string, document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === "string") {
      const looksLike = secretLookingValue(value);
      if (looksLike) issues.push({ file, path: formatPath(path), message: `looks like ${looksLike}: ${SECRET_ADVICE}` });
      return;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (isSecretKey(key)) {
        issues.push({ file, path: formatPath([...path, key]), message: `'${key}' looks like a credential: ${SECRET_ADVICE}` });
        continue;
      }
      visit(item, [...path, key]);
    }
  };
  visit(document, []);
  return issues;
}
