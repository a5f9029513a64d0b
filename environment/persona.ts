import type { SizeName } from "./sizes";

/** A data disk a persona needs, beside its boot disk. */
export interface PersonaDataDisk {
  /** Size in GiB. */
  readonly sizeGiB: number;
  /**
   * What the disk holds, e.g. `docker-volumes`: 1-20 lowercase letters, digits and inner `-`,
   * unique within the persona. It is also the disk's serial, by which Ansible finds it
   * (`/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_<purpose>`, the inventory's `data_disks`).
   */
  readonly purpose: string;
  /** Datastore for this disk. @default the environment's default datastore */
  readonly datastore?: string;
  /** Where Ansible mounts it. @default `/srv/<purpose>` */
  readonly mountPoint?: string;
}

/** A port a service listens on: the host firewall lets it in. */
export interface ServicePort {
  /** Port number. */
  readonly port: number;
  /** Transport protocol. */
  readonly protocol: "tcp" | "udp";
}

/**
 * Something a machine runs for the environment. Its machines form the Ansible group
 * `svc_<name>`, which the play that installs the service targets; its ports open in their firewall.
 */
export interface Service {
  /** Name, snake_case (`reverse_proxy`): the host var `services` lists it, the group is `svc_<name>`. */
  readonly name: string;
  /** What it is, e.g. `Caddy: TLS-terminating reverse proxy`. */
  readonly description: string;
  /** Ports it listens on for other machines; none for a service that is only used locally. */
  readonly ports: readonly ServicePort[];
}

/**
 * How a persona's machines run as LXC containers instead of VMs: the same size, services, groups
 * and lifecycle, on the node's kernel. Containers have no cloud-init: Proxmox sets the hostname,
 * the network and root's SSH keys itself (the Ansible base play adds the admin user).
 */
export interface PersonaContainerSettings {
  /** Run unprivileged: root inside maps to an unprivileged user of the node. @default true */
  readonly unprivileged?: boolean;
  /** Allow nested namespaces (systemd services with sandboxing, Docker inside the container). @default false */
  readonly nesting?: boolean;
}

/**
 * What a machine is *for*: the intent that turns into a VM, its place in the Ansible inventory,
 * its golden image and its lifecycle. A persona is plain data, so it can be spread and extended:
 * `{ ...dockerHost, name: "gpu-docker-host", size: "xlarge" }`.
 */
export interface Persona {
  /** Persona name, referenced by `machines[].persona` in environment files (kebab-case). */
  readonly name: string;
  /** One line on what machines of this persona do. */
  readonly description: string;
  /**
   * Key of the golden template to clone (a key of the environment's `templates`), e.g. `debian-12`;
   * for a container persona, the key of its LXC template in the environment's `containerTemplates`.
   */
  readonly template: string;
  /** Run the persona's machines as LXC containers with these settings. @default VMs */
  readonly container?: PersonaContainerSettings;
  /** Default size; a machine may override it. */
  readonly size: SizeName;
  /** Data disks beside the boot disk. @default none */
  readonly dataDisks?: readonly PersonaDataDisk[];
  /** Services its machines run: their Ansible groups, host var `services` and firewall ports. @default none */
  readonly services?: readonly Service[];
  /**
   * Ansible groups of the persona's own (besides `persona_<name>` and the services' `svc_*` groups,
   * which every machine joins anyway), e.g. `home_automation`. The plays of `ansible/` target the
   * `svc_*` groups only. @default none
   */
  readonly inventoryGroups?: readonly string[];
  /** Ansible host vars every machine of the persona gets (not the ones the inventory sets itself, such as `services`). @default none */
  readonly hostVars?: Readonly<Record<string, unknown>>;
  /** Proxmox tags (lowercase letters, digits, `-`, `_`). @default none */
  readonly tags?: readonly string[];
  /** Personas whose machines must exist (and start) before this persona's. @default none */
  readonly dependsOn?: readonly string[];
  /**
   * Whether the machine holds data that outlives it. Stateful machines get Proxmox deletion
   * protection and `lifecycle.prevent_destroy` (so no plan destroys them, and Proxmox refuses a
   * delete), keep the disks of their VMID that the VM does not refer to, and stop rather than shut
   * down on destroy. Their removal, rename, replacement or a persona that drops their data needs
   * `allowDataLoss`, and a guarded VM retires over two deploys. A destroy that does happen deletes
   * every disk the VM refers to (boot, data, cloud-init and unused disks); what survives it is the
   * disks of its VMID it does not refer to, and backups (vzdump, Proxmox Backup Server): the environment's backup job covers them.
   */
  readonly stateful: boolean;
}

/**
 * What environments are resolved against: the personas `machines[].persona` may name, and the
 * services every machine runs whatever its persona. Environments are resolved against the catalog
 * they are loaded with (the stock one lives in `personas/`).
 */
export interface PersonaCatalog {
  /** Personas by name. */
  readonly personas: ReadonlyMap<string, Persona>;
  /** Services of every machine (SSH, the metrics exporter): their ports open everywhere; they form no group. */
  readonly baseServices: readonly Service[];
}
