import { ApiError, noSuchVm } from "../api/api-error";
import type { SeedGuest, SeedToken, SimulatorSeed } from "../seed";
import { formatSize, printConfigValue, proxmoxMac } from "./property-formats";
import type { FileStorageLayout, Volume } from "./storage";
import { Storage } from "./storage";
import { TaskRegistry } from "./tasks";
import type { UrlResolver } from "./url-fetch";

/** A node of the cluster. */
export interface NodeState {
  readonly name: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly bridges: readonly string[];
  /** The address of its first bridge (TEST-NET-1: reachable only through the simulator's SOCKS proxy). */
  readonly address: string;
  /** Whether the cluster sees it online. */
  readonly online: boolean;
}

/** A VM (or template) and its config as PVE keeps it: every value as text, as in `<vmid>.conf`. */
export interface VmState {
  readonly vmid: number;
  node: string;
  config: Record<string, string>;
  running: boolean;
  /** Keys changed while running that apply at the next start (PVE's pending section). */
  readonly pendingRestart: Set<string>;
  /** Unix seconds of the last start. */
  startedAt?: number;
}

/** An LXC container and its config as pve-container keeps it: every value as text, as in `<vmid>.conf`. */
export interface ContainerState {
  readonly vmid: number;
  node: string;
  config: Record<string, string>;
  running: boolean;
  /** Keys changed while running that apply at the next start (the pending section). */
  readonly pendingRestart: Set<string>;
  /** Unix seconds of the last start. */
  startedAt?: number;
  /** What Proxmox wrote into root's `~/.ssh/authorized_keys` from `ssh-public-keys` at creation. */
  rootAuthorizedKeys: string;
}

/** A vzdump job of `jobs.cfg`, its settings as text, as pve-manager keeps them. */
export interface BackupJobState {
  readonly id: string;
  config: Record<string, string>;
}

/** A resource pool. */
export interface PoolState {
  readonly poolid: string;
  comment?: string;
  /** `qemu/<vmid>` or `storage/<node>/<storage>`. */
  readonly members: Set<string>;
}

/** Options of the state. */
export interface ClusterOptions {
  /** Where file storages keep their directories. */
  readonly dataDir: string;
  /** How long a task runs before it ends. @default 0 (it ends on the next turn of the event loop) */
  readonly taskDurationMs?: number;
  /** Where `download-url` and `query-url-metadata` really fetch from. @default nowhere (every URL refused) */
  readonly resolveUrl?: UrlResolver;
  /** Where local file storages keep each node's files. @default `per-node` */
  readonly fileStorageLayout?: FileStorageLayout;
}

/** A container of someone else's that the cluster starts with (stopped, its root file system not simulated). */
function foreignContainer(guest: SeedGuest): ContainerState {
  return {
    vmid: guest.vmid,
    node: guest.node,
    running: false,
    pendingRestart: new Set(),
    rootAuthorizedKeys: "",
    config: { hostname: guest.name, arch: "amd64", ostype: "debian", memory: "512", swap: "512", cores: "1" },
  };
}

/** Byte count of a GiB. */
export const GIB = 1024 ** 3;

/**
 * The state of the simulated cluster: nodes, storages, VMs, pools and tasks, seeded from a
 * {@link SimulatorSeed}. Lookups throw the {@link ApiError} Proxmox VE answers with.
 */
export class Cluster {
  readonly nodes = new Map<string, NodeState>();
  readonly storages = new Map<string, Storage>();
  readonly vms = new Map<number, VmState>();
  /** LXC containers (their VMIDs are disjoint from the VMs'). */
  readonly containers = new Map<number, ContainerState>();
  readonly pools = new Map<string, PoolState>();
  /** vzdump jobs of `cluster/backup`, by ID. */
  readonly backupJobs = new Map<string, BackupJobState>();
  /** The API tokens by ID (`user@realm!name`), in seed order; a test may replace one to change what it may do. */
  readonly tokens: Map<string, SeedToken>;
  /** The Proxmox VE release the cluster runs, e.g. `9.1.3`. */
  readonly version: string;
  readonly tasks: TaskRegistry;
  readonly resolveUrl: UrlResolver;
  private macSequence = 0;

