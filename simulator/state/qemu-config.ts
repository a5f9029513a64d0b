import * as crypto from "crypto";
import * as fs from "fs";
import { ApiError } from "../api/api-error";
import { splitList } from "../schema/named-formats";
import { parameterSchemaOf } from "../schema/validate";
import type { Cluster, VmState } from "./cluster";
import { GIB } from "./cluster";
import type { ConfigPath } from "./property-formats";
import { formatSize, parseConfigValue, printConfigValue, vmConfigReturns } from "./property-formats";

/** Config keys that are disks (drives with a volume or a CD-ROM). */
export const DRIVE_KEY = /^((ide|sata|scsi|virtio)\d+|efidisk0|tpmstate0)$/;
/** A new disk: `<storage>:<size in GiB>` (qemu-server's NEW_DISK_RE). */
const NEW_DISK = /^(([^/:\s]+):)?(\d+(\.\d+)?)$/;
/** Request parameters of the config calls that are not config keys. */
export const NON_CONFIG_PARAMETERS: ReadonlySet<string> = new Set([
  "node",
  "vmid",
  "digest",
  "delete",
  "revert",
  "skiplock",
  "force",
  "background_delay",
  "archive",
  "storage",
  "pool",
  "start",
  "unique",
  "live-restore",
  "import-working-storage",
]);
/** Keys that a running VM takes without a restart (PVE's default `hotplug: network,disk,usb`, plus metadata). */
const HOTPLUGGABLE =
  /^(net\d+|(scsi|virtio|sata)\d+|usb\d+|unused\d+|name|description|tags|onboot|protection|startup|lock|ciuser|cipassword|sshkeys|ipconfig\d+|nameserver|searchdomain|ide2|agent)$/;

/** Whether a drive value is the cloud-init drive. */
export function isCloudInitDrive(text: string): boolean {
  return /^[^:,]+:([^,]*\/)?vm-\d+-cloudinit(\.[a-z0-9]+)?(,|$)/.test(text);
}

/** The volid of a drive value (`local-lvm:vm-2000-disk-0,size=8G` -> `local-lvm:vm-2000-disk-0`), if it has one. */
export function driveVolume(key: string, text: string): string | undefined {
  const file = parseConfigValue(key, text).file;
  if (!file || file === "none" || file === "cdrom" || file.startsWith("/")) return undefined;
  return file;
}

/** The virtual size of a qcow2 image (its header) or, for other files, the file size. */
export function imageVirtualSize(file: string): number {
  const handle = fs.openSync(file, "r");
  try {
    const header = Buffer.alloc(32);
    const read = fs.readSync(handle, header, 0, 32, 0);
    if (read >= 32 && header.readUInt32BE(0) === 0x514649fb) return Number(header.readBigUInt64BE(24));
    return fs.fstatSync(handle).size;
  } finally {
    fs.closeSync(handle);
  }
}

/** Moves a drive's volume to the first free `unusedN`, as PVE does when a disk is detached. */
function registerUnused(vm: VmState, volid: string): void {
  if (Object.entries(vm.config).some(([key, value]) => /^unused\d+$/.test(key) && value === volid)) return;
  for (let n = 0; ; n++) {
    if (vm.config[`unused${n}`] === undefined) {
      vm.config[`unused${n}`] = volid;
      return;
    }
  }
}

/**
 * Sets a drive the way qemu-server's create_disks does: `<storage>:cloudinit` allocates the
 * cloud-init drive, `<storage>:<GiB>` a new disk (imported from `import-from` with the image's
 * own size when given), an existing volume is kept (its `size` as written, when it already was
 * this drive's volume). A volume the drive no longer uses becomes `unusedN`.
 */
function setDrive(cluster: Cluster, vm: VmState, key: string, text: string): void {
  const values = parseConfigValue(key, text);
  const file = values.file ?? "";
  const previous = vm.config[key] !== undefined ? driveVolume(key, vm.config[key]) : undefined;
  const cloudInit = /^([^:]+):cloudinit$/.exec(file);
  const newDisk = NEW_DISK.exec(file);
  if (cloudInit) {
    const storage = cluster.storageOn(vm.node, cloudInit[1]);
    const name = `vm-${vm.vmid}-cloudinit`;
    const existing = storage.findVolume(`${storage.id}:${name}`, vm.node) ?? storage.allocate(vm.vmid, vm.node, 4 * 1024 ** 2, name);
    values.file = existing.volid;
    values.media = "cdrom";
    delete values.size;
  } else if (newDisk) {
    const storageId = newDisk[2];
    if (!storageId) throw new ApiError(500, "no storage ID specified (and no default storage)");
    const storage = cluster.storageOn(vm.node, storageId);
    const source = values["import-from"];
    let sizeBytes = Math.ceil(Number(newDisk[3]) * GIB);
    if (source !== undefined) {
      cluster.storageOn(vm.node, source.split(":")[0]);
      const sourceFile = cluster.file(source, vm.node);
      const sourceVolume = cluster.volume(source, vm.node);
      if (sourceFile) {
        if (sourceFile.content !== "import" && sourceFile.content !== "iso") throw new ApiError(500, `import-from: '${source}' is not an importable volume`);
        if (!fs.existsSync(sourceFile.file)) throw new ApiError(500, `volume '${source}' does not exist`);
        sizeBytes = imageVirtualSize(sourceFile.file);
      } else if (sourceVolume) {
        sizeBytes = sourceVolume.sizeBytes;
      } else {
        throw new ApiError(500, `volume '${source}' does not exist`);
      }
      delete values["import-from"];
      delete values.format;
    }
    const volume = storage.allocate(vm.vmid, vm.node, sizeBytes);
    values.file = volume.volid;
    values.size = formatSize(volume.sizeBytes);
  } else if (file !== "none" && file !== "cdrom" && !file.startsWith("/")) {
    const volume = cluster.volume(file, vm.node);
    const isFile = cluster.file(file, vm.node);
    if (!volume && !(isFile && fs.existsSync(isFile.file))) throw new ApiError(500, `volume '${file}' does not exist`);
    if (volume && file !== previous) values.size = formatSize(volume.sizeBytes);
    if (volume) {
      for (const [other, value] of Object.entries(vm.config)) {
        if (/^unused\d+$/.test(other) && value === file) delete vm.config[other];
      }
    }
  }
  if (previous && previous !== values.file) {
    if (isCloudInitDrive(vm.config[key])) freeVolume(cluster, vm, previous);
    else registerUnused(vm, previous);
  }
  vm.config[key] = printConfigValue(key, values);
}

