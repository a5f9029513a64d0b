import { z } from "zod";
import { appSchema, composeStackDirsSchema } from "./app-schema";
import { backupsSchema } from "./backup-schema";
import { containerTemplatesSchema } from "./container-schema";
import { bridgeName, checksum, cores, datastoreId, domainName, formatError, hostLabel, ipv4, linuxUser, sshPublicKey, vlanId, vmId } from "./primitives";
import { SIZE_NAMES } from "./sizes";

const proxmoxNode = z.strictObject({
  name: hostLabel.describe("Proxmox node name as the cluster knows it"),
  cores: cores.optional().describe("CPU cores the environment may use on this node (checked against its machines' sizes)"),
  memoryMiB: z
    .number()
    .int()
    .min(512)
    .max(16 * 1024 * 1024)
    .optional()
    .describe("Memory in MiB the environment may use on this node (checked against its machines' sizes)"),
});

const proxmox = z.strictObject({
  endpoint: z
    .url({ protocol: /^https$/, error: formatError("must be an https URL such as https://pve1.lab.example:8006/") })
    .describe("Proxmox API URL; the API token comes from PROXMOX_VE_API_TOKEN, never from this file"),
  insecure: z.boolean().default(false).describe("Accept a self-signed Proxmox certificate"),
  sshUser: z.string().min(1).default("root").describe("SSH user the provider uses for uploads to the node"),
  nodes: z.array(proxmoxNode).min(1).describe("Nodes the environment may place machines and templates on; the first is the default"),
  datastore: datastoreId.default("local-lvm").describe("Default datastore for VM disks"),
  imageDatastore: datastoreId
    .default("local")
    .describe("File datastore with the 'import', 'snippets' and 'vztmpl' content types: cloud images, cloud-init snippets and LXC templates go there"),
  backupDatastore: datastoreId
    .optional()
    .describe("Datastore with the 'backup' content type (a directory, NFS or Proxmox Backup Server storage) for the backup job; imageDatastore when absent"),
  bridge: bridgeName.default("vmbr0").describe("Default Linux bridge for NICs"),
});

const network = z.strictObject({
  cidr: z
    .cidrv4({ error: formatError("must be an IPv4 network in CIDR notation such as 10.2.20.0/24") })
    .describe("The environment's IPv4 network; every machine IP and the gateway lie inside it"),
  gateway: ipv4.describe("Default gateway, inside cidr"),
  dnsServers: z.array(ipv4).min(1).describe("DNS resolvers cloud-init writes"),
  domain: domainName,
  vlan: vlanId.optional().describe("802.1Q tag on the bridge; untagged when absent"),
  ntpServers: z.array(z.string().min(1)).min(1).optional().describe("NTP servers; the time-server machines when absent"),
  dnsForwarders: z
    .array(ipv4)
    .min(1)
    .optional()
    .describe(
      "Upstream resolvers the environment's DNS forwards other names to; the dnsServers that are none of its DNS machines, else the gateway, when absent",
    ),
});

const vmIdRange = z
  .strictObject({ start: vmId, end: vmId })
  .refine((range) => !(range.start > range.end), {
    path: ["end"],
    error: (issue) => {
      const range = issue.input as { start: number; end: number };
      return `must not be below vmids.start (${range.end} < ${range.start})`;
    },
  })
  .describe("VMIDs this environment owns (inclusive); machines without a vmid get the next free one");

/** The file name of a cloud image on the image datastore. */
const imageFileName = z.string().regex(/^[A-Za-z0-9._-]+\.(img|qcow2|raw)$/, "must be a file name ending in .img, .qcow2 or .raw");

const template = z.strictObject({
  name: hostLabel.describe("Name of the golden template VM (versioned, e.g. tmpl-debian-12-v1)"),
  vmid: vmId,
  node: hostLabel.optional().describe("Node that holds the template; the first node when absent"),
  image: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: formatError("must be an http(s) URL of a cloud image") }),
      checksum: checksum.optional(),
      fileName: imageFileName.optional(),
    })
    .superRefine((image, context) => {
      // without a fileName, the image keeps the URL's: it must be one too
      if (image.fileName !== undefined || !URL.canParse(image.url)) return;
      const fromUrl = new URL(image.url).pathname.split("/").pop() ?? "";
      if (!imageFileName.safeParse(fromUrl).success) {
        context.addIssue({
          code: "custom",
          path: ["fileName"],
          message: "is required when the URL does not end in a file name ending in .img, .qcow2 or .raw",
        });
      }
    }),
  buildUser: linuxUser.default("packer").describe("SSH user Packer builds with"),
});