  constructor(seed: SimulatorSeed, options: ClusterOptions) {
    this.tasks = new TaskRegistry(options.taskDurationMs ?? 0);
    this.resolveUrl = options.resolveUrl ?? (() => undefined);
    const tokens = seed.tokens ?? [{ id: "root@pam!sim", acl: [{ path: "/", privileges: "all" }] }];
    this.tokens = new Map(tokens.map((token) => [token.id, token]));
    this.version = seed.version ?? "9.1.3";
    seed.nodes.forEach((node, index) => {
      this.nodes.set(node.name, {
        name: node.name,
        cores: node.cores ?? 8,
        memoryMiB: node.memoryMiB ?? 32768,
        bridges: node.bridges,
        address: `192.0.2.${11 + index}`,
        online: node.online ?? true,
      });
    });
    const nodeNames = seed.nodes.map((node) => node.name);
    for (const storage of seed.storages)
      this.storages.set(storage.id, new Storage(storage, options.dataDir, nodeNames, options.fileStorageLayout ?? "per-node"));
    for (const poolid of seed.pools ?? []) this.pools.set(poolid, { poolid, members: new Set() });
    for (const template of seed.templates ?? []) {
      const storage = this.storage(template.storage);
      const disk = storage.allocate(template.vmid, template.node, template.diskGiB * GIB, `base-${template.vmid}-disk-0`);
      const cloudInit = storage.allocate(template.vmid, template.node, 4 * 1024 ** 2, `vm-${template.vmid}-cloudinit`);
      this.vms.set(template.vmid, {
        vmid: template.vmid,
        node: template.node,
        running: false,
        pendingRestart: new Set(),
        config: {
          name: template.name,
          template: "1",
          cores: "2",
          memory: "2048",
          ostype: "l26",
          scsihw: "virtio-scsi-single",
          scsi0: `${disk.volid},discard=on,iothread=1,size=${formatSize(disk.sizeBytes)},ssd=1`,
          ide2: `${cloudInit.volid},media=cdrom`,
          net0: printConfigValue("net0", { model: "virtio", macaddr: this.nextMac(), bridge: template.bridge }),
          agent: "1",
          boot: "order=scsi0;net0",
          ...this.identity(),
        },
      });
    }
    for (const guest of seed.guests ?? []) {
      this.node(guest.node);
      if (!this.vmidFree(guest.vmid)) throw new Error(`seed: VMID ${guest.vmid} is taken twice`);
      if (guest.type === "lxc") this.containers.set(guest.vmid, foreignContainer(guest));
      else {
        const config = { name: guest.name, memory: "1024", cores: "1", ostype: "l26", ...this.identity() };
        this.vms.set(guest.vmid, { vmid: guest.vmid, node: guest.node, running: false, pendingRestart: new Set(), config });
      }
    }
  }

  /** A node, or PVE's error for a name it cannot resolve. */
  node(name: string): NodeState {
    const node = this.nodes.get(name);
    if (!node) throw new ApiError(500, `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
    return node;
  }

  /** A storage from storage.cfg. */
  storage(id: string): Storage {
    const storage = this.storages.get(id);
    if (!storage) throw new ApiError(500, `storage '${id}' does not exist`);
    return storage;
  }

  /** A storage as `node` sees it (it must be configured for that node). */
  storageOn(node: string, id: string): Storage {
    const storage = this.storage(id);
    if (!storage.availableOn(node)) throw new ApiError(500, `storage '${id}' is not available on node '${node}'`);
    return storage;
  }

  /** The VM `vmid` on `node`, or PVE's "Configuration file ... does not exist". */
  vmOn(node: string, vmid: number): VmState {
    this.node(node);
    const vm = this.vms.get(vmid);
    if (!vm || vm.node !== node) throw noSuchVm(node, vmid);
    return vm;
  }

  /** The file behind a file volid on `node` (see {@link Storage.fileOf}). */
  file(volid: string, node: string): ReturnType<Storage["fileOf"]> {
    const storage = this.storages.get(volid.split(":")[0]);
    return storage?.availableOn(node) ? storage.fileOf(volid, node) : undefined;
  }

  /** The disk image of a volid as `node` sees it. */
  volume(volid: string, node: string): Volume | undefined {
    const storageId = volid.split(":")[0];
    return this.storages.get(storageId)?.findVolume(volid, node);
  }

  /** The next MAC address in Proxmox's OUI. */
  nextMac(): string {
    this.macSequence += 1;
    return proxmoxMac(this.macSequence);
  }

  /** What PVE writes into a new VM's config: `vmgenid`, `smbios1` UUID and `meta`. */
  identity(): Record<string, string> {
    const uuid = () => {
      this.macSequence += 1;
      const hex = this.macSequence.toString(16).padStart(12, "0");
      return `5e1a7000-0000-4000-8000-${hex}`;
    };
    return { vmgenid: uuid(), smbios1: `uuid=${uuid()}`, meta: `creation-qemu=9.2.0,ctime=${Math.floor(Date.now() / 1000)}` };
  }

  /** Throws PVE's error when the VM holds a config lock. */
  checkLock(vm: VmState, skiplock = false): void {
    const lock = vm.config.lock;
    if (lock && !skiplock) throw new ApiError(500, `VM is locked (${lock})`);
  }

  /** Frees every disk image of guest `vmid` on `node`'s storages (and the shared ones). */
  freeVolumesOf(node: string, vmid: number): void {
    for (const storage of this.storages.values()) {
      for (const volume of storage.volumesOn(node)) if (volume.vmid === vmid) storage.freeVolume(volume);
    }
  }

  /** Whether `vmid` is free cluster-wide (no VM and no container has it). */
  vmidFree(vmid: number): boolean {
    return !this.vms.has(vmid) && !this.containers.has(vmid);
  }
}
