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
}
