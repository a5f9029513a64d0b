import { z } from "zod";
import { findSecrets } from "../find-secrets";
import { findUnsafeText } from "../find-unsafe-text";
import type { ValidationIssue } from "../issues";
import { ANSIBLE_IMPLICIT_GROUPS } from "../inventory-groups";
import type { PersonaCatalog } from "../persona";
import { datastoreId, hostLabel, proxmoxTag, sizeGiB } from "../primitives";
import { checkAgainstSchema } from "../schema-check";
import { SIZE_NAMES } from "../sizes";
import { personaSource } from "./persona-graph";

/** Host vars the inventory sets for every machine: a persona may not set them too. */
export const RESERVED_HOST_VARS = [
  "ansible_host",
  "ansible_user",
  "persona",
  "stateful",
  "machine_kind",
  "proxmox_node",
  "vmid",
  "template",
  "start_order",
  "services",
  "firewall_allow",
  "data_disks",
  "compose_stacks",
  "compose_env",
] as const;

/** What a service must look like. */
const serviceSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a service name (a-z, 0-9, '_', starting with a letter): its group is svc_<name>"),
  description: z.string().min(1),
  ports: z.array(z.object({ port: z.number().int().min(1).max(65_535), protocol: z.enum(["tcp", "udp"]) })),
});

/** What a persona must look like (extra fields are the consumer's business and pass). */
const personaSchema = z.object({
  name: hostLabel,
  description: z.string().min(1),
  template: hostLabel,
  container: z.object({ unprivileged: z.boolean().optional(), nesting: z.boolean().optional() }).optional(),
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
  services: z.array(serviceSchema).optional(),
  inventoryGroups: z
    .array(
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/, "must be an Ansible group name (a-z, 0-9, '_', not starting with a digit)")
        .regex(/^(?!(persona|svc|app)_)/, "must not start with persona_, svc_ or app_: the inventory makes those groups itself")
        .refine((group) => !(ANSIBLE_IMPLICIT_GROUPS as readonly string[]).includes(group), "is a group Ansible makes itself"),
    )
    .optional(),
  hostVars: z
    .record(z.string(), z.unknown())
    .superRefine((vars, context) => {
      for (const key of RESERVED_HOST_VARS) {
        if (Object.hasOwn(vars, key))
          context.addIssue({
            code: "custom",
            path: [key],
            message: `is set by the inventory itself (from the model and the service table); a persona cannot set it`,
          });
      }
    })
    .optional(),
  tags: z.array(proxmoxTag).optional(),
  dependsOn: z.array(z.string()).optional(),
  stateful: z.boolean(),
});

/** How issues about the catalog's base services name their source. */
const BASE_SERVICES_SOURCE = "persona catalog";

/**
 * Every persona of a catalog is well-formed (names, sizes, disks, services, groups, tags, host
 * vars), filed under its own name, and carries no secret nor text that cannot be written literally
 * (host vars reach the inventory, descriptions the Terraform JSON); so are
 * the base services. One name means one service: a name given two different definitions is an issue.
 */
export function personaCatalogRules(catalog: PersonaCatalog): ValidationIssue[] {
  const personaIssues = [...catalog.personas].flatMap(([key, persona]) => {
    const file = personaSource(key);
    const checked = checkAgainstSchema(file, personaSchema, persona);
    const misfiled: ValidationIssue[] =
      checked.ok && persona.name !== key ? [{ file, path: "name", message: `is '${persona.name}', but the catalog files it under '${key}'` }] : [];
    return [...(checked.ok ? [] : checked.issues), ...misfiled, ...findSecrets(file, persona), ...findUnsafeText(file, persona)];
  });
  const base = checkAgainstSchema(BASE_SERVICES_SOURCE, z.object({ baseServices: z.array(serviceSchema) }), { baseServices: catalog.baseServices });
  if (personaIssues.length > 0 || !base.ok) return [...personaIssues, ...(base.ok ? [] : base.issues)];
  const definitions = new Map<string, string>(catalog.baseServices.map((service) => [service.name, JSON.stringify(service)]));
  return [...catalog.personas].flatMap(([key, persona]) =>
    (persona.services ?? []).flatMap((service, index) => {
      const known = definitions.get(service.name);
      if (known === undefined) definitions.set(service.name, JSON.stringify(service));
      return known === undefined || known === JSON.stringify(service)
        ? []
        : [
            {
              file: personaSource(key),
              path: `services[${index}]`,
              message: `service '${service.name}' is defined differently elsewhere in the catalog: one name, one service`,
            },
          ];
    }),
  );
}
