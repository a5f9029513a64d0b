import type { AppPlan } from "./app-plan";
import type { ValidationIssue } from "./issues";
import type { Persona, Service, ServicePort } from "./persona";
import type { MachineRegistry } from "./registry/machine-registry";
import type { ContainerOsType } from "./primitives";
import type { SizeName, SizeSpec } from "./sizes";

/**
 * The resolved model: one validated environment with every default applied, every reference
 * looked up and every VMID handed out. It is the boundary of the domain core: stacks, personas and
 * artifacts read only the model, never the environment file as written.
 */

/** Where the environment's Proxmox API is and what it may use of the cluster. */
export interface ProxmoxPlan {
  /** Proxmox API URL; the API token comes from `PROXMOX_VE_API_TOKEN` at deploy time. */
  readonly endpoint: string;
  /** Accept a self-signed Proxmox certificate. */
  readonly insecure: boolean;
  /** SSH user the provider uploads snippets with (through the user's ssh-agent). */
  readonly sshUser: string;
  /** The nodes the environment may use, the default one first, with the capacity each declares. */
  readonly nodes: readonly NodePlan[];
  /** Datastore of VM disks and cloud-init drives, unless a disk names its own. */
  readonly datastore: string;
  /** File datastore for cloud images, snippets and LXC templates. */
  readonly imageDatastore: string;
  /** Datastore for backups (the file's `backupDatastore`, else the image datastore). */
  readonly backupDatastore: string;
}

/** One Proxmox node and what the environment may use of it. */
export interface NodePlan {
  /** Node name as the cluster knows it. */
  readonly name: string;
  /** CPU cores the environment may use. @default no limit */
  readonly cores?: number;
  /** Memory in MiB the environment may use. @default no limit */
  readonly memoryMiB?: number;
}

/** The environment's network as every machine sees it. */
export interface NetworkPlan {
  /** The IPv4 network, e.g. `10.2.20.0/24`. */
  readonly cidr: string;
  /** Its prefix length, e.g. `24`. */
  readonly prefixLength: number;
  /** Default gateway. */
  readonly gateway: string;
  /** DNS resolvers cloud-init writes. */
  readonly dnsServers: readonly string[];
  /** DNS search domain. */
  readonly domain: string;
  /** 802.1Q tag of the machines' NICs. @default untagged */
  readonly vlan?: number;
  /** Linux bridge of the machines' NICs. */
  readonly bridge: string;
  /** NTP servers every machine syncs from: the environment's, else the addresses of the machines with the `ntp` service (may be empty). */
  readonly ntpServers: readonly string[];
  /** Upstream resolvers the environment's DNS forwards to: the environment's, else the `dnsServers` that are none of its `dns` machines, else the gateway. */
  readonly dnsForwarders: readonly string[];
}

/** Who logs in to the machines. */
export interface AccessPlan {
  /** Login user cloud-init creates (and Ansible connects as). */
  readonly user: string;
  /** Its SSH public keys. */
  readonly sshKeys: readonly string[];
}

/**
 * Where Terraform keeps the state of the environment's stacks, as the file gives it. Each stack
 * keeps its own state: without a location each derives one from its name; a location given here
 * is the environment stack's, and the images stack's is derived from it (`state/lab.tfstate` gives
 * `state/lab-images.tfstate`, see `environment/state-locations.ts`). Credentials always come from
 * the process environment (`PG_CONN_STR`, `AWS_*`).
 */
export type BackendPlan =
  | {
      readonly type: "local";
      /** The environment stack's state file, relative to the project root; the images stack's gets `-images` before `.tfstate`. @default `terraform.<stack>.tfstate` */
      readonly path?: string;
    }
  | {
      readonly type: "pg";
      /** The environment stack's PostgreSQL schema; the images stack's gets `_images`. @default `homelab_<stack>` */
      readonly schemaName?: string;
    }
  | {
      readonly type: "s3";
      /** Bucket. */
      readonly bucket: string;
      /** The environment stack's object key; the images stack's gets `-images` before `.tfstate`. @default `homelab/<stack>.tfstate` */
      readonly key?: string;
      /** Region. */
      readonly region: string;
      /** S3-compatible endpoint (MinIO, Garage). @default AWS */
      readonly endpoint?: string;
    };

