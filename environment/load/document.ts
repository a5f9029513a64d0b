import { findSecrets } from "../find-secrets";
import type { ValidationIssue } from "../issues";
import type { EnvironmentSpec } from "../schema";
import { environmentSchema } from "../schema";
import { checkAgainstSchema } from "../schema-check";

/**
 * Checks one environment document (from YAML or from TypeScript) against the environment schema,
 * and for secrets: a credential-looking key is reported as such rather than as an unknown key.
 */
export function checkEnvironmentDocument(
  file: string,
  document: unknown,
): { readonly ok: true; readonly spec: EnvironmentSpec } | { readonly ok: false; readonly issues: ValidationIssue[] } {
  if (document === undefined || document === null) {
    return {
      ok: false,
      issues: [{ file, path: "", message: "is empty: an environment is a mapping with proxmox, network, vmids, templates, access and machines" }],
    };
  }
  const secrets = findSecrets(file, document);
  const checked = checkAgainstSchema(file, environmentSchema, document);
  if (checked.ok && secrets.length === 0) return { ok: true, spec: checked.data };
  const secretPaths = new Set(secrets.map((issue) => issue.path));
  return { ok: false, issues: [...secrets, ...(checked.ok ? [] : checked.issues.filter((issue) => !secretPaths.has(issue.path)))] };
}
