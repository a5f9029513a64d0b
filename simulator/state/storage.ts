import * as fs from "fs";
import * as path from "path";
import { ApiError } from "../api/api-error";
import { SeedStorage, StorageContent, StorageType } from "../seed";

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
 * One storage of storage.cfg. Disk images live in memory; files (images to import, snippets,
 * ISOs) live in a real directory, the storage's `path`, so that what the provider writes over SSH
 * is what the API lists. The directory is shared by every node in the simulation.
 */
export class Storage {
  readonly id: string;
  readonly type: StorageType;
  readonly content: readonly StorageContent[];
  readonly shared: boolean;
  readonly nodes: readonly string[] | undefined;
  /** The directory of a file storage. */
  readonly path: string | undefined;
  private readonly volumes = new Map<string, Volume>();

  constructor(seed: SeedStorage, dataDir: string) {
    this.id = seed.id;
    this.type = seed.type;
    this.content = seed.content;
    this.shared = seed.shared ?? false;
    this.nodes = seed.nodes;
    if (FILE_STORAGE_TYPES.has(seed.type)) {
      this.path = path.join(dataDir, "storage", seed.id);
      for (const content of seed.content) {
        const directory = CONTENT_DIRECTORIES[content];
        if (directory) fs.mkdirSync(path.join(this.path, directory), { recursive: true });
      }
    }
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

  /** The file behind a file volid (`local:import/x.qcow2`), or undefined when it is not a file volume. */
  fileOf(volid: string): { content: StorageContent; file: string; name: string } | undefined {
    if (!this.path || !volid.startsWith(`${this.id}:`)) return undefined;
    const match = /^([a-z]+)\/([^/]+)$/.exec(volid.slice(this.id.length + 1));
    const content = match && CONTENT_OF_PREFIX[match[1]];
    if (!match || !content) return undefined;
    return { content, name: match[2], file: path.join(this.path, CONTENT_DIRECTORIES[content] as string, match[2]) };
  }

  /** Where a new file of `content` named `name` goes. */
  filePath(content: StorageContent, name: string): string {
    this.requireContent(content);
    const directory = CONTENT_DIRECTORIES[content];
    if (!this.path || !directory) throw new ApiError(500, `storage '${this.id}' does not support content-type '${content}'`);
    return path.join(this.path, directory, name);
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
        const directory = CONTENT_DIRECTORIES[type];
        if (!directory || (content !== undefined && content !== type)) continue;
        const dir = path.join(this.path, directory);
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
