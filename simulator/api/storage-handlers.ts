import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { ApiError } from "./api-error";
import type { HandlerRequest, HandlerTable } from "./handler-table";
import { param } from "./handler-table";
import type { StorageContent } from "../seed";
import type { Cluster } from "../state/cluster";
import type { Storage } from "../state/storage";
import { fetchUrl } from "../state/url-fetch";

const STORAGE = "/nodes/{node}/storage/{storage}";

/** File names `download-url` accepts per content type (PVE's extension checks). */
const DOWNLOAD_NAME: Readonly<Record<string, RegExp>> = {
  iso: /^[^/]+\.(iso|img)$/i,
  vztmpl: /^[^/]+\.tar\.(gz|xz|zst|bz2)$/i,
  import: /^[^/]+\.(ova|ovf|qcow2|raw|vmdk)$/i,
};

/** The storage of a `{node}/storage/{storage}` path. */
function storageOf(request: HandlerRequest): { node: string; storage: Storage } {
  const node = param.string(request, "node");
  request.cluster.node(node);
  return { node, storage: request.cluster.storageOn(node, param.string(request, "storage")) };
}

/** The full volid of a `content/{volume}` path (a bare name is in the path's storage). */
function volidOf(request: HandlerRequest, storage: Storage): string {
  const volume = param.string(request, "volume");
  return volume.includes(":") ? volume : `${storage.id}:${volume}`;
}

/** `storage.cfg` entry of a storage. */
export function storageConfig(storage: Storage): Record<string, unknown> {
  return {
    storage: storage.id,
    type: storage.type,
    content: [...storage.content].sort().join(","),
    shared: storage.shared ? 1 : 0,
    ...(storage.path ? { path: storage.path } : {}),
    ...(storage.type === "lvmthin" ? { thinpool: "data", vgname: "pve" } : {}),
    ...(storage.type === "zfspool" ? { pool: "rpool/data", sparse: 1 } : {}),
    ...(storage.nodes ? { nodes: storage.nodes.join(",") } : {}),
    digest: crypto.createHash("sha1").update(storage.id).digest("hex"),
  };
}

/** Capacity figures of a storage on a node (a generous fixed size minus what its volumes use). */
export function storageStatus(node: string, storage: Storage): Record<string, unknown> {
  const total = 2 * 1024 ** 4;
  const used = storage.list(node).reduce((sum, entry) => sum + entry.size, 0);
  return {
    storage: storage.id,
    type: storage.type,
    content: [...storage.content].sort().join(","),
    shared: storage.shared ? 1 : 0,
    active: 1,
    enabled: 1,
    total,
    used,
    avail: total - used,
  };
}

/** Downloads `url` into the storage as `download-url`'s worker does, checking size and checksum. */
async function download(
  cluster: Cluster,
  url: string,
  target: string,
  checksum: { algorithm?: string; value?: string },
  compression: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  log(`downloading ${url} to ${target}`);
  const response = await fetchUrl(url, cluster.resolveUrl, "GET");
  if (response.status !== 200) throw new Error(`download failed: ${response.status}`);
  let body = response.body;
  if (checksum.value !== undefined) {
    const got = crypto
      .createHash(checksum.algorithm ?? "sha256")
      .update(body)
      .digest("hex");
    if (got !== checksum.value.toLowerCase()) throw new Error(`checksum mismatch: got '${got}' != expect '${checksum.value}'`);
    log(`checksum verified`);
  }
  if (compression !== undefined) {
    if (compression !== "gz") throw new Error(`decompression '${compression}' is not supported by the simulator`);
    body = zlib.gunzipSync(body);
  }
  const temporary = `${target}.tmp_dwnl.${process.pid}`;
  fs.writeFileSync(temporary, body);
  fs.renameSync(temporary, target);
  log(`download of '${url}' to '${target}' finished`);
}

