import * as fs from "fs";
import * as path from "path";
import { ApiError } from "../api/api-error";
import type { SeedStorage, StorageContent, StorageType } from "../seed";

/** A disk image volume (`images` content), kept in memory. */
export interface Volume {
  /** `<storage>:<name>`, e.g. `local-lvm:vm-2000-disk-0`. */
  readonly volid: string;
  readonly storage: string;
  /** The volume name inside the storage, e.g. `vm-2000-disk-0` or `base-2901-disk-0`. */
  readonly name: string;
  /** The node whose storage holds it; undefined on shared storage. */
  readonly node: string | undefined;
  /** The VM that owns it. */
  readonly vmid: number;
  readonly format: "raw" | "qcow2";
  sizeBytes: number;
  readonly ctime: number;
}

/** A line of `GET nodes/{node}/storage/{storage}/content`. */
export interface ContentEntry {
  readonly volid: string;
  readonly content: StorageContent;
  readonly format: string;
  readonly size: number;
  readonly ctime: number;
  readonly vmid?: number;
  readonly used?: number;
}

/** Directories of a file storage per content type, as PVE lays them out. */
const CONTENT_DIRECTORIES: Partial<Record<StorageContent, string>> = {
  import: "import",
  snippets: "snippets",
  iso: "template/iso",
  vztmpl: "template/cache",
  backup: "dump",
};

/** Volume-name prefix of each file content type in a volid (`local:iso/x.iso`). */
const CONTENT_OF_PREFIX: Readonly<Record<string, StorageContent>> = { import: "import", snippets: "snippets", iso: "iso", vztmpl: "vztmpl", backup: "backup" };

const FILE_STORAGE_TYPES: ReadonlySet<StorageType> = new Set(["dir", "nfs"]);

/** The file format PVE reports for a file name. */
function formatOfFile(content: StorageContent, name: string): string {
  if (content === "snippets") return "snippet";
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (content === "iso") return "iso";
  return extension ?? "raw";
}

/**
 * Where a file storage's files live. PVE's `path` is one name on every node, but a local storage
 * is a different disk on each node: `per-node` gives each node its own directory (the harness
 * mounts it at `path` for that node's sshd), `shared` one directory for all (when the harness
 * cannot give each sshd its own mount namespace).
 */
export type FileStorageLayout = "per-node" | "shared";

/**
 * One storage of storage.cfg. Disk images live in memory; files (images to import, snippets,
 * ISOs) live in real directories, so that what the provider writes over SSH is what the API lists.
 * A shared storage (NFS) has one directory; a local one a directory per node (see {@link FileStorageLayout}).
 */
export class Storage {
  readonly id: string;
  readonly type: StorageType;
  readonly content: readonly StorageContent[];
  readonly shared: boolean;
  readonly nodes: readonly string[] | undefined;
  /** The `path` of a file storage in storage.cfg (the same on every node, as in PVE). */
  readonly path: string | undefined;
  private readonly volumes = new Map<string, Volume>();
  private readonly nodeDirectories = new Map<string, string>();

  constructor(seed: SeedStorage, dataDir: string, nodes: readonly string[], layout: FileStorageLayout) {
    this.id = seed.id;
    this.type = seed.type;
    this.content = seed.content;
    this.shared = seed.shared ?? false;
    this.nodes = seed.nodes;
    if (!FILE_STORAGE_TYPES.has(seed.type)) return;
    this.path = path.join(dataDir, "storage", seed.id);
    fs.mkdirSync(this.path, { recursive: true });
    for (const node of nodes.filter((name) => this.availableOn(name))) {
      const directory = this.shared || layout === "shared" ? this.path : path.join(dataDir, "nodes", node, "storage", seed.id);
      this.nodeDirectories.set(node, directory);
      for (const content of seed.content) {
        const subdirectory = CONTENT_DIRECTORIES[content];
        if (subdirectory) fs.mkdirSync(path.join(directory, subdirectory), { recursive: true });
      }
    }
  }

  /** The directory that holds `node`'s files of this file storage (what is mounted at {@link path} on that node). */
  directoryOn(node: string): string {
    const directory = this.nodeDirectories.get(node);
    if (!directory) throw new ApiError(500, `storage '${this.id}' is not a file storage on node '${node}'`);
    return directory;
  }

  /** Directories that differ from `path`, by node: what the harness mounts for each node's sshd. */
  nodeMounts(): ReadonlyMap<string, string> {
    return new Map([...this.nodeDirectories].filter(([, directory]) => directory !== this.path));
  }

  /** Whether `node` has this storage. */
  availableOn(node: string): boolean {
    return this.nodes === undefined || this.nodes.includes(node);
  }

  /** Throws PVE's error unless the storage may hold `content`. */
  requireContent(content: StorageContent): void {
    if (!this.content.includes(content)) throw new ApiError(500, `storage '${this.id}' does not support content-type '${content}'`);
  }

  // ---- disk images ----

  /** A free name `vm-<vmid>-disk-<n>` (or `<prefix>-...`) on `node`'s instance of this storage. */
  freeDiskName(vmid: number, node: string, prefix: "vm" | "base" = "vm"): string {
    for (let n = 0; ; n++) {
      const name = `${prefix}-${vmid}-disk-${n}`;
      if (!this.findVolume(`${this.id}:${name}`, node) && !this.findVolume(`${this.id}:${name.replace(/^vm-/, "base-")}`, node)) return name;
    }
  }

