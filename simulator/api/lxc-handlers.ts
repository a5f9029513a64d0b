import { ApiError } from "./api-error";
import type { HandlerRequest, HandlerTable } from "./handler-table";
import { configChanges, param } from "./handler-table";
import { splitList } from "../schema/named-formats";

import type { Cluster, ContainerState } from "../state/cluster";
import { CONTAINER_NON_CONFIG_PARAMETERS, containerVolume, parseContainerValue } from "../state/lxc-config";
import {
  containerOn,
  createContainer,
  destroyContainer,
  rebootContainer,
  resizeContainerVolume,
  startContainer,
  stopContainer,
  updateContainer,
} from "../state/lxc-lifecycle";
import { LXC_CONFIG } from "../state/property-formats";
import { configDigest, configResponse } from "../state/qemu-config";
import type { Task } from "../state/tasks";

const CT = "/nodes/{node}/lxc/{vmid}";

/** The container a `nodes/{node}/lxc/{vmid}/...` call names. */
function containerOf(request: HandlerRequest): ContainerState {
  return containerOn(request.cluster, param.string(request, "node"), param.number(request, "vmid"));
}

/** Bytes of a container's memory or swap setting (MiB; PVE's defaults 512). */
function mebibytes(container: ContainerState, key: "memory" | "swap"): number {
  return Number(container.config[key] ?? "512") * 1024 * 1024;
}

/** The size of its root file system in bytes (`maxdisk`). */
function rootBytes(cluster: Cluster, container: ContainerState): number {
  const volid = container.config.rootfs ? containerVolume("rootfs", container.config.rootfs) : undefined;
  return (volid && cluster.volume(volid, container.node)?.sizeBytes) || 0;
}

/** The `status/current` answer (and a line of the node's container list). */
export function containerStatus(cluster: Cluster, container: ContainerState): Record<string, unknown> {
  return {
    vmid: container.vmid,
    type: "lxc",
    name: container.config.hostname ?? `CT${container.vmid}`,
    status: container.running ? "running" : "stopped",
    ...(container.config.lock ? { lock: container.config.lock } : {}),
    ...(container.config.template === "1" ? { template: 1 } : {}),
    ...(container.config.tags ? { tags: container.config.tags } : {}),
    cpus: Number(container.config.cores ?? 1),
    maxmem: mebibytes(container, "memory"),
    maxswap: mebibytes(container, "swap"),
    maxdisk: rootBytes(cluster, container),
    mem: 0,
    cpu: 0,
    disk: 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
    uptime: container.running && container.startedAt ? Math.max(0, Math.floor(Date.now() / 1000) - container.startedAt) : 0,
    ha: { managed: 0 },
  };
}

/** What `interfaces` reports of a running container: loopback and each NIC with the address its config gives. */
function interfacesOf(container: ContainerState): unknown[] {
  const nics = Object.keys(container.config)
    .filter((key) => /^net\d+$/.test(key))
    .sort()
    .map((key) => parseContainerValue(key, container.config[key]));
  return [
    {
      name: "lo",
      hwaddr: "00:00:00:00:00:00",
      "hardware-address": "00:00:00:00:00:00",
      inet: "127.0.0.1/8",
      "ip-addresses": [{ "ip-address": "127.0.0.1", prefix: 8, "ip-address-type": "inet" }],
    },
    ...nics.map((nic) => {
      const [address, prefix] = nic.ip && /\//.test(nic.ip) ? nic.ip.split("/") : [undefined, undefined];
      return {
        name: nic.name,
        hwaddr: (nic.hwaddr ?? "").toLowerCase(),
        "hardware-address": (nic.hwaddr ?? "").toLowerCase(),
        ...(address ? { inet: nic.ip } : {}),
        "ip-addresses": address ? [{ "ip-address": address, prefix: Number(prefix), "ip-address-type": "inet" }] : [],
      };
    }),
  ];
}

/** A handler for a call that starts a task on the container of its path; it answers the task's UPID. */
function containerTask(start: (cluster: Cluster, node: string, vmid: number, request: HandlerRequest) => Task) {
  return (request: HandlerRequest) => start(request.cluster, param.string(request, "node"), param.number(request, "vmid"), request).upid;
}

/** Registers the `nodes/{node}/lxc` endpoints. */
export function registerLxcHandlers(table: HandlerTable): void {
  table
    .on("GET", "/nodes/{node}/lxc", (request) => {
      const node = param.string(request, "node");
      request.cluster.node(node);
      return [...request.cluster.containers.values()]
        .filter((container) => container.node === node)
        .map((container) => containerStatus(request.cluster, container));
    })
    .on(
      "POST",
      "/nodes/{node}/lxc",
      containerTask((cluster, node, vmid, request) =>
        createContainer(
          cluster,
          node,
          vmid,
          configChanges(request, CONTAINER_NON_CONFIG_PARAMETERS),
          {
            ostemplate: param.string(request, "ostemplate"),
            storage: param.optionalString(request, "storage"),
            sshPublicKeys: param.optionalString(request, "ssh-public-keys"),
            start: param.flag(request, "start") ?? false,
          },
          request.task,
        ),
      ),
    )
    .on("GET", CT, (request) => {
      containerOf(request);
      return ["config", "status", "snapshot", "interfaces"].map((subdir) => ({ subdir }));
    })
    .on("GET", `${CT}/config`, (request) => configResponse(containerOf(request), LXC_CONFIG))
    .on("PUT", `${CT}/config`, (request) => {
      const container = containerOf(request);
      if (request.params.digest !== undefined && request.params.digest !== configDigest(container)) {
        throw new ApiError(500, "detected modified configuration - file changed by other user? Try again later.");
      }
      const changes = configChanges(request, CONTAINER_NON_CONFIG_PARAMETERS);
      const deletes = splitList(String(request.params.delete ?? ""));
      updateContainer(request.cluster, container.node, container.vmid, changes, deletes, request.task);
      return null;
    })
    .on("GET", `${CT}/status/current`, (request) => containerStatus(request.cluster, containerOf(request)))
    .on(
      "POST",
      `${CT}/status/start`,
      containerTask((cluster, node, vmid, request) => startContainer(cluster, node, vmid, request.task)),
    )
    .on(
      "POST",
      `${CT}/status/stop`,
      containerTask((cluster, node, vmid, request) => stopContainer(cluster, node, vmid, "vzstop", request.task)),
    )
    .on(
      "POST",
      `${CT}/status/shutdown`,
      containerTask((cluster, node, vmid, request) => stopContainer(cluster, node, vmid, "vzshutdown", request.task)),
    )
    .on(
      "POST",
      `${CT}/status/reboot`,
      containerTask((cluster, node, vmid, request) => rebootContainer(cluster, node, vmid, request.task)),
    )
    .on(
      "PUT",
      `${CT}/resize`,
      containerTask((cluster, node, vmid, request) =>
        resizeContainerVolume(cluster, node, vmid, param.string(request, "disk"), param.string(request, "size"), request.task),
      ),
    )
    .on(
      "DELETE",
      CT,
      containerTask((cluster, node, vmid, request) =>
        destroyContainer(
          cluster,
          node,
          vmid,
          { purge: param.flag(request, "purge"), destroyUnreferencedDisks: param.flag(request, "destroy-unreferenced-disks") },
          request.task,
        ),
      ),
    )
    .on("GET", `${CT}/interfaces`, (request) => {
      const container = containerOf(request);
      if (!container.running) throw new ApiError(500, `CT ${container.vmid} is not running`);
      return interfacesOf(container);
    });
}
