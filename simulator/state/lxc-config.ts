import { ApiError } from "../api/api-error";
import { splitList } from "../schema/named-formats";
import type { Cluster, ContainerState } from "./cluster";
import { GIB } from "./cluster";
import { formatSize, LXC_CONFIG, parseConfigValue, printConfigValue } from "./property-formats";

/** Config keys that are volumes: the root file system and mount points. */
export const CONTAINER_VOLUME_KEY = /^(rootfs|mp\d+)$/;

/** Request parameters of the create and config calls that are not config keys. */
export const CONTAINER_NON_CONFIG_PARAMETERS: ReadonlySet<string> = new Set([
  "node",
  "vmid",
  "digest",
  "delete",
  "revert",
  "ostemplate",
  "storage",
  "ssh-public-keys",
  "password",
  "start",
  "unique",
  "restore",
  "force",
  "ignore-unpack-errors",
  "pool",
  "bwlimit",
  "ha-managed",
]);

/** Keys a running container takes at once; the others wait for the next start. */
const HOT = /^(net\d+|cores|cpulimit|cpuunits|memory|swap|description|tags|onboot|protection|startup|hostname|nameserver|searchdomain|lock|mp\d+|unused\d+)$/;

/** Parses a (validated) container config property string. */
export function parseContainerValue(key: string, text: string): Record<string, string> {
  return parseConfigValue(key, text, LXC_CONFIG);
}

/** Prints a container config property string. */
export function printContainerValue(key: string, values: Record<string, string>): string {
  return printConfigValue(key, values, LXC_CONFIG);
}

/** The volid of a volume key's value, if it is a storage volume (not a bind mount of a host path). */
export function containerVolume(key: string, text: string): string | undefined {
  const volume = parseContainerValue(key, text).volume;
  return volume && !volume.startsWith("/") && volume.includes(":") ? volume : undefined;
}

/** Every volid a container's config refers to (root file system, mount points, unused volumes). */
export function containerVolumes(container: ContainerState): string[] {
  return Object.entries(container.config).flatMap(([key, value]) => {
    if (CONTAINER_VOLUME_KEY.test(key)) {
      const volid = containerVolume(key, value);
      return volid ? [volid] : [];
    }
    return /^unused\d+$/.test(key) ? [parseContainerValue(key, value).volume] : [];
  });
}

/**
 * Sets a volume key as pve-container's create_disks does: `<storage>:<GiB>` allocates a new volume
 * of that size (`vm-<vmid>-disk-<n>`) and records its `size`; an existing volume is kept. A bare
 * size takes the default storage of the call (`storage`).
 */
function setVolume(cluster: Cluster, container: ContainerState, key: string, text: string, defaultStorage: string | undefined): void {
  const values = parseContainerValue(key, text);
  const volume = values.volume ?? "";
  const newVolume = /^(([^/:\s]+):)?(\d+(\.\d+)?)$/.exec(volume);
  if (newVolume) {
    const storageId = newVolume[2] ?? defaultStorage;
    if (!storageId) throw new ApiError(500, "no storage ID specified (and no default storage)");
    const storage = cluster.storageOn(container.node, storageId);
    storage.requireContent("rootdir");
    const allocated = storage.allocate(container.vmid, container.node, Math.ceil(Number(newVolume[3]) * GIB));
    values.volume = allocated.volid;
    values.size = formatSize(allocated.sizeBytes);
  } else if (!volume.startsWith("/")) {
    const existing = cluster.volume(volume, container.node);
    if (!existing) throw new ApiError(500, `unable to parse volume ID '${volume}'`);
    values.size = formatSize(existing.sizeBytes);
  }
  container.config[key] = printContainerValue(key, values);
}

/** The features a call may change: a privileged container's only as root@pam, and of an unprivileged one only `nesting` (pve-container's check_ct_modify_config_perm). */
function checkFeatures(container: ContainerState, changes: Readonly<Record<string, string>>, user: string): void {
  const text = changes.features ?? "";
  const root = user === "root@pam";
  const unprivileged = (changes.unprivileged ?? container.config.unprivileged) === "1";
  if (!unprivileged && !root) throw new ApiError(403, "Permission check failed (changing feature flags for privileged container is only allowed for root@pam)");
  const before = container.config.features ? parseContainerValue("features", container.config.features) : {};
  const after = parseContainerValue("features", text);
  const flag = (values: Record<string, string>, name: string) => values[name] ?? (name === "mount" ? "" : "0");
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => flag(before, name) !== flag(after, name));
  if (changed.some((name) => name !== "nesting") && !root) {
    throw new ApiError(403, "Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)");
  }
}

/**
 * Applies a config change as pve-container's update_pct_config does: `delete` first (a mount point's
 * volume becomes `unusedN`), then each key (volumes allocated, NICs given a MAC and `type=veth`,
 * tags de-duplicated and sorted, feature flags checked against who asks). Keys a running container
 * cannot take live wait for its next start.
 */
export function applyContainerConfig(
  cluster: Cluster,
  container: ContainerState,
  changes: Readonly<Record<string, string>>,
  deletes: readonly string[],
  options: { readonly user: string; readonly defaultStorage?: string },
): void {
  if (changes.features !== undefined) checkFeatures(container, changes, options.user);
  for (const key of deletes) {
    const current = container.config[key];
    if (current === undefined) continue;
    if (key === "rootfs") throw new ApiError(400, "Parameter verification failed.", { delete: "unable to delete required option 'rootfs'" });
    if (/^mp\d+$/.test(key)) {
      const volid = containerVolume(key, current);
      if (volid) registerUnused(container, volid);
    }
    delete container.config[key];
    if (container.running && !HOT.test(key)) container.pendingRestart.add(key);
  }
  for (const [key, text] of Object.entries(changes).sort(([a], [b]) => volumeRank(a) - volumeRank(b))) {
    if (CONTAINER_VOLUME_KEY.test(key)) {
      setVolume(cluster, container, key, text, options.defaultStorage);
    } else if (/^net\d+$/.test(key)) {
      const values = parseContainerValue(key, text);
      const previous = container.config[key] ? parseContainerValue(key, container.config[key]) : {};
      values.hwaddr ??= previous.hwaddr ?? cluster.nextMac();
      values.type ??= "veth";
      container.config[key] = printContainerValue(key, values);
    } else if (key === "tags") {
      container.config.tags = [...new Set(splitList(text))].sort().join(";");
    } else if (key === "description") {
      // the config file keeps it as comment lines: it is read back with a newline at the end
      container.config.description = text.endsWith("\n") ? text : `${text}\n`;
    } else {
      container.config[key] = text;
    }
    if (container.running && !HOT.test(key)) container.pendingRestart.add(key);
  }
}

/** The order pve-container allocates volumes in (foreach_volume): the root file system, then mp0, mp1, ...; other keys after. */
function volumeRank(key: string): number {
  if (key === "rootfs") return -1;
  const mount = /^mp(\d+)$/.exec(key);
  return mount ? Number(mount[1]) : Number.MAX_SAFE_INTEGER;
}

/** Records a detached volume as the first free `unusedN`. */
function registerUnused(container: ContainerState, volid: string): void {
  for (let n = 0; ; n++) {
    if (container.config[`unused${n}`] === undefined) {
      container.config[`unused${n}`] = volid;
      return;
    }
  }
}
