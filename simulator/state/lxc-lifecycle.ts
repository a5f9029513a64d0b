import * as fs from "fs";
import { ApiError } from "../api/api-error";
import { removeGuestFromBackupJobs } from "./backup-jobs";

import type { Cluster, ContainerState } from "./cluster";
import { applyContainerConfig, containerVolume, containerVolumes, parseContainerValue, printContainerValue } from "./lxc-config";
import { formatSize, parseSize } from "./property-formats";
import type { TaskContext } from "./qemu-lifecycle";
import type { Task } from "./tasks";

/** The container `vmid` on `node`, or pve-container's "Configuration file ... does not exist". */
export function containerOn(cluster: Cluster, node: string, vmid: number): ContainerState {
  cluster.node(node);
  const container = cluster.containers.get(vmid);
  if (!container || container.node !== node) throw new ApiError(500, `Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist`);
  return container;
}

/** Throws pve-container's error when the container holds a config lock. */
function checkLock(container: ContainerState): void {
  if (container.config.lock) throw new ApiError(500, `CT is locked (${container.config.lock})`);
}

/** What a create call asks for besides the config keys. */
export interface ContainerCreateRequest {
  /** The template volume (`local:vztmpl/...`). */
  readonly ostemplate: string;
  /** Default storage of volumes given as a bare size. */
  readonly storage?: string;
  /** `ssh-public-keys`: written into root's authorized_keys. */
  readonly sshPublicKeys?: string;
  /** Start it when created. */
  readonly start: boolean;
}

/**
 * What pve-container checks when it builds a container's start: its NICs' bridges exist on its
 * node and its volumes are there.
 */
function checkStartable(cluster: Cluster, container: ContainerState): void {
  const node = cluster.node(container.node);
  for (const [key, value] of Object.entries(container.config)) {
    if (!/^net\d+$/.test(key)) continue;
    const bridge = parseContainerValue(key, value).bridge;
    if (bridge && !node.bridges.includes(bridge)) throw new Error(`bridge '${bridge}' does not exist`);
  }
  for (const volid of containerVolumes(container)) {
    if (!cluster.volume(volid, container.node)) throw new Error(`volume '${volid}' does not exist`);
  }
}

function startNow(cluster: Cluster, container: ContainerState): void {
  checkStartable(cluster, container);
  container.running = true;
  container.startedAt = Math.floor(Date.now() / 1000);
  container.pendingRestart.clear();
}

/** Removes a container with the volumes its config refers to (root file system, mount points, unused ones), and with `unreferenced` every other volume of its VMID. */
function destroyNow(cluster: Cluster, container: ContainerState, unreferenced = true): void {
  for (const volid of containerVolumes(container)) {
    const volume = cluster.volume(volid, container.node);
    if (volume && volume.vmid === container.vmid) cluster.storage(volume.storage).freeVolume(volume);
  }
  if (unreferenced) cluster.freeVolumesOf(container.node, container.vmid);
  cluster.containers.delete(container.vmid);
}

/**
 * `POST nodes/{node}/lxc`: the template must be a `vztmpl` volume the node has; the container
 * exists at once (`lock: create`), the task unpacks the template into the new root file system,
 * writes the config and root's SSH keys, and starts it when asked. A failed task removes it again.
 */
export function createContainer(
  cluster: Cluster,
  node: string,
  vmid: number,
  changes: Readonly<Record<string, string>>,
  request: ContainerCreateRequest,
  context: TaskContext,
): Task {
  cluster.node(node);
  if (!cluster.vmidFree(vmid))
    throw new ApiError(
      500,
      `CT ${vmid} already exists on node '${[...cluster.containers.values(), ...cluster.vms.values()].find((guest) => guest.vmid === vmid)?.node}'`,
    );
  const storageId = request.ostemplate.split(":")[0];
  cluster.storageOn(node, storageId);
  const template = cluster.file(request.ostemplate, node);
  if (!template || template.content !== "vztmpl") throw new ApiError(500, `volume '${request.ostemplate}' is not a container template`);
  if (!fs.existsSync(template.file)) throw new ApiError(500, `volume '${request.ostemplate}' does not exist`);
  if (changes.rootfs === undefined) throw new ApiError(400, "Parameter verification failed.", { rootfs: "property is missing and it is not optional" });
  const container: ContainerState = { vmid, node, running: false, pendingRestart: new Set(), rootAuthorizedKeys: "", config: { lock: "create" } };
  cluster.containers.set(vmid, container);
  try {
    applyContainerConfig(cluster, container, { arch: "amd64", ...changes }, [], { user: context.user, defaultStorage: request.storage });
  } catch (error) {
    destroyNow(cluster, container); // refused before the worker starts: nothing of it stays
    throw error;
  }
  return cluster.tasks.start(
    node,
    "vzcreate",
    String(vmid),
    context.user,
    (log) => {
      log(`extracting archive '${template.pvePath}'`);
      container.rootAuthorizedKeys = request.sshPublicKeys === undefined ? "" : `${request.sshPublicKeys.trim()}\n`;
      delete container.config.lock;
      if (request.start) startNow(cluster, container);
    },
    { failWith: context.failWith, onFailure: () => destroyNow(cluster, container) },
  );
}