  /** Allocates a disk image for `vmid` on `node`. */
  allocate(vmid: number, node: string, sizeBytes: number, name = this.freeDiskName(vmid, node)): Volume {
    this.requireContent("images");
    const owner = this.shared ? undefined : node;
    if (this.findVolume(`${this.id}:${name}`, node)) throw new ApiError(500, `volume '${this.id}:${name}' already exists`);
    const volume: Volume = {
      volid: `${this.id}:${name}`,
      storage: this.id,
      name,
      node: owner,
      vmid,
      format: FILE_STORAGE_TYPES.has(this.type) ? "qcow2" : "raw",
      sizeBytes,
      ctime: Math.floor(Date.now() / 1000),
    };
    this.volumes.set(this.key(volume.volid, owner), volume);
    return volume;
  }

  /** The disk image `volid` as `node` sees it. */
  findVolume(volid: string, node: string): Volume | undefined {
    return this.volumes.get(this.key(volid, this.shared ? undefined : node));
  }

  /** Removes a disk image. */
  freeVolume(volume: Volume): void {
    this.volumes.delete(this.key(volume.volid, volume.node));
  }

  /** Renames a disk image (template conversion: `vm-` to `base-`); returns the renamed volume. */
  renameVolume(volume: Volume, name: string): Volume {
    this.volumes.delete(this.key(volume.volid, volume.node));
    const renamed: Volume = { ...volume, volid: `${this.id}:${name}`, name };
    this.volumes.set(this.key(renamed.volid, renamed.node), renamed);
    return renamed;
  }

  /** Moves a disk image to another node's instance of this (local) storage. */
  moveVolume(volume: Volume, node: string): Volume {
    if (this.shared) return volume;
    this.volumes.delete(this.key(volume.volid, volume.node));
    const moved: Volume = { ...volume, node };
    this.volumes.set(this.key(moved.volid, node), moved);
    return moved;
  }

  /** Every disk image of the storage, on every node. */
  allVolumes(): Volume[] {
    return [...this.volumes.values()];
  }

  /** Every disk image on `node`'s instance (or on the shared storage). */
  volumesOn(node: string): Volume[] {
    return [...this.volumes.values()].filter((volume) => volume.node === undefined || volume.node === node);
  }

  private key(volid: string, node: string | undefined): string {
    return `${node ?? "*"}\0${volid}`;
  }

  // ---- files ----

  /**
   * The file behind a file volid (`local:import/x.qcow2`) on `node`: where it is in the simulation
   * (`file`) and the path PVE would name (`pvePath`, below the storage's `path`); undefined when
   * the volid is not a file volume of this storage.
   */
  fileOf(volid: string, node: string): { content: StorageContent; name: string; file: string; pvePath: string } | undefined {
    if (!this.path || !volid.startsWith(`${this.id}:`)) return undefined;
    const match = /^([a-z]+)\/([^/]+)$/.exec(volid.slice(this.id.length + 1));
    const content = match && CONTENT_OF_PREFIX[match[1]];
    const subdirectory = content && CONTENT_DIRECTORIES[content];
    if (!match || !content || !subdirectory) return undefined;
    return { content, name: match[2], file: path.join(this.directoryOn(node), subdirectory, match[2]), pvePath: path.join(this.path, subdirectory, match[2]) };
  }

  /** Where a new file of `content` named `name` goes on `node`. */
  filePath(content: StorageContent, name: string, node: string): string {
    this.requireContent(content);
    const subdirectory = CONTENT_DIRECTORIES[content];
    if (!this.path || !subdirectory) throw new ApiError(500, `storage '${this.id}' does not support content-type '${content}'`);
    return path.join(this.directoryOn(node), subdirectory, name);
  }

  /** The content listing of `node`'s view of this storage, optionally of one content type. */
  list(node: string, content?: StorageContent): ContentEntry[] {
    const entries: ContentEntry[] = [];
    if (content === undefined || content === "images") {
      for (const volume of this.volumesOn(node)) {
        entries.push({
          volid: volume.volid,
          content: "images",
          format: volume.format,
          size: volume.sizeBytes,
          ctime: volume.ctime,
          vmid: volume.vmid,
          used: volume.sizeBytes,
        });
      }
    }
    if (this.path) {
      for (const type of this.content) {
        const subdirectory = CONTENT_DIRECTORIES[type];
        if (!subdirectory || (content !== undefined && content !== type)) continue;
        const dir = path.join(this.directoryOn(node), subdirectory);
        for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
          const stat = fs.statSync(path.join(dir, name));
          if (!stat.isFile()) continue;
          const prefix = Object.keys(CONTENT_OF_PREFIX).find((key) => CONTENT_OF_PREFIX[key] === type) as string;
          entries.push({
            volid: `${this.id}:${prefix}/${name}`,
            content: type,
            format: formatOfFile(type, name),
            size: stat.size,
            ctime: Math.floor(stat.mtimeMs / 1000),
          });
        }
      }
    }
    return entries.sort((a, b) => a.volid.localeCompare(b.volid));
  }
}
