import type { Cluster, VmState } from "./cluster";
import { parseConfigValue } from "./property-formats";
import { vmVolumes } from "./qemu-lifecycle";

/** The total size of a VM's disks in bytes (`maxdisk` of cluster resources). */
export function vmDiskBytes(cluster: Cluster, vm: VmState): number {
  return vmVolumes(vm).reduce((sum, volid) => sum + (cluster.volume(volid, vm.node)?.sizeBytes ?? 0), 0);
}

/** A VM's memory in bytes (`maxmem`); PVE's default is 512 MiB. */
export function vmMemoryBytes(vm: VmState): number {
  const current = parseConfigValue("memory", vm.config.memory ?? "512").current ?? "512";
  return Number(current) * 1024 * 1024;
}