/** A golden template as every layer sees it: Packer builds it, Terraform clones it. */
export interface TemplatePlan {
  /** Key in the environment's `templates`, which personas refer to (e.g. `debian-12`). */
  readonly key: string;
  /** Template VM name in Proxmox. */
  readonly name: string;
  /** Template VMID: what the machines clone and what Packer writes. */
  readonly vmId: number;
  /**
   * VMID of the base VM imported from the cloud image, which Packer clones to build the template.
   * Derived, never written by hand: the highest VMIDs of the environment's `vmids` range that no
   * template or machine pins, handed out in template key order; machines are allocated from the
   * bottom of the range and skip them, so no two VMIDs of an environment can be equal.
   */
  readonly baseVmId: number;
  /** Node that holds the template. */
  readonly node: string;
  /** Cloud image the template is built from. */
  readonly image: {
    /** Download URL. */
    readonly url: string;
    /** `sha256:<hex>` or `sha512:<hex>`. @default not verified */
    readonly checksum?: string;
    /** File name on the image datastore, prefixed with the environment name so environments never share one. */
    readonly fileName: string;
  };
  /** SSH user Packer builds with. */
  readonly buildUser: string;
}

/** Where an LXC template comes from. */
export type ContainerTemplateSource =
  | {
      /** A template file downloaded onto the nodes (`proxmox_download_file`, content type `vztmpl`). */
      readonly kind: "download";
      /** Download URL. */
      readonly url: string;
      /** `sha256:<hex>` or `sha512:<hex>`. @default not verified */
      readonly checksum?: string;
    }
  | {
      /** An OCI image pulled onto the nodes and stored as a template (`proxmox_oci_image`). */
      readonly kind: "oci";
      /** Image reference, e.g. `docker.io/library/debian:12`. */
      readonly reference: string;
    };

/** An LXC template as every layer sees it: the images stack puts it on the nodes, containers are created from it. */
export interface ContainerTemplatePlan {
  /** Key in the environment's `containerTemplates`, which container personas refer to. */
  readonly key: string;
  /** Where it comes from. */
  readonly source: ContainerTemplateSource;
  /** File name on the image datastore, prefixed with the environment name so environments never share one. */
  readonly fileName: string;
  /** Its volume on every node that runs a container of it: `<imageDatastore>:vztmpl/<fileName>`. */
  readonly volumeId: string;
  /** The distribution inside, which Proxmox sets up (network, hostname, SSH keys) by. */
  readonly osType: ContainerOsType;
}

/** What an LXC container may do on its node. */
export interface ContainerSettingsPlan {
  /** Root inside maps to an unprivileged user of the node. */
  readonly unprivileged: boolean;
  /** Nested namespaces are allowed (the `nesting` feature). */
  readonly nesting: boolean;
}

/** The environment's backup job (vzdump) of its stateful machines. */
export interface BackupPlan {
  /** Job ID in Proxmox: `homelab-<env>`. */
  readonly id: string;
  /** Whether it runs. */
  readonly enabled: boolean;
  /** Datastore the backups go to. */
  readonly storage: string;
  /** Proxmox calendar event, e.g. `02:30`. */
  readonly schedule: string;
  /** vzdump mode. */
  readonly mode: "snapshot" | "suspend" | "stop";
  /** Backups kept per machine. */
  readonly keep: { readonly daily: number; readonly weekly: number; readonly monthly: number };
  /** When a notification is sent. */
  readonly notify: "always" | "failure";
  /** Who gets it. @default the notification system's default target */
  readonly mailTo: readonly string[];
  /** The machines it backs up (every machine of a stateful persona), by name. */
  readonly machines: readonly string[];
  /** Their VMIDs, ascending. */
  readonly vmIds: readonly number[];
}

