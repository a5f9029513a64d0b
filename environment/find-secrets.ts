import type { ValidationIssue } from "./issues";
import { formatPath } from "./issues";
import { isSecretKey, SECRET_ADVICE, secretLookingValue } from "./secret-patterns";
import { walkDocument } from "./walk-document";

/**
 * Every credential-looking key and secret-looking string anywhere in a document (an environment
 * file, or a persona's data), as issues that point to environment variables instead. Objects
 * reachable twice (YAML aliases) are looked at once.
 */
export function findSecrets(file: string, document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walkDocument(document, {
    value: (text, path) => {
      const looksLike = secretLookingValue(text);
      if (looksLike) issues.push({ file, path: formatPath(path), message: `looks like ${looksLike}: ${SECRET_ADVICE}` });
    },
    key: (key, path) => {
      if (!isSecretKey(key)) return true;
      issues.push({ file, path: formatPath(path), message: `'${key}' looks like a credential: ${SECRET_ADVICE}` });
      return false;
    },
  });
  return issues;
}