/** Registers storage config, status, content and download endpoints. */
export function registerStorageHandlers(table: HandlerTable): void {
  table
    .on("GET", "/storage", (request) => [...request.cluster.storages.values()].map(storageConfig))
    .on("GET", "/storage/{storage}", (request) => storageConfig(request.cluster.storage(param.string(request, "storage"))))
    .on("GET", "/nodes/{node}/storage", (request) => {
      const node = param.string(request, "node");
      request.cluster.node(node);
      const content = param.optionalString(request, "content");
      return [...request.cluster.storages.values()]
        .filter((storage) => storage.availableOn(node) && (content === undefined || storage.content.includes(content as StorageContent)))
        .map((storage) => storageStatus(node, storage));
    })
    .on("GET", `${STORAGE}/status`, (request) => {
      const { node, storage } = storageOf(request);
      return storageStatus(node, storage);
    })
    .on("GET", `${STORAGE}/content`, (request) => {
      const { node, storage } = storageOf(request);
      const content = param.optionalString(request, "content");
      const vmid = request.params.vmid === undefined ? undefined : param.number(request, "vmid");
      return storage.list(node, content as StorageContent | undefined).filter((entry) => vmid === undefined || entry.vmid === vmid);
    })
    .on("GET", `${STORAGE}/content/{volume}`, (request) => {
      const { node, storage } = storageOf(request);
      const volid = volidOf(request, storage);
      const file = storage.fileOf(volid, node);
      if (file) {
        if (!fs.existsSync(file.file)) throw new ApiError(500, `volume '${volid}' does not exist`);
        const size = fs.statSync(file.file).size;
        return { path: file.pvePath, size, used: size, format: path.extname(file.name).slice(1) || "raw" };
      }
      const volume = storage.findVolume(volid, node);
      if (!volume) throw new ApiError(500, `volume '${volid}' does not exist`);
      const devicePath = storage.path ? path.join(storage.path, "images", String(volume.vmid), volume.name) : `/dev/pve/${volume.name.split("/").pop()}`;
      return { path: devicePath, size: volume.sizeBytes, used: volume.sizeBytes, format: volume.format };
    })
    .on("DELETE", `${STORAGE}/content/{volume}`, (request) => {
      const { node, storage } = storageOf(request);
      const volid = volidOf(request, storage);
      const file = storage.fileOf(volid, node);
      const volume = file ? undefined : storage.findVolume(volid, node);
      if (file ? !fs.existsSync(file.file) : !volume) throw new ApiError(500, `volume '${volid}' does not exist`);
      if (volume) {
        const owner = request.cluster.vms.get(volume.vmid);
        if (owner && Object.values(owner.config).some((value) => value === volid || value.startsWith(`${volid},`))) {
          throw new ApiError(500, `unable to delete volume '${volid}' - it is still used by VM ${volume.vmid}`);
        }
      }
      return request.cluster.tasks.start(
        node,
        "imgdel",
        volid,
        request.task.user,
        () => {
          if (file) fs.rmSync(file.file, { force: true });
          else if (volume) storage.freeVolume(volume);
        },
        { failWith: request.task.failWith },
      ).upid;
    })
    .on("POST", `${STORAGE}/download-url`, (request) => {
      const { node, storage } = storageOf(request);
      const content = param.string(request, "content") as StorageContent;
      storage.requireContent(content);
      const filename = param.string(request, "filename");
      if (!DOWNLOAD_NAME[content]?.test(filename)) throw new ApiError(500, `invalid filename or wrong extension`);
      const target = storage.filePath(content, filename, node);
      if (fs.existsSync(target)) throw new ApiError(500, `refusing to override existing file '${target}'`);
      const url = param.string(request, "url");
      const checksum = { algorithm: param.optionalString(request, "checksum-algorithm"), value: param.optionalString(request, "checksum") };
      if ((checksum.algorithm === undefined) !== (checksum.value === undefined))
        throw new ApiError(400, "Parameter verification failed.", { checksum: "'checksum' and 'checksum-algorithm' are required together" });
      return request.cluster.tasks.start(
        node,
        "download",
        filename,
        request.task.user,
        (log) => download(request.cluster, url, target, checksum, param.optionalString(request, "compression"), log),
        {
          failWith: request.task.failWith,
          onFailure: () => fs.rmSync(target, { force: true }),
        },
      ).upid;
    })
    .on("GET", "/nodes/{node}/query-url-metadata", async (request) => {
      request.cluster.node(param.string(request, "node"));
      const url = param.string(request, "url");
      let response;
      try {
        response = await fetchUrl(url, request.cluster.resolveUrl, "HEAD");
      } catch (error) {
        throw new ApiError(500, `invalid server response: '${(error as Error).message}'`);
      }
      if (response.status !== 200) throw new ApiError(500, `invalid server response: '${response.status}'`);
      const disposition = /filename="?([^";]+)"?/.exec(String(response.headers["content-disposition"] ?? ""))?.[1];
      const filename = disposition ?? decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
      const size = response.headers["content-length"];
      return {
        filename,
        ...(response.headers["content-type"] ? { mimetype: String(response.headers["content-type"]) } : {}),
        ...(size !== undefined ? { size: Number(size) } : {}),
      };
    });
}
