import * as fs from "fs";
import { ApiError } from "../api/api-error";
import { removeGuestFromBackupJobs } from "./backup-jobs";
import type { Cluster, VmState } from "./cluster";
import { parseConfigValue, parseSize, formatSize, printConfigValue } from "./property-formats";
import { applyConfig, defaultBootOrder, DRIVE_KEY, driveVolume, freeVolume, isCloudInitDrive } from "./qemu-config";
import type { Task, TaskWork } from "./tasks";

/** Who runs a task, and whether fault injection makes it fail. */
export interface TaskContext {
  /** The authenticated user (`root@pam!token`), written into the UPID. */
  readonly user: string;
  /** Fail the task with this message instead of doing its work. */
  readonly failWith?: string;
}

/**
 * A task that holds a config lock on the VM while it runs (`template`, `migrate`, `destroyed`), as
 * PVE's workers do: set at once, dropped when the task ends, either way.
 */
function lockedTask(cluster: Cluster, vm: VmState, lock: string, type: string, context: TaskContext, work: TaskWork): Task {
  vm.config.lock = lock;
  const unlock = () => {
    if (vm.config.lock === lock) delete vm.config.lock;
  };
  return cluster.tasks.start(
    vm.node,
    type,
    String(vm.vmid),
    context.user,
    async (log) => {
      await work(log);
      unlock();
    },
    { failWith: context.failWith, onFailure: unlock },
  );
}

/** Keys a clone does not inherit from its source. */
const NOT_CLONED = /^(lock|template|snapshots|pending|parent|vmstate|snapstate|unused\d+|name|description)$/;

/** Every volid a VM's config refers to (drives and unused disks). */
export function vmVolumes(vm: VmState): string[] {
  return Object.entries(vm.config).flatMap(([key, value]) => {
    if (DRIVE_KEY.test(key)) {
      const volid = driveVolume(key, value);
      return volid ? [volid] : [];
    }
    return /^unused\d+$/.test(key) ? [value] : [];
  });
}

/** `POST nodes/{node}/qemu`: a new VM from its config; disks are allocated (or imported) by the task. */
export function createVm(cluster: Cluster, node: string, vmid: number, changes: Record<string, string>, start: boolean, context: TaskContext): Task {
  cluster.node(node);
  const existing = cluster.vms.get(vmid);
  if (existing) throw new ApiError(500, `unable to create VM ${vmid} - VM ${vmid} already exists on node '${existing.node}'`);
  const vm: VmState = { vmid, node, running: false, pendingRestart: new Set(), config: { lock: "create" } };
  cluster.vms.set(vmid, vm);
  return cluster.tasks.start(
    node,
    "qmcreate",
    String(vmid),
    context.user,
    (log) => {
      vm.config = { ...cluster.identity(), lock: "create" };
      applyConfig(cluster, vm, changes, []);
      vm.config.boot ??= defaultBootOrder(vm.config) ?? "";
      if (vm.config.boot === "") delete vm.config.boot;
      delete vm.config.lock;
      log(`VM ${vmid} created`);
      if (start) startNow(cluster, vm);
    },
    { failWith: context.failWith, onFailure: () => destroyNow(cluster, vm) },
  );
}

/**
 * `POST nodes/{node}/qemu/{vmid}/clone`: the new VM exists at once, holding only `lock: clone`;
 * the task copies the config and the disks (full clone: new volumes; linked clone of a template:
 * volumes on top of the template's base volumes) and drops the lock. A failed task removes the
 * half-made VM and its volumes, as PVE does.
 */
