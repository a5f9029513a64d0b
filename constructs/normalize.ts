import type { ITerraformDependable } from "cdktf";

/** How props become L1 values, the same way in every construct. */

/** Proxmox tags as Proxmox stores them (sorted, no duplicates), so plans show no tag churn; undefined for none. */
export function proxmoxTags(tags: readonly string[] | undefined): string[] | undefined {
  return tags && tags.length > 0 ? [...new Set(tags)].sort() : undefined;
}

/** `depends_on` as cdktf wants it: undefined rather than an empty list, so no empty `depends_on` is written. */
export function dependencies(dependsOn: readonly ITerraformDependable[] | undefined): ITerraformDependable[] | undefined {
  return dependsOn && dependsOn.length > 0 ? [...dependsOn] : undefined;
}