/** `PUT nodes/{node}/lxc/{vmid}/config`: synchronous, as in pve-container. */
export function updateContainer(
  cluster: Cluster,
  node: string,
  vmid: number,
  changes: Readonly<Record<string, string>>,
  deletes: readonly string[],
  context: TaskContext,
): void {
  const container = containerOn(cluster, node, vmid);
  checkLock(container);
  for (const key of ["unprivileged", "ostype"]) {
    if (changes[key] !== undefined && changes[key] !== container.config[key]) throw new ApiError(500, `unable to modify read-only option: '${key}'`);
  }
  applyContainerConfig(cluster, container, changes, deletes, { user: context.user });
}

/** `POST .../status/start`. */
export function startContainer(cluster: Cluster, node: string, vmid: number, context: TaskContext): Task {
  const container = containerOn(cluster, node, vmid);
  checkLock(container);
  if (container.config.template === "1") throw new ApiError(500, "cannot start a template");
  if (container.running) throw new ApiError(500, `CT ${vmid} already running`);
  return cluster.tasks.start(node, "vzstart", String(vmid), context.user, () => startNow(cluster, container), { failWith: context.failWith });
}

/** `POST .../status/stop` and `.../status/shutdown` (`vzstop`, `vzshutdown`): the container is off when the task ends. */
export function stopContainer(cluster: Cluster, node: string, vmid: number, type: "vzstop" | "vzshutdown", context: TaskContext): Task {
  const container = containerOn(cluster, node, vmid);
  if (!container.running) throw new ApiError(500, `CT ${vmid} not running`);
  return cluster.tasks.start(
    node,
    type,
    String(vmid),
    context.user,
    () => {
      container.running = false;
      container.startedAt = undefined;
    },
    { failWith: context.failWith },
  );
}

/** `POST .../status/reboot`: pending changes apply. */
export function rebootContainer(cluster: Cluster, node: string, vmid: number, context: TaskContext): Task {
  const container = containerOn(cluster, node, vmid);
  checkLock(container);
  if (!container.running) throw new ApiError(500, `CT ${vmid} not running`);
  return cluster.tasks.start(node, "vzreboot", String(vmid), context.user, () => startNow(cluster, container), { failWith: context.failWith });
}

/** `PUT .../resize`: a volume grows to `size` (or by `+size`); shrinking is refused. */
export function resizeContainerVolume(cluster: Cluster, node: string, vmid: number, disk: string, size: string, context: TaskContext): Task {
  const container = containerOn(cluster, node, vmid);
  checkLock(container);
  const current = container.config[disk];
  if (current === undefined) throw new ApiError(500, `unable to parse config key '${disk}'`);
  const volid = containerVolume(disk, current);
  const volume = volid ? cluster.volume(volid, node) : undefined;
  if (!volume) throw new ApiError(500, `unable to resize mount point '${disk}': not a volume`);
  const match = /^(\+)?(.+)$/.exec(size) as RegExpExecArray;
  const requested = parseSize(match[2]);
  const newSize = match[1] ? volume.sizeBytes + requested : requested;
  if (newSize < volume.sizeBytes) throw new ApiError(500, "unable to shrink disk size");
  return cluster.tasks.start(
    node,
    "resize",
    String(vmid),
    context.user,
    () => {
      volume.sizeBytes = newSize;
      const values = parseContainerValue(disk, container.config[disk]);
      values.size = formatSize(newSize);
      container.config[disk] = printContainerValue(disk, values);
    },
    { failWith: context.failWith },
  );
}

/** `DELETE nodes/{node}/lxc/{vmid}`: refused for a protected, running or locked container; the volumes its config refers to go with it. */
export function destroyContainer(
  cluster: Cluster,
  node: string,
  vmid: number,
  params: { purge?: boolean; destroyUnreferencedDisks?: boolean },
  context: TaskContext,
): Task {
  const container = containerOn(cluster, node, vmid);
  checkLock(container);
  if (container.config.protection === "1") throw new ApiError(500, `can't remove CT ${vmid} - protection mode enabled`);
  if (container.running) throw new ApiError(500, `CT ${vmid} is running - destroy failed`);
  container.config.lock = "destroyed";
  return cluster.tasks.start(
    node,
    "vzdestroy",
    String(vmid),
    context.user,
    () => {
      destroyNow(cluster, container, params.destroyUnreferencedDisks ?? false);
      if (params.purge) {
        for (const pool of cluster.pools.values()) pool.members.delete(`lxc/${vmid}`);
        removeGuestFromBackupJobs(cluster, vmid);
      }
    },
    { failWith: context.failWith, onFailure: () => delete container.config.lock },
  );
}