export function cloneVm(
  cluster: Cluster,
  node: string,
  vmid: number,
  params: { newid: number; name?: string; description?: string; full?: boolean; target?: string; storage?: string; pool?: string },
  context: TaskContext,
): Task {
  const source = cluster.vmOn(node, vmid);
  cluster.checkLock(source);
  const template = source.config.template === "1";
  const full = params.full ?? !template;
  if (!full && !template) throw new ApiError(500, "Linked clone feature for non-template VMs is not supported");
  const existing = cluster.vms.get(params.newid);
  if (existing) throw new ApiError(500, `unable to create VM ${params.newid}: config file already exists`);
  const target = params.target ?? node;
  cluster.node(target);
  const drives = Object.entries(source.config).filter(([key, value]) => DRIVE_KEY.test(key) && driveVolume(key, value));
  if (target !== node) {
    for (const [key, value] of drives) {
      const storage = cluster.storage((driveVolume(key, value) as string).split(":")[0]);
      if (!storage.shared && !isCloudInitDrive(value)) throw new ApiError(500, `Can't clone to non-shared storage '${storage.id}'`);
    }
  }
  if (params.pool !== undefined && !cluster.pools.has(params.pool)) throw new ApiError(500, `pool '${params.pool}' does not exist`);
  const clone: VmState = { vmid: params.newid, node: target, running: false, pendingRestart: new Set(), config: { lock: "clone" } };
  cluster.vms.set(params.newid, clone);
  const allocated: { storage: string; volid: string }[] = [];
  return cluster.tasks.start(
    node,
    "qmclone",
    String(vmid),
    context.user,
    (log) => {
      const config: Record<string, string> = { ...cluster.identity(), lock: "clone" };
      for (const [key, value] of Object.entries(source.config)) {
        if (NOT_CLONED.test(key) || key === "vmgenid" || key === "smbios1" || key === "meta") continue;
        config[key] = value;
      }
      for (const [key, value] of Object.entries(config)) {
        if (/^net\d+$/.test(key)) {
          const nic = parseConfigValue(key, value);
          nic.macaddr = cluster.nextMac();
          config[key] = printConfigValue(key, nic);
        }
      }
      for (const [key, value] of drives) {
        const volid = driveVolume(key, value) as string;
        const sourceVolume = cluster.volume(volid, node);
        if (!sourceVolume) throw new Error(`volume '${volid}' does not exist`);
        const drive = parseConfigValue(key, value);
        if (isCloudInitDrive(value)) {
          const storage = cluster.storageOn(target, sourceVolume.storage);
          const volume = storage.allocate(params.newid, target, sourceVolume.sizeBytes, `vm-${params.newid}-cloudinit`);
          allocated.push({ storage: storage.id, volid: volume.volid });
          drive.file = volume.volid;
        } else if (full) {
          const storage = cluster.storageOn(target, params.storage ?? sourceVolume.storage);
          const volume = storage.allocate(params.newid, target, sourceVolume.sizeBytes);
          allocated.push({ storage: storage.id, volid: volume.volid });
          drive.file = volume.volid;
          log(`drive-${key}: transferred ${formatSize(sourceVolume.sizeBytes)} of ${formatSize(sourceVolume.sizeBytes)} (100.00%)`);
        } else {
          const storage = cluster.storageOn(target, sourceVolume.storage);
          const name = `${sourceVolume.name}/${storage.freeDiskName(params.newid, target)}`;
          const volume = storage.allocate(params.newid, target, sourceVolume.sizeBytes, name);
          allocated.push({ storage: storage.id, volid: volume.volid });
          drive.file = volume.volid;
        }
        config[key] = printConfigValue(key, drive);
      }
      config.name = params.name ?? `Copy-of-VM-${source.config.name ?? vmid}`;
      if (params.description !== undefined) config.description = params.description;
      delete config.lock;
      clone.config = config;
      if (params.pool !== undefined) cluster.pools.get(params.pool)?.members.add(`qemu/${params.newid}`);
      log(`clone of VM ${vmid} to VM ${params.newid} finished`);
    },
    {
      failWith: context.failWith,
      onFailure: () => {
        for (const { storage, volid } of allocated) {
          const volume = cluster.storage(storage).findVolume(volid, target);
          if (volume) cluster.storage(storage).freeVolume(volume);
        }
        cluster.vms.delete(params.newid);
      },
    },
  );
}

/** `POST .../template`: a stopped VM becomes a template; its disks become base volumes (`base-<vmid>-disk-N`). */
export function convertToTemplate(cluster: Cluster, node: string, vmid: number, context: TaskContext): Task {
  const vm = cluster.vmOn(node, vmid);
  cluster.checkLock(vm);
  if (vm.running) throw new ApiError(500, "you can't convert a running VM to a template");
  if (vm.config.template === "1") throw new ApiError(500, "you can't convert a template to a template");
  return lockedTask(cluster, vm, "template", "qmtemplate", context, () => {
    for (const [key, value] of Object.entries(vm.config)) {
      if (!DRIVE_KEY.test(key) || isCloudInitDrive(value)) continue;
      const volid = driveVolume(key, value);
      const volume = volid ? cluster.volume(volid, node) : undefined;
      if (!volume || !volume.name.startsWith("vm-")) continue;
      const storage = cluster.storage(volume.storage);
      const renamed = storage.renameVolume(volume, volume.name.replace(/^vm-/, "base-"));
      const drive = parseConfigValue(key, value);
      drive.file = renamed.volid;
      vm.config[key] = printConfigValue(key, drive);
    }
    vm.config.template = "1";
  });
}

