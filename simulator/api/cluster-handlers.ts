import { ApiError } from "./api-error";
import type { HandlerRequest, HandlerTable } from "./handler-table";
import { param } from "./handler-table";
import { containerStatus } from "./lxc-handlers";
import { storageStatus } from "./storage-handlers";
import type { Cluster } from "../state/cluster";
import { vmDiskBytes, vmMemoryBytes } from "../state/vm-figures";

/** `GET version` of a cluster: its release (the API schema's, 9.1.3, unless seeded otherwise). */
function versionOf(cluster: Cluster): Record<string, string> {
  const release = cluster.version.split(".").slice(0, 2).join(".");
  return { version: cluster.version, release, repoid: "e5010dce", console: "xtermjs" };
}

/** The `GET nodes` / cluster-resources line of a node. */
function nodeEntry(request: HandlerRequest, name: string): Record<string, unknown> {
  const node = request.cluster.node(name);
  return {
    id: `node/${name}`,
    type: "node",
    node: name,
    status: node.online ? "online" : "offline",
    level: "",
    maxcpu: node.cores,
    cpu: 0.01,
    maxmem: node.memoryMiB * 1024 * 1024,
    mem: 0,
    uptime: 86400,
    maxdisk: 100 * 1024 ** 3,
    disk: 0,
  };
}

/** The cluster-resources lines of the VMs. */
function vmEntries(request: HandlerRequest): Record<string, unknown>[] {
  return [...request.cluster.vms.values()]
    .sort((a, b) => a.vmid - b.vmid)
    .map((vm) => {
      const pool = [...request.cluster.pools.values()].find((candidate) => candidate.members.has(`qemu/${vm.vmid}`));
      return {
        id: `qemu/${vm.vmid}`,
        type: "qemu",
        vmid: vm.vmid,
        node: vm.node,
        ...(vm.config.name ? { name: vm.config.name } : {}),
        status: vm.running ? "running" : "stopped",
        template: vm.config.template === "1" ? 1 : 0,
        ...(vm.config.lock ? { lock: vm.config.lock } : {}),
        ...(vm.config.tags ? { tags: vm.config.tags } : {}),
        ...(pool ? { pool: pool.poolid } : {}),
        maxcpu: Number(vm.config.cores ?? 1) * Number(vm.config.sockets ?? 1),
        maxmem: vmMemoryBytes(vm),
        maxdisk: vmDiskBytes(request.cluster, vm),
        cpu: 0,
        mem: 0,
        disk: 0,
        netin: 0,
        netout: 0,
        diskread: 0,
        diskwrite: 0,
        uptime: vm.running && vm.startedAt ? Math.max(0, Math.floor(Date.now() / 1000) - vm.startedAt) : 0,
      };
    });
}

/** The cluster-resources lines of the containers. */
function containerEntries(request: HandlerRequest): Record<string, unknown>[] {
  return [...request.cluster.containers.values()]
    .sort((a, b) => a.vmid - b.vmid)
    .map((container) => {
      const { ha: _ha, ...status } = containerStatus(request.cluster, container);
      return { ...status, id: `lxc/${container.vmid}`, node: container.node, template: container.config.template === "1" ? 1 : 0 };
    });
}

/** The network interfaces of a node: a NIC, and its bridges (the first with the node's address and gateway). */
function networkOf(request: HandlerRequest, name: string): Record<string, unknown>[] {
  const node = request.cluster.node(name);
  const nic = { iface: "nic0", type: "eth", active: 1, autostart: 1, exists: 1, method: "manual", families: ["inet"], priority: 1 };
  const bridges = node.bridges.map((bridge, index) => ({
    iface: bridge,
    type: "bridge",
    active: 1,
    autostart: 1,
    method: index === 0 ? "static" : "manual",
    families: ["inet"],
    bridge_ports: index === 0 ? "nic0" : "",
    bridge_stp: "off",
    bridge_fd: "0",
    bridge_vlan_aware: 1,
    bridge_vids: "2-4094",
    priority: 2 + index,
    ...(index === 0 ? { address: node.address, netmask: "255.255.255.0", cidr: `${node.address}/24`, gateway: "192.0.2.1" } : {}),
  }));
  return [nic, ...bridges];
}

