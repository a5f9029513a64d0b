import { findSecrets } from "../find-secrets";
import { findUnsafeText } from "../find-unsafe-text";
import type { ValidationIssue } from "../issues";
import type { EnvironmentSpec } from "../schema";
import { environmentSchema } from "../schema";
import { checkAgainstSchema } from "../schema-check";

/** What an environment document is, in every message about its top level. */
const AN_ENVIRONMENT = "an environment is a mapping with proxmox, network, vmids, templates, access and machines";

/**
 * Checks one environment document (from YAML or from TypeScript) against the environment schema,
 * for secrets and for text that cannot be written literally: a credential-looking key is reported
 * as such rather than as an unknown key, and a value reported as a secret or as unsafe text is not
 * also described by the schema (its message would quote it). A document that is not a mapping at
 * all is named by its kind only (a file that is no environment may hold anything).
 */
export function checkEnvironmentDocument(
  file: string,
  document: unknown,
): { readonly ok: true; readonly spec: EnvironmentSpec } | { readonly ok: false; readonly issues: ValidationIssue[] } {
  if (document === undefined || document === null) return { ok: false, issues: [{ file, path: "", message: `is empty: ${AN_ENVIRONMENT}` }] };
  if (typeof document !== "object" || Array.isArray(document)) {
    const kind = Array.isArray(document) ? "a list" : typeof document === "string" ? "text" : `a ${typeof document}`;
    return { ok: false, issues: [{ file, path: "", message: `is not a mapping but ${kind}: ${AN_ENVIRONMENT}` }] };
  }
  const secrets = findSecrets(file, document);
  const secretPaths = new Set(secrets.map((issue) => issue.path));
  const flagged = [...secrets, ...findUnsafeText(file, document).filter((issue) => !secretPaths.has(issue.path))];
  const checked = checkAgainstSchema(file, environmentSchema, document);
  if (checked.ok && flagged.length === 0) return { ok: true, spec: checked.data };
  const flaggedPaths = new Set(flagged.map((issue) => issue.path));
  return { ok: false, issues: [...flagged, ...(checked.ok ? [] : checked.issues.filter((issue) => !flaggedPaths.has(issue.path)))] };
}
