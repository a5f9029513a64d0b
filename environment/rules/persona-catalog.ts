import { z } from "zod";
import { findSecrets } from "../find-secrets";
import type { ValidationIssue } from "../issues";
import type { PersonaCatalog } from "../persona";
import { datastoreId, hostLabel, proxmoxTag, sizeGiB } from "../primitives";
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
        purpose: z
          .string()
          .regex(/^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/, "must be a disk purpose: 1-20 lowercase letters, digits and inner '-' (it becomes the disk's serial)"),
        datastore: datastoreId.optional(),
        mountPoint: z
          .string()
          .regex(/^(\/[A-Za-z0-9_.-]+)+$/, "must be an absolute path such as /srv/data")
          .refine((path) => !path.split("/").includes(".."), "must not contain '..'")
          .optional(),
      }),
    )
    .superRefine((disks, context) => {
      disks.forEach((disk, index) => {
        if (disks.findIndex((other) => other.purpose === disk.purpose) !== index) {
          context.addIssue({ code: "custom", path: [index, "purpose"], message: `'${disk.purpose}' is the purpose of another data disk of this persona` });
        }
      });
    })
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
