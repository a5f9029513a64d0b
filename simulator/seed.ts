/** Content types a Proxmox VE storage can hold. */
export type StorageContent = "images" | "rootdir" | "iso" | "vztmpl" | "backup" | "snippets" | "import";

/** Storage types the simulator knows: file storages keep their files in a directory, the others volumes in memory. */
export type StorageType = "dir" | "nfs" | "lvmthin" | "lvm" | "zfspool" | "rbd";

/** A node of the simulated cluster. */
export interface SeedNode {
  /** Node name, e.g. `pve1`. */
  readonly name: string;
  /** CPU cores. @default 8 */
  readonly cores?: number;
  /** Memory in MiB. @default 32768 */
  readonly memoryMiB?: number;
  /** Linux bridges on the node, e.g. `vmbr0` (the first one carries the node's address). */
  readonly bridges: readonly string[];
  /** Whether the cluster sees the node online. @default true */
  readonly online?: boolean;
}

/** A storage of the simulated cluster (storage.cfg). */
export interface SeedStorage {
  /** Storage ID, e.g. `local-lvm`. */
  readonly id: string;
  readonly type: StorageType;
  readonly content: readonly StorageContent[];
  /** Same storage on every node (NFS, Ceph) rather than one per node. @default false */
  readonly shared?: boolean;
  /** Nodes that have it. @default every node */
  readonly nodes?: readonly string[];
}

/** A VM template that exists before anything runs (as if built earlier by Packer). */
export interface SeedTemplate {
  readonly vmid: number;
  readonly name: string;
  readonly node: string;
  /** Storage of its disk and cloud-init drive. */
  readonly storage: string;
  /** Size of its boot disk (`scsi0`) in GiB. */
  readonly diskGiB: number;
  /** Bridge of its NIC (`net0`). */
  readonly bridge: string;
}

/** A VM or container that exists before anything runs and that no environment declares (someone else's). */
export interface SeedGuest {
  readonly vmid: number;
  readonly name: string;
  readonly node: string;
  /** `qemu` (a VM) or `lxc` (a container). */
  readonly type: "qemu" | "lxc";
}

/** One ACL entry of a token: privileges on a path (`/`, `/vms/2000`, `/storage/local`). */
export interface SeedAclEntry {
  readonly path: string;
  /** Privilege names (`VM.Allocate`), or `all` for every privilege (the Administrator role). */
  readonly privileges: readonly string[] | "all";
  /** Whether the entry also applies below the path. @default true */
  readonly propagate?: boolean;
}

/** An API token the simulator accepts, with what it may do. */
export interface SeedToken {
  /** `user@realm!name`, e.g. `terraform@pve!homelab`. */
  readonly id: string;
  /** Its ACL (already the intersection with its user's, as PVE computes for privilege-separated tokens). */
  readonly acl: readonly SeedAclEntry[];
}

/**
 * What a simulated Proxmox VE cluster starts with: plain data, so that the simulator knows
 * nothing of environment files (`simulator/environment-seed.ts` adapts those).
 */
export interface SimulatorSeed {
  readonly nodes: readonly SeedNode[];
  readonly storages: readonly SeedStorage[];
  /** @default none */
  readonly templates?: readonly SeedTemplate[];
  /** Resource pools by ID. @default none */
  readonly pools?: readonly string[];
  /** Guests of others. @default none */
  readonly guests?: readonly SeedGuest[];
  /** The API tokens; the first is the one {@link SimulatorSeed} users get by default. @default `root@pam!sim` with every privilege on `/` */
  readonly tokens?: readonly SeedToken[];
  /** The Proxmox VE release it answers as (`GET version`). @default `9.1.3` (the vendored API schema's) */
  readonly version?: string;
}