/** Registers version, cluster, node, pool and task endpoints. */
export function registerClusterHandlers(table: HandlerTable): void {
  table
    .on("GET", "/version", (request) => versionOf(request.cluster))
    .on("GET", "/cluster/resources", (request) => {
      const type = param.optionalString(request, "type");
      const nodes = [...request.cluster.nodes.keys()];
      const storages = nodes.flatMap((node) =>
        [...request.cluster.storages.values()]
          .filter((storage) => storage.availableOn(node))
          .map((storage) => {
            const status = storageStatus(node, storage);
            return {
              id: `storage/${node}/${storage.id}`,
              type: "storage",
              storage: storage.id,
              node,
              status: "available",
              plugintype: storage.type,
              content: status.content,
              shared: status.shared,
              maxdisk: status.total,
              disk: status.used,
            };
          }),
      );
      const all = {
        vm: [...vmEntries(request), ...containerEntries(request)].sort((a, b) => Number(a.vmid) - Number(b.vmid)),
        node: nodes.map((node) => nodeEntry(request, node)),
        storage: storages,
        sdn: [] as Record<string, unknown>[],
      };
      return type ? all[type as keyof typeof all] : [...all.node, ...all.storage, ...all.vm];
    })
    .on("GET", "/cluster/nextid", (request) => {
      const wanted = request.params.vmid === undefined ? undefined : param.number(request, "vmid");
      if (wanted !== undefined) {
        if (!request.cluster.vmidFree(wanted)) throw new ApiError(400, "Parameter verification failed.", { vmid: `VM ${wanted} already exists` });
        return String(wanted);
      }
      for (let vmid = 100; ; vmid++) if (request.cluster.vmidFree(vmid)) return String(vmid);
    })
    .on("GET", "/nodes", (request) => [...request.cluster.nodes.keys()].map((node) => nodeEntry(request, node)))
    .on("GET", "/nodes/{node}/status", (request) => {
      const node = request.cluster.node(param.string(request, "node"));
      return {
        cpuinfo: { cpus: node.cores, sockets: 1, model: "Simulated CPU" },
        memory: { total: node.memoryMiB * 1024 * 1024, used: 0, free: node.memoryMiB * 1024 * 1024 },
        pveversion: `pve-manager/${request.cluster.version}`,
        uptime: 86400,
      };
    })
    .on("GET", "/nodes/{node}/network", (request) => {
      const type = param.optionalString(request, "type");
      const interfaces = networkOf(request, param.string(request, "node"));
      if (type === undefined) return interfaces;
      return interfaces.filter((entry) => entry.type === type || ((type === "any_bridge" || type === "any_local_bridge") && entry.type === "bridge"));
    })
    .on("GET", "/pools", (request) => {
      const poolid = param.optionalString(request, "poolid");
      const pools = [...request.cluster.pools.values()].filter((pool) => poolid === undefined || pool.poolid === poolid);
      if (poolid !== undefined && pools.length === 0) throw new ApiError(500, `pool '${poolid}' does not exist`);
      return pools.map((pool) => ({
        poolid: pool.poolid,
        ...(pool.comment ? { comment: pool.comment } : {}),
        ...(poolid !== undefined ? { members: membersOf(request, pool.members) } : {}),
      }));
    })
    .on("GET", "/pools/{poolid}", (request) => {
      const pool = request.cluster.pools.get(param.string(request, "poolid"));
      if (!pool) throw new ApiError(500, `pool '${param.string(request, "poolid")}' does not exist`);
      return { ...(pool.comment ? { comment: pool.comment } : {}), members: membersOf(request, pool.members) };
    })
    // no VM of the simulator is HA-managed; the provider asks before it migrates one (pve-ha-manager's answer)
    .on("GET", "/cluster/ha/resources/{sid}", (request) => {
      throw new ApiError(500, `no such resource '${param.string(request, "sid")}'`);
    })
    .on("GET", "/nodes/{node}/tasks", (request) => {
      const node = param.string(request, "node");
      request.cluster.node(node);
      return request.cluster.tasks
        .all()
        .filter((task) => task.node === node)
        .reverse()
        .map((task) => ({
          upid: task.upid,
          node,
          type: task.type,
          id: task.id,
          user: task.user,
          starttime: task.starttime,
          pid: task.pid,
          pstart: task.pstart,
          ...(task.status === "stopped" ? { status: task.exitstatus, endtime: task.endtime } : {}),
        }));
    })
    .on("GET", "/nodes/{node}/tasks/{upid}/status", (request) => {
      const task = request.cluster.tasks.get(param.string(request, "upid"));
      if (!task || task.node !== param.string(request, "node")) throw new ApiError(500, `no such task`);
      return {
        upid: task.upid,
        node: task.node,
        pid: task.pid,
        pstart: task.pstart,
        starttime: task.starttime,
        type: task.type,
        id: task.id,
        user: task.user,
        status: task.status,
        ...(task.status === "stopped" ? { exitstatus: task.exitstatus } : {}),
      };
    })
    .on("GET", "/nodes/{node}/tasks/{upid}/log", (request) => {
      const task = request.cluster.tasks.get(param.string(request, "upid"));
      if (!task || task.node !== param.string(request, "node")) throw new ApiError(500, `no such task`);
      const start = request.params.start === undefined ? 0 : param.number(request, "start");
      const limit = request.params.limit === undefined ? 50 : param.number(request, "limit");
      return task.log.slice(start, start + limit).map((t, index) => ({ n: start + index + 1, t }));
    });
}

function membersOf(request: HandlerRequest, members: ReadonlySet<string>): Record<string, unknown>[] {
  return vmEntries(request).filter((entry) => members.has(String(entry.id)));
}