/** A disk of a machine. */
export interface DiskPlan {
  /** Size in GiB: never below what the machine registry records (disks only grow). */
  readonly sizeGiB: number;
  /** Datastore that holds it. */
  readonly datastore: string;
  /** Bus and slot in the VM (`scsi0` for the boot disk); a data disk keeps the slot the machine registry records for its purpose. */
  readonly slot: string;
}

/** A data disk of a machine: what its persona asks for, placed. */
export interface DataDiskPlan extends DiskPlan {
  /** What the disk holds, e.g. `docker-volumes`. */
  readonly purpose: string;
  /** The serial the guest sees (the purpose): the disk is `/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_<serial>`. */
  readonly serial: string;
  /** Where Ansible mounts it (the persona's, or `/srv/<purpose>`). */
  readonly mountPoint: string;
}

/** What a machine's VM does when Terraform destroys it. */
export interface MachineLifecycle {
  /** Proxmox deletion protection. */
  readonly protection: boolean;
  /** Terraform refuses to plan a destroy (`lifecycle.prevent_destroy`). */
  readonly preventDestroy: boolean;
  /**
   * Disks of the VMID that the VM does not refer to survive a destroy (`delete_unreferenced_disks_on_destroy = false`).
   * The disks it refers to (boot, data, cloud-init, unused) go with the VM whatever this says.
   */
  readonly keepUnreferencedDisks: boolean;
  /** Stop the VM rather than shut the guest down before destroying it. */
  readonly stopOnDestroy: boolean;
}

/** What every machine, VM or container, resolves to. */
export interface MachinePlanBase {
  /** Hostname and VM name. */
  readonly name: string;
  /** Index in the environment's `machines` (for error paths). */
  readonly index: number;
  /** The persona the machine plays. */
  readonly persona: Persona;
  /** Proxmox node. */
  readonly node: string;
  /** VMID: pinned in the file, or handed out from the environment's range. */
  readonly vmId: number;
  /** Whether the file pins the VMID (`machines[].vmid`) rather than leaving it to the allocation. */
  readonly vmIdPinned: boolean;
  /** Static IPv4 address (no prefix). */
  readonly ip: string;
  /** Effective size name. */
  readonly size: SizeName;
  /** CPU, memory and boot disk size for that size. */
  readonly resources: SizeSpec;
  /** The boot disk (a container's root file system). */
  readonly bootDisk: DiskPlan;
  /** Data disks, in the persona's order (a container's mount points, at their mount points). */
  readonly dataDisks: readonly DataDiskPlan[];
  /** Compose stacks it runs. */
  readonly composeStacks: readonly string[];
  /** The services of its persona (the catalog's base services aside). */
  readonly services: readonly Service[];
  /** Every port its firewall lets in: those of the base services and of its services, by port, then protocol. */
  readonly firewall: readonly ServicePort[];
  /** Start order from the persona dependency depth (1 = depends on nothing). */
  readonly startOrder: number;
  /** Machines of the environment this one is created after (those of the personas its persona depends on), in creation order: start order, then file order. */
  readonly dependsOn: readonly string[];
  /** Destroy-time behaviour: the persona's defaults with the machine's `lifecycle` overrides applied. */
  readonly lifecycle: MachineLifecycle;
  /** Whether the environment names the machine in `allowDataLoss`. */
  readonly allowDataLoss: boolean;
  /**
   * Whether the environment names the machine in `rebuild`: its VM follows its template, so a
   * template change re-clones it (Terraform replaces it). Otherwise the clone source is ignored
   * once the VM exists and a template bump only changes what new machines clone.
   */
  readonly rebuild: boolean;
}

/**
 * A machine of the registry on its way out (`retiring` in `environments/<env>.lock.yaml`): its VM
 * is kept for one more deploy, stopped, with Proxmox protection and `prevent_destroy` off, so that
 * the deploy after `npm run synth -- --retire <name>` can destroy it.
 */
export interface RetiringMachinePlan {
  /** The machine's name: its VM keeps its Terraform address. */
  readonly name: string;
  /** The VMID its VM holds. */
  readonly vmId: number;
  /** The node its VM runs on. */
  readonly node: string;
  /** Whether its persona was stateful (it stops rather than shuts down on destroy). */
  readonly stateful: boolean;
  /** Why it retires: gone from `machines`, or about to be replaced by a new VM of the same name. */
  readonly reason: "removed" | "replaced";
}