/** `PUT .../resize`: a disk grows to `size` (or by `+size`); shrinking is refused, the same size is a no-op. */
export function resizeDisk(cluster: Cluster, node: string, vmid: number, disk: string, size: string, skiplock: boolean, context: TaskContext): Task {
  const vm = cluster.vmOn(node, vmid);
  cluster.checkLock(vm, skiplock);
  const current = vm.config[disk];
  if (current === undefined) throw new ApiError(500, `disk '${disk}' does not exist`);
  if (/media=cdrom/.test(current)) throw new ApiError(500, "you can't resize a cdrom");
  const volid = driveVolume(disk, current);
  const volume = volid ? cluster.volume(volid, node) : undefined;
  if (!volume) throw new ApiError(500, `Could not determine current size of volume '${volid}'`);
  const match = /^(\+)?(.+)$/.exec(size) as RegExpExecArray;
  let requested: number;
  try {
    requested = parseSize(match[2]);
  } catch {
    throw new ApiError(500, "internal error");
  }
  const newSize = match[1] ? volume.sizeBytes + requested : requested;
  if (newSize < volume.sizeBytes) throw new ApiError(500, "shrinking disks is not supported");
  return cluster.tasks.start(
    node,
    "resize",
    String(vmid),
    context.user,
    (log) => {
      if (newSize === volume.sizeBytes) {
        log(`skip resize of ${disk}: the size is already ${formatSize(newSize)}`);
        return;
      }
      volume.sizeBytes = newSize;
      const drive = parseConfigValue(disk, vm.config[disk]);
      drive.size = formatSize(newSize);
      vm.config[disk] = printConfigValue(disk, drive);
    },
    { failWith: context.failWith },
  );
}

/** `POST .../migrate`: the VM and its local disks move to `target` (a running VM needs `online`). */
export function migrateVm(
  cluster: Cluster,
  node: string,
  vmid: number,
  params: { target: string; online?: boolean; withLocalDisks?: boolean; targetstorage?: string },
  context: TaskContext,
): Task {
  const vm = cluster.vmOn(node, vmid);
  cluster.checkLock(vm);
  if (params.target === node) throw new ApiError(500, "target is local node.");
  cluster.node(params.target);
  if (vm.running && !params.online) throw new ApiError(500, "can't migrate running VM without --online");
  const volumes = vmVolumes(vm)
    .map((volid) => cluster.volume(volid, node))
    .filter((volume) => volume !== undefined);
  for (const volume of volumes) {
    const storage = cluster.storage(params.targetstorage ?? volume.storage);
    if (!storage.availableOn(params.target)) throw new ApiError(500, `storage '${storage.id}' is not available on node '${params.target}'`);
    if (vm.running && !storage.shared && !params.withLocalDisks)
      throw new ApiError(500, `can't live migrate attached local disks without with-local-disks option`);
  }
  return lockedTask(cluster, vm, "migrate", "qmigrate", context, (log) => {
    for (const volume of volumes) {
      const storage = cluster.storage(volume.storage);
      if (!storage.shared) storage.moveVolume(volume, params.target);
    }
    vm.node = params.target;
    log(`migration finished successfully`);
  });
}

/**
 * What qemu-server checks when it builds a VM's command line on start: its NICs' bridges exist on
 * its node, its volumes are there, and the cloud-init snippets of `cicustom` can be read on that
 * node (PVE generates the cloud-init drive at every start; a snippet on another node's local
 * storage is not there).
 */
