import { ApiError } from "./api-error";
import type { Handler, HandlerRequest, HandlerTable } from "./handler-table";
import { configChanges as changesOf, param } from "./handler-table";
import { splitList } from "../schema/named-formats";
import type { Cluster, VmState } from "../state/cluster";
import type { Task } from "../state/tasks";
import { parseConfigValue } from "../state/property-formats";
import { applyConfig, configDigest, configResponse, DRIVE_KEY, NON_CONFIG_PARAMETERS, normaliseSshKeys } from "../state/qemu-config";
import { cloneVm, convertToTemplate, createVm, destroyVm, migrateVm, rebootVm, resizeDisk, startVm, stopVm } from "../state/qemu-lifecycle";
import { vmMemoryBytes } from "../state/vm-figures";

const VM = "/nodes/{node}/qemu/{vmid}";

/** The VM config keys of a request. */
const configChanges = (request: HandlerRequest) => changesOf(request, NON_CONFIG_PARAMETERS);

/** Checks done before a config change is accepted (qemu-server dies before it writes anything). */
function precheck(request: HandlerRequest, vm: VmState | undefined, changes: Readonly<Record<string, string>>): void {
  const { cluster } = request;
  if (vm && request.params.digest !== undefined && request.params.digest !== configDigest(vm)) {
    throw new ApiError(500, "detected modified configuration - file changed by other user? Try again later.");
  }
  const deletes = splitList(String(request.params.delete ?? ""));
  for (const key of deletes) {
    if (changes[key] !== undefined) throw new ApiError(400, "Parameter verification failed.", { delete: `cannot set and delete '${key}' at the same time` });
  }
  if (changes.sshkeys !== undefined) normaliseSshKeys(changes.sshkeys);
  const node = param.string(request, "node");
  for (const [key, text] of Object.entries(changes)) {
    if (!DRIVE_KEY.test(key)) continue;
    const file = parseConfigValue(key, text).file ?? "";
    const storage = /^([^:/\s]+):/.exec(file)?.[1];
    if (storage) cluster.storageOn(node, storage);
  }
}

/** The `status/current` answer. */
function statusOf(request: HandlerRequest, vm: VmState): Record<string, unknown> {
  const boot = Object.entries(vm.config).find(([key]) => /^(scsi|virtio|sata|ide)0$/.test(key));
  const bootVolume = boot ? request.cluster.volume(parseConfigValue(boot[0], boot[1]).file ?? "", vm.node) : undefined;
  const agent = vm.config.agent !== undefined && parseConfigValue("agent", vm.config.agent).enabled === "1";
  return {
    vmid: vm.vmid,
    name: vm.config.name,
    status: vm.running ? "running" : "stopped",
    qmpstatus: vm.running ? "running" : "stopped",
    ...(vm.config.lock ? { lock: vm.config.lock } : {}),
    ...(vm.config.template === "1" ? { template: 1 } : {}),
    ...(vm.config.tags ? { tags: vm.config.tags } : {}),
    cpus: Number(vm.config.cores ?? 1) * Number(vm.config.sockets ?? 1),
    maxmem: vmMemoryBytes(vm),
    maxdisk: bootVolume?.sizeBytes ?? 0,
    mem: 0,
    cpu: 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
    uptime: vm.running && vm.startedAt ? Math.max(0, Math.floor(Date.now() / 1000) - vm.startedAt) : 0,
    ...(vm.running ? { pid: 10000 + vm.vmid } : {}),
    agent: agent ? 1 : 0,
    ha: { managed: 0 },
  };
}

/** What the QEMU guest agent of a running VM reports: loopback and the address cloud-init gave `ipconfig0`. */
function agentInterfaces(vm: VmState): unknown {
  const ip = vm.config.ipconfig0 ? parseConfigValue("ipconfig0", vm.config.ipconfig0).ip : undefined;
  const mac = vm.config.net0 ? parseConfigValue("net0", vm.config.net0).macaddr : undefined;
  const [address, prefix] = ip && ip !== "dhcp" ? ip.split("/") : ["10.0.2.15", "24"];
  return {
    result: [
      { name: "lo", "hardware-address": "00:00:00:00:00:00", "ip-addresses": [{ "ip-address-type": "ipv4", "ip-address": "127.0.0.1", prefix: 8 }] },
      {
        name: "eth0",
        "hardware-address": (mac ?? "").toLowerCase(),
        "ip-addresses": [{ "ip-address-type": "ipv4", "ip-address": address, prefix: Number(prefix) }],
      },
    ],
  };
}

/** The VM a `nodes/{node}/qemu/{vmid}/...` call names. */
function vmOf(request: HandlerRequest): VmState {
  return request.cluster.vmOn(param.string(request, "node"), param.number(request, "vmid"));
}

/** What a task-starting VM call does: given the cluster, the path's node and VMID, and the request. */
type VmTaskStarter = (cluster: Cluster, node: string, vmid: number, request: HandlerRequest) => Task;

/** A handler for a call that starts a task on the VM of its path; it answers the task's UPID. */
function vmTask(start: VmTaskStarter): Handler {
  return (request) => start(request.cluster, param.string(request, "node"), param.number(request, "vmid"), request).upid;
}

/** `delete=` of a config call as a list. */
const deletesOf = (request: HandlerRequest) => splitList(String(request.params.delete ?? ""));

