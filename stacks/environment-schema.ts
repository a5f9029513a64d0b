import { z } from "zod";
import { SIZE_NAMES } from "../personas/sizes";

/** RFC 1123 host label: lowercase letters, digits and inner hyphens, 1 to 63 characters. */
const hostLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be an RFC 1123 host label (a-z, 0-9, inner '-', 1-63 characters)");

/** Proxmox VMIDs range from 100 to 999999999. */
const vmId = z.number().int().min(100).max(999_999_999);

const ipv4 = z.ipv4({ message: "must be an IPv4 address such as 10.2.20.53" });

/** A DNS domain: host labels joined by dots. */
const domainName = z
  .string()
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS domain such as lab.home.arpa");

/** An OpenSSH public key line: type, base64 body, optional comment. */
const sshPublicKey = z
  .string()
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( \S.*)?$/,
    "must be an OpenSSH public key line such as 'ssh-ed25519 AAAA... user@host'",
  );

const proxmoxNode = z.strictObject({
  name: hostLabel.describe("Proxmox node name as the cluster knows it"),
  cores: z.number().int().min(1).max(1024).optional().describe("CPU cores the environment may use on this node"),
  memoryMiB: z.number().int().min(512).optional().describe("Memory in MiB the environment may use on this node"),
});

const proxmox = z.strictObject({
  endpoint: z.url({ protocol: /^https$/, message: "must be an https URL such as https://pve1.lab.example:8006/" }),
  insecure: z.boolean().default(false).describe("Accept a self-signed Proxmox certificate"),
  sshUser: z.string().min(1).default("root").describe("SSH user the provider uses for uploads to the node"),
  nodes: z.array(proxmoxNode).min(1),
  datastore: z.string().min(1).default("local-lvm").describe("Default datastore for VM disks"),
  bridge: z.string().min(1).default("vmbr0").describe("Default Linux bridge for NICs"),
});

const network = z.strictObject({
  cidr: z.cidrv4({ message: "must be an IPv4 network in CIDR notation such as 10.2.20.0/24" }),
  gateway: ipv4,
  dnsServers: z.array(ipv4).min(1),
  domain: domainName,
  vlan: z.number().int().min(1).max(4094).optional().describe("802.1Q tag on the bridge; untagged when absent"),
  ntpServers: z.array(z.string().min(1)).min(1).optional().describe("NTP servers; the time-server machines when absent"),
});

const vmIdRange = z.strictObject({ start: vmId, end: vmId });

const template = z.strictObject({
  name: hostLabel.describe("Name of the golden template VM (versioned, e.g. tmpl-debian-12-v1)"),
  vmid: vmId,
  node: hostLabel.optional().describe("Node that holds the template; the first node when absent"),
  image: z.strictObject({
    url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL of a cloud image" }),
    checksum: z
      .string()
      .regex(/^sha(256|512):[0-9a-f]+$/, "must be 'sha256:<hex>' or 'sha512:<hex>'")
      .optional(),
    fileName: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\.(img|qcow2|raw)$/, "must be a file name ending in .img, .qcow2 or .raw")
      .optional(),
  }),
  buildUser: z.string().min(1).default("packer").describe("SSH user Packer builds with"),
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
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a Linux user name (lowercase, up to 32 characters)"),
  sshKeys: z.array(sshPublicKey).min(1),
});

const machine = z.strictObject({
  name: hostLabel.describe("Hostname and Proxmox VM name"),
  persona: z.string().min(1),
  ip: ipv4,
  vmid: vmId.optional(),
  node: hostLabel.optional(),
  size: z.enum(SIZE_NAMES).optional().describe("Overrides the persona's size"),
  composeStacks: z
    .array(hostLabel)
    .optional()
    .describe("Docker Compose stacks (folders of ansible/compose/) this machine runs"),
});

/** The schema of one `environments/<env>.yaml` file. Unknown keys are errors. */
export const environmentSchema = z.strictObject({
  description: z.string().optional(),
  proxmox,
  network,
  vmids: vmIdRange,
  templates: z.record(hostLabel, template),
  backend: backend.default({ type: "local" }),
  access,
  machines: z.array(machine).min(1),
});

/** An environment file as written (before defaults). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** An environment file after validation, with defaults applied. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;
/** One entry of `machines`. */
export type MachineSpec = EnvironmentSpec["machines"][number];
/** One entry of `templates`. */
export type TemplateSpec = EnvironmentSpec["templates"][string];
/** The `backend` choice. */
export type BackendSpec = EnvironmentSpec["backend"];