/** A machine that runs as a VM cloned from a golden template. */
export interface VmMachinePlan extends MachinePlanBase {
  /** A VM. */
  readonly kind: "vm";
  /** The template it clones. */
  readonly template: TemplatePlan;
}

/** A machine that runs as an LXC container created from an LXC template. */
export interface ContainerMachinePlan extends MachinePlanBase {
  /** An LXC container. */
  readonly kind: "container";
  /** The LXC template it is created from. */
  readonly template: ContainerTemplatePlan;
  /** What the container may do. */
  readonly container: ContainerSettingsPlan;
}

/** One machine, fully resolved: the single record its VM or container and its inventory entry are made from. */
export type MachinePlan = VmMachinePlan | ContainerMachinePlan;

/** A validated environment with every machine resolved. */
export interface EnvironmentModel {
  /** Environment name (the file name without extension): it names the stacks. */
  readonly name: string;
  /** Source file, relative and `/`-separated (or a label for environments written in code). */
  readonly file: string;
  /** The Proxmox API and what the environment may use of the cluster. */
  readonly proxmox: ProxmoxPlan;
  /** The network. */
  readonly network: NetworkPlan;
  /** Login user and keys. */
  readonly access: AccessPlan;
  /** State backend of the environment's stacks. */
  readonly backend: BackendPlan;
  /** The VMIDs it owns (inclusive): its machines, templates and base image VMs, and no one else's. */
  readonly vmIdRange: { readonly start: number; readonly end: number };
  /** Templates in key order. */
  readonly templates: readonly TemplatePlan[];
  /** LXC templates in key order. */
  readonly containerTemplates: readonly ContainerTemplatePlan[];
  /** Machines in file order (a machine whose VM retires to be replaced is left out until the retirement ends). */
  readonly machines: readonly MachinePlan[];
  /** Machines of the registry whose VMs are retiring, by name. */
  readonly retiring: readonly RetiringMachinePlan[];
  /** The machine registry after this synth: what `environments/<env>.lock.yaml` must say. */
  readonly registry: MachineRegistry;
  /** What works but deserves attention (moving image URLs, retirements under way, stale names), one `file: path: message` each. */
  readonly warnings: readonly ValidationIssue[];
  /** The app catalogue, in file order. */
  readonly apps: readonly AppPlan[];
  /** More folders of Compose stacks (relative to the project root), searched after `ansible/compose/`. */
  readonly composeStackDirs: readonly string[];
  /** The lab CA's URL (`https://<machine>.<domain>` of the first machine by name with the `certificate_authority` service), where the reverse proxy gets certificates by ACME; absent without such a machine. */
  readonly caUrl?: string;
  /** The backup job of its stateful machines; undefined when it has none. */
  readonly backup?: BackupPlan;
}

/** The templates some VM of the environment clones, in template key order: the ones to import and build. */
export function templatesInUse(model: EnvironmentModel): TemplatePlan[] {
  const used = new Set(model.machines.flatMap((machine) => (machine.kind === "vm" ? [machine.template.key] : [])));
  return model.templates.filter((template) => used.has(template.key));
}

/**
 * The LXC templates some container of the environment uses, in key order, each with the nodes
 * that run such a container (in `proxmox.nodes` order): a template file lives on each node's own
 * image datastore, so it is put on every one of them.
 */
export function containerTemplatesInUse(model: EnvironmentModel): { readonly template: ContainerTemplatePlan; readonly nodes: readonly string[] }[] {
  return model.containerTemplates.flatMap((template) => {
    const users = new Set(
      model.machines.filter((machine) => machine.kind === "container" && machine.template.key === template.key).map((machine) => machine.node),
    );
    const nodes = model.proxmox.nodes.map((node) => node.name).filter((node) => users.has(node));
    return nodes.length > 0 ? [{ template, nodes }] : [];
  });
}