const backend = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("local"),
    path: z.string().min(1).optional().describe("State file, relative to the project root"),
  }),
  z.strictObject({
    type: z.literal("pg"),
    schemaName: hostLabel.optional().describe("PostgreSQL schema; the connection string comes from PG_CONN_STR"),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().min(3),
    key: z.string().min(1).optional(),
    region: z.string().min(1),
    endpoint: z.url().optional().describe("S3-compatible endpoint (MinIO, Garage); credentials come from AWS_* variables"),
  }),
]);

const access = z.strictObject({
  user: linuxUser,
  sshKeys: z.array(sshPublicKey).min(1),
});

/**
 * Destroy-time settings a machine may change from its persona's defaults. A stateful persona's
 * machine may only turn them off when the environment names it in `allowDataLoss`.
 */
const lifecycleOverrides = z
  .strictObject({
    protection: z.boolean().optional().describe("Proxmox deletion protection; on for stateful personas"),
    keepUnreferencedDisks: z
      .boolean()
      .optional()
      .describe(
        "Keep the disks of this VMID that the VM does not refer to when it is destroyed; every disk it refers to (boot, data, cloud-init, unused) goes with it either way. On for stateful personas; a container's are always kept (the provider never asks Proxmox to destroy them)",
      ),
    preventDestroy: z.boolean().optional().describe("Terraform refuses to destroy the VM; on for stateful personas"),
  })
  .describe("Overrides of the persona's destroy-time behaviour");

const machine = z.strictObject({
  name: hostLabel.describe("Hostname and Proxmox VM name, unique across all environments"),
  persona: z.string().min(1).describe("Persona the machine plays, e.g. networking or docker-host"),
  ip: ipv4.describe("Static IPv4 address inside network.cidr"),
  vmid: vmId.optional().describe("Pinned VMID inside vmids; the next free one when absent"),
  node: hostLabel.optional().describe("Proxmox node (declared in proxmox.nodes); the first node when absent"),
  size: z.enum(SIZE_NAMES).optional().describe("Overrides the persona's size"),
  composeStacks: z
    .array(hostLabel)
    .optional()
    .describe("Docker Compose stacks (folders of ansible/compose/ or composeStackDirs) this machine runs besides its apps' stacks"),
  lifecycle: lifecycleOverrides.optional(),
});

/** The schema of one `environments/<env>.yaml` file. Unknown keys are errors. */
export const environmentSchema = z
  .strictObject({
    description: z.string().optional(),
    proxmox,
    network,
    vmids: vmIdRange,
    templates: z.record(hostLabel, template).describe("Golden templates by key; personas name the key"),
    containerTemplates: containerTemplatesSchema.optional(),
    backend: backend.default({ type: "local" }),
    access,
    machines: z.array(machine).min(1),
    backups: backupsSchema.prefault({}),
    allowDataLoss: z
      .array(hostLabel)
      .optional()
      .describe(
        "Machines of stateful personas whose data may be lost, by name: they may turn off their data protection in machines[].lifecycle, and be removed, renamed, replaced or given a persona that drops their data (a protected VM retires over two deploys: README)",
      ),
    rebuild: z
      .array(hostLabel)
      .optional()
      .describe(
        "Machines whose VMs follow their template, by name: a template change re-clones (replaces) them. Any other existing VM keeps the template it was cloned from",
      ),
    composeStackDirs: composeStackDirsSchema,
    apps: z.array(appSchema).optional().describe("The app catalogue: Compose stacks on docker hosts, each behind the reverse proxy at its hostname"),
  })
  .meta({
    title: "homelab-cdktf environment",
    description:
      "One environment (environments/<env>.yaml): Proxmox placement, network, VMIDs, templates (golden VM templates and LXC templates), state backend, access, machines, the app catalogue and the backup job of the stateful machines.",
  });

/** The environment schema as JSON Schema (draft-07, input side: defaulted keys are optional), for editors. */
export function environmentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(environmentSchema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
}

/** An environment file as written (before defaults). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** An environment file after validation, with defaults applied. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;
/** The `backend` choice. */
export type BackendSpec = EnvironmentSpec["backend"];
/** A machine's `lifecycle` overrides. */
export type LifecycleOverrides = z.output<typeof lifecycleOverrides>;