/** Frees a disk image of `vm` (not one that belongs to another VM, such as a linked clone's base). */
export function freeVolume(cluster: Cluster, vm: VmState, volid: string): void {
  const volume = cluster.volume(volid, vm.node);
  if (volume && volume.vmid === vm.vmid) cluster.storage(volume.storage).freeVolume(volume);
}

/** `%XX`-escapes everything but `A-Za-z0-9-._~`, as Perl's URI::Escape::uri_escape does. */
function uriEscape(text: string): string {
  return Array.from(Buffer.from(text, "utf8"))
    .map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");
}

/** qemu-server's handling of `sshkeys`: URL-decoded, each line checked as a public key, stored re-escaped. */
export function normaliseSshKeys(encoded: string): string {
  let keys: string;
  try {
    keys = decodeURIComponent(encoded);
  } catch {
    throw new ApiError(400, "Parameter verification failed.", { sshkeys: "invalid urlencoded string" });
  }
  for (const line of keys.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    if (
      !/^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/.test(line.trim())
    ) {
      throw new ApiError(400, "Parameter verification failed.", { sshkeys: "SSH public key validation error" });
    }
  }
  return uriEscape(keys);
}

/** The first boot order PVE writes for a new VM: its disks (not CD-ROMs), then its NICs. */
export function defaultBootOrder(config: Readonly<Record<string, string>>): string | undefined {
  const keys = Object.keys(config);
  const disks = keys.filter((key) => /^(scsi|virtio|sata|ide)\d+$/.test(key) && !/media=cdrom/.test(config[key])).sort();
  const nics = keys.filter((key) => /^net\d+$/.test(key)).sort();
  const order = [...disks, ...nics];
  return order.length > 0 ? `order=${order.join(";")}` : undefined;
}

/**
 * Applies a config change to a VM as qemu-server's update_vm does: `delete` first (a detached
 * disk becomes `unusedN`, the cloud-init drive and `unusedN` are destroyed), then each key (drives
 * through {@link setDrive}, NICs with a generated MAC, tags de-duplicated and sorted, SSH keys
 * checked). Keys a running VM cannot take live are recorded as pending until the next start.
 */
export function applyConfig(cluster: Cluster, vm: VmState, changes: Readonly<Record<string, string>>, deletes: readonly string[], force = false): void {
  for (const key of deletes) {
    const current = vm.config[key];
    if (current === undefined) continue;
    if (/^unused\d+$/.test(key)) {
      if (vm.config.protection === "1") throw new ApiError(500, `unable to delete '${key}' - protection mode enabled`);
      freeVolume(cluster, vm, current);
    } else if (DRIVE_KEY.test(key)) {
      const volid = driveVolume(key, current);
      if (volid && (isCloudInitDrive(current) || force)) freeVolume(cluster, vm, volid);
      else if (volid) registerUnused(vm, volid);
    }
    delete vm.config[key];
    if (vm.running && !HOTPLUGGABLE.test(key)) vm.pendingRestart.add(key);
  }
  for (const [key, text] of Object.entries(changes)) {
    if (DRIVE_KEY.test(key)) {
      setDrive(cluster, vm, key, text);
    } else if (/^net\d+$/.test(key)) {
      const values = parseConfigValue(key, text);
      values.macaddr ??= cluster.nextMac();
      vm.config[key] = printConfigValue(key, values);
    } else if (key === "tags") {
      vm.config.tags = [...new Set(splitList(text))].sort().join(";");
    } else if (key === "sshkeys") {
      vm.config.sshkeys = normaliseSshKeys(text);
    } else if (key === "cipassword") {
      vm.config.cipassword = `$5$simulated$${crypto.createHash("sha256").update(text).digest("base64")}`;
    } else {
      vm.config[key] = text;
    }
    if (vm.running && !HOTPLUGGABLE.test(key)) vm.pendingRestart.add(key);
  }
}

/** The config file text PVE's digest is the SHA-1 of. */
function configText(config: Readonly<Record<string, string>>): string {
  return Object.keys(config)
    .sort()
    .map((key) => `${key}: ${config[key]}\n`)
    .join("");
}

/**
 * `GET .../config`: the config with values typed as PVE's JSON has them (numbers and 0/1 for
 * integers and booleans), plus `digest`; a VM's, or a container's with the container endpoint's `path`.
 */
export function configResponse(vm: Pick<VmState, "config">, path?: ConfigPath): Record<string, string | number> {
  const returns = vmConfigReturns(path);
  const response: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(vm.config)) {
    const type = parameterSchemaOf(returns, key)?.type;
    response[key] = (type === "integer" || type === "number" || type === "boolean") && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  response.digest = crypto.createHash("sha1").update(configText(vm.config)).digest("hex");
  return response;
}

/** The digest of a VM's (or container's) current config. */
export function configDigest(vm: Pick<VmState, "config">): string {
  return configResponse(vm).digest as string;
}