function checkStartable(cluster: Cluster, vm: VmState): void {
  const node = cluster.node(vm.node);
  for (const [key, value] of Object.entries(vm.config)) {
    if (!/^net\d+$/.test(key)) continue;
    const bridge = parseConfigValue(key, value).bridge;
    if (bridge && !node.bridges.includes(bridge)) throw new Error(`bridge '${bridge}' does not exist`);
  }
  for (const volid of vmVolumes(vm)) {
    const file = cluster.file(volid, vm.node);
    if (!cluster.volume(volid, vm.node) && !(file && fs.existsSync(file.file))) throw new Error(`volume '${volid}' does not exist`);
  }
  if (vm.config.cicustom === undefined || !Object.keys(vm.config).some((key) => DRIVE_KEY.test(key) && isCloudInitDrive(vm.config[key]))) return;
  for (const volid of Object.values(parseConfigValue("cicustom", vm.config.cicustom))) {
    cluster.storageOn(vm.node, volid.split(":")[0]);
    const file = cluster.file(volid, vm.node);
    if (!file || file.content !== "snippets") throw new Error(`${volid} is not in the snippets directory`);
    if (!fs.existsSync(file.file)) throw new Error(`can't open '${file.pvePath}' - No such file or directory`);
  }
}

/** Starts a VM now (see {@link checkStartable}); pending changes apply. */
function startNow(cluster: Cluster, vm: VmState): void {
  checkStartable(cluster, vm);
  vm.running = true;
  vm.startedAt = Math.floor(Date.now() / 1000);
  vm.pendingRestart.clear();
}

/** `POST .../status/start`. */
export function startVm(cluster: Cluster, node: string, vmid: number, context: TaskContext): Task {
  const vm = cluster.vmOn(node, vmid);
  cluster.checkLock(vm);
  if (vm.config.template === "1") throw new ApiError(500, "you can't start a vm if it's a template");
  if (vm.running) throw new ApiError(500, `VM ${vmid} already running`);
  return cluster.tasks.start(node, "qmstart", String(vmid), context.user, () => startNow(cluster, vm), { failWith: context.failWith });
}

/** `POST .../status/stop`, `.../status/shutdown` (`qmstop`, `qmshutdown`): the VM is off when the task ends. */
export function stopVm(cluster: Cluster, node: string, vmid: number, type: "qmstop" | "qmshutdown", context: TaskContext): Task {
  const vm = cluster.vmOn(node, vmid);
  if (type === "qmshutdown") cluster.checkLock(vm);
  return cluster.tasks.start(
    node,
    type,
    String(vmid),
    context.user,
    () => {
      vm.running = false;
      vm.startedAt = undefined;
    },
    { failWith: context.failWith },
  );
}

/** `POST .../status/reboot`: pending changes apply. */
export function rebootVm(cluster: Cluster, node: string, vmid: number, context: TaskContext): Task {
  const vm = cluster.vmOn(node, vmid);
  cluster.checkLock(vm);
  if (!vm.running) throw new ApiError(500, `VM ${vmid} not running`);
  return cluster.tasks.start(node, "qmreboot", String(vmid), context.user, () => startNow(cluster, vm), { failWith: context.failWith });
}

/** Removes a VM and the volumes it owns (all of its node's, with `unreferenced`). */
function destroyNow(cluster: Cluster, vm: VmState, unreferenced = true): void {
  for (const volid of vmVolumes(vm)) freeVolume(cluster, vm, volid);
  if (unreferenced) cluster.freeVolumesOf(vm.node, vm.vmid);
  cluster.vms.delete(vm.vmid);
}

/** `DELETE nodes/{node}/qemu/{vmid}`: refused for a protected, running or locked VM. */
export function destroyVm(
  cluster: Cluster,
  node: string,
  vmid: number,
  params: { purge?: boolean; destroyUnreferencedDisks?: boolean; skiplock?: boolean },
  context: TaskContext,
): Task {
  const vm = cluster.vmOn(node, vmid);
  cluster.checkLock(vm, params.skiplock);
  if (vm.config.protection === "1") throw new ApiError(500, `can't remove VM ${vmid} - protection mode enabled`);
  if (vm.running) throw new ApiError(500, `VM ${vmid} is running - destroy failed`);
  return lockedTask(cluster, vm, "destroyed", "qmdestroy", context, () => {
    destroyNow(cluster, vm, params.destroyUnreferencedDisks ?? false);
    if (params.purge) {
      for (const pool of cluster.pools.values()) pool.members.delete(`qemu/${vmid}`);
      removeGuestFromBackupJobs(cluster, vmid);
    }
  });
}