/** Registers the `nodes/{node}/qemu` endpoints. */
export function registerQemuHandlers(table: HandlerTable): void {
  table
    .on("GET", "/nodes/{node}/qemu", (request) => {
      const node = param.string(request, "node");
      request.cluster.node(node);
      return [...request.cluster.vms.values()].filter((vm) => vm.node === node).map((vm) => ({ vmid: vm.vmid, ...statusOf(request, vm) }));
    })
    .on(
      "POST",
      "/nodes/{node}/qemu",
      vmTask((cluster, node, vmid, request) => {
        const changes = configChanges(request);
        precheck(request, undefined, changes);
        return createVm(cluster, node, vmid, changes, param.flag(request, "start") ?? false, request.task);
      }),
    )
    .on("GET", VM, (request) => {
      vmOf(request);
      return [{ subdir: "config" }, { subdir: "status" }, { subdir: "agent" }];
    })
    .on("GET", `${VM}/config`, (request) => configResponse(vmOf(request)))
    .on("GET", `${VM}/pending`, (request) => {
      const vm = vmOf(request);
      const config = configResponse(vm);
      return Object.keys(config)
        .sort()
        .map((key) => (vm.pendingRestart.has(key) ? { key, value: config[key], pending: config[key] } : { key, value: config[key] }));
    })
    .on("PUT", `${VM}/config`, (request) => {
      const vm = vmOf(request);
      request.cluster.checkLock(vm, param.flag(request, "skiplock"));
      const changes = configChanges(request);
      precheck(request, vm, changes);
      applyConfig(request.cluster, vm, changes, deletesOf(request), param.flag(request, "force"));
      return null;
    })
    .on(
      "POST",
      `${VM}/config`,
      vmTask((cluster, node, vmid, request) => {
        const vm = cluster.vmOn(node, vmid);
        cluster.checkLock(vm, param.flag(request, "skiplock"));
        const changes = configChanges(request);
        precheck(request, vm, changes);
        const apply = () => applyConfig(cluster, vm, changes, deletesOf(request), param.flag(request, "force"));
        return cluster.tasks.start(node, "qmconfig", String(vmid), request.task.user, apply, { failWith: request.task.failWith });
      }),
    )
    .on("GET", `${VM}/status/current`, (request) => statusOf(request, vmOf(request)))
    .on(
      "POST",
      `${VM}/status/start`,
      vmTask((cluster, node, vmid, request) => startVm(cluster, node, vmid, request.task)),
    )
    .on(
      "POST",
      `${VM}/status/stop`,
      vmTask((cluster, node, vmid, request) => stopVm(cluster, node, vmid, "qmstop", request.task)),
    )
    .on(
      "POST",
      `${VM}/status/shutdown`,
      vmTask((cluster, node, vmid, request) => stopVm(cluster, node, vmid, "qmshutdown", request.task)),
    )
    .on(
      "POST",
      `${VM}/status/reboot`,
      vmTask((cluster, node, vmid, request) => rebootVm(cluster, node, vmid, request.task)),
    )
    .on(
      "POST",
      `${VM}/clone`,
      vmTask((cluster, node, vmid, request) =>
        cloneVm(
          cluster,
          node,
          vmid,
          {
            newid: param.number(request, "newid"),
            name: param.optionalString(request, "name"),
            description: param.optionalString(request, "description"),
            full: param.flag(request, "full"),
            target: param.optionalString(request, "target"),
            storage: param.optionalString(request, "storage"),
            pool: param.optionalString(request, "pool"),
          },
          request.task,
        ),
      ),
    )
    .on(
      "POST",
      `${VM}/template`,
      vmTask((cluster, node, vmid, request) => convertToTemplate(cluster, node, vmid, request.task)),
    )
    .on(
      "PUT",
      `${VM}/resize`,
      vmTask((cluster, node, vmid, request) =>
        resizeDisk(cluster, node, vmid, param.string(request, "disk"), param.string(request, "size"), param.flag(request, "skiplock") ?? false, request.task),
      ),
    )
    .on(
      "POST",
      `${VM}/migrate`,
      vmTask((cluster, node, vmid, request) =>
        migrateVm(
          cluster,
          node,
          vmid,
          {
            target: param.string(request, "target"),
            online: param.flag(request, "online"),
            withLocalDisks: param.flag(request, "with-local-disks"),
            targetstorage: param.optionalString(request, "targetstorage"),
          },
          request.task,
        ),
      ),
    )
    .on(
      "DELETE",
      VM,
      vmTask((cluster, node, vmid, request) =>
        destroyVm(
          cluster,
          node,
          vmid,
          {
            purge: param.flag(request, "purge"),
            destroyUnreferencedDisks: param.flag(request, "destroy-unreferenced-disks"),
            skiplock: param.flag(request, "skiplock"),
          },
          request.task,
        ),
      ),
    )
    .on("GET", `${VM}/agent/network-get-interfaces`, (request) => {
      const vm = vmOf(request);
      const agent = vm.config.agent !== undefined && parseConfigValue("agent", vm.config.agent).enabled === "1";
      if (!agent) throw new ApiError(500, "No QEMU guest agent configured");
      if (!vm.running) throw new ApiError(500, `VM ${vm.vmid} is not running`);
      return agentInterfaces(vm);
    })
    .on("POST", `${VM}/agent/ping`, (request) => {
      const vm = vmOf(request);
      if (!vm.running) throw new ApiError(500, `VM ${vm.vmid} is not running`);
      return { result: {} };
    });
}
