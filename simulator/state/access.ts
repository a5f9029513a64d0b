import type { SeedAclEntry, SeedToken } from "../seed";
import { PVE_PRIVILEGES } from "../schema/permissions";

/** `/a/b/c` and its ancestors, the root first: `/`, `/a`, `/a/b`, `/a/b/c`. */
function levels(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  return ["/", ...parts.map((_, index) => `/${parts.slice(0, index + 1).join("/")}`)];
}

/** A path without a trailing slash (`/` stays `/`). */
const normalized = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, "") : path);

const privilegesOf = (entry: SeedAclEntry): readonly string[] => (entry.privileges === "all" ? PVE_PRIVILEGES : entry.privileges);

/**
 * What a token may do on a path, as PVE computes it: the ACL entries of the deepest level (the
 * path itself or an ancestor) that has any applicable, an ancestor's only when it propagates.
 * A deeper entry overrides what is inherited. Each privilege maps to whether it propagates.
 */
export function effectivePrivileges(token: SeedToken, path: string): Map<string, boolean> {
  const result = new Map<string, boolean>();
  const target = normalized(path);
  for (const level of levels(target).reverse()) {
    const applicable = token.acl.filter((entry) => normalized(entry.path) === level && (level === target || (entry.propagate ?? true)));
    if (applicable.length === 0) continue;
    for (const entry of applicable) for (const privilege of privilegesOf(entry)) result.set(privilege, result.get(privilege) || (entry.propagate ?? true));
    return result;
  }
  return result;
}

/** The paths a token has ACL entries on, sorted. */
export function aclPaths(token: SeedToken): string[] {
  return [...new Set(token.acl.map((entry) => entry.path))].sort();
}
