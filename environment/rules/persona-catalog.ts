import { z } from "zod";
import { findSecrets } from "../find-secrets";
import type { ValidationIssue } from "../issues";
import type { PersonaCatalog } from "../persona";
import { hostLabel, proxmoxTag, sizeGiB, datastoreId } from "../primitives";
import { checkAgainstSchema } from "../schema-check";
import { SIZE_NAMES } from "../sizes";
import { personaSource } from "./persona-graph";

/** What a persona must look like (extra fields are the consumer's business and pass). */
const personaSchema = z.object({
  name: hostLabel,
  description: z.string().min(1),
  template: hostLabel,
  size: z.enum(SIZE_NAMES),
  dataDisks: z
    .array(
      z.object({
        sizeGiB,
        purpose: z.string().min(1),
        datastore: datastoreId.optional(),
      }),
    )
    .optional(),
  inventoryGroups: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/, "must be an Ansible group name (a-z, 0-9, '_', not starting with a digit)")),
  hostVars: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(proxmoxTag).optional(),
  dependsOn: z.array(z.string()).optional(),
  stateful: z.boolean(),
});

/**
 * Every persona of a catalog is well-formed (names, sizes, disk sizes, groups, tags), filed under
 * its own name, and carries no secret (host vars reach the inventory).
 */
export function personaCatalogRules(catalog: PersonaCatalog): ValidationIssue[] {
  return [...catalog].flatMap(([key, persona]) => {
    const file = personaSource(key);
    const checked = checkAgainstSchema(file, personaSchema, persona);
    const misfiled: ValidationIssue[] =
      checked.ok && persona.name !== key ? [{ file, path: "name", message: `is '${persona.name}', but the catalog files it under '${key}'` }] : [];
    return [...(checked.ok ? [] : checked.issues), ...misfiled, ...findSecrets(file, persona)];
  });
}
