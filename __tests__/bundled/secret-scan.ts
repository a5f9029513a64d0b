import { isSecretKey, secretLookingValue } from "../../environment/secret-patterns";

/** Values that only point at a secret kept elsewhere: a Terraform reference, an environment variable, a file path. */
const REFERENCE = /^(\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*|env:[A-Z_][A-Z0-9_]*|[~.]?\/[^\s]*|)$/;

/**
 * Every secret-looking thing in a JSON value, as `path: what`: strings that look like secrets
 * (PEM blocks, PVE tokens, AWS keys, credential assignments, random keys) and credential-named
 * keys with a literal value. SSH public keys are public and pass.
 */
export function secretFindings(value: unknown, path = "$"): string[] {
  if (typeof value === "string") {
    const looksLike = secretLookingValue(value);
    return looksLike ? [`${path}: ${looksLike}`] : [];
  }
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => secretFindings(item, `${path}[${index}]`));
  return Object.entries(value).flatMap(([key, item]) => {
    const literal = typeof item === "number" || (typeof item === "string" && !REFERENCE.test(item));
    const named = isSecretKey(key) && literal ? [`${path}.${key}: a value under a credential-named key`] : [];
    return [...named, ...secretFindings(item, `${path}.${key}`)];
  });
}
