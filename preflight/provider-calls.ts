// The calls bpg/proxmox 0.111.1 makes for this project's resources (read from its source and seen
// in the end-to-end suite's request logs), with the parameters an environment gives them. The
// privileges a token needs are derived from them: each call's permission check in the vendored
// Proxmox VE API schema, plus the checks PVE makes in code (simulator/schema/permissions.ts).
import type { EnvironmentModel } from "../environment/model";
import { containerTemplatesInUse, templatesInUse } from "../environment/model";
import type { HttpMethod } from "../simulator/schema/api-schema";
import { loadApiSchema } from "../simulator/schema/api-schema";
import type { CheckParameters, PrivilegeRequirement } from "../simulator/schema/permissions";
import { checksOf, requirementsOf } from "../simulator/schema/permissions";

/** One kind of call the provider makes, with what it is for. */
export interface ProviderCall {
  readonly method: HttpMethod;
  /** The API schema's path template. */
  readonly template: string;
  /** The resource it serves, e.g. `proxmox_download_file`. */
  readonly resource: string;
}

/** A call with the parameters of one use in an environment. */
interface CallUse extends ProviderCall {
  readonly params: CheckParameters;
}

const call = (method: HttpMethod, template: string, resource: string, params: CheckParameters): CallUse => ({ method, template, resource, params });

/** Every call the provider makes for an environment's resources: images stack, machines, containers, backup job. */
export function providerCalls(model: EnvironmentModel): CallUse[] {
  const { proxmox, network } = model;
  const net0 = `virtio,bridge=${network.bridge}${network.vlan === undefined ? "" : `,tag=${network.vlan}`}`;
  const uses: CallUse[] = [
    call("GET", "/version", "provider", {}),
    call("GET", "/cluster/resources", "provider", { type: "vm" }),
    call("GET", "/pools", "proxmox_virtual_environment_vm", {}),
  ];
  for (const template of templatesInUse(model)) {
    const node = template.node;
    const storage = proxmox.imageDatastore;
    uses.push(
      call("GET", "/nodes/{node}/query-url-metadata", "proxmox_download_file", { node }),
      call("POST", "/nodes/{node}/storage/{storage}/download-url", "proxmox_download_file", { node, storage, content: "import" }),
      call("GET", "/nodes/{node}/storage/{storage}/content", "proxmox_download_file", { node, storage }),
      call("DELETE", "/nodes/{node}/storage/{storage}/content/{volume}", "proxmox_download_file", { node, storage }),
      call("GET", "/storage/{storage}", "proxmox_virtual_environment_file", { storage }),
      call("GET", "/nodes/{node}/network", "proxmox_virtual_environment_file", { node }),
      call("POST", "/nodes/{node}/qemu", "proxmox_virtual_environment_vm", {
        node,
        vmid: template.baseVmId,
        scsi0: `${proxmox.datastore}:0,import-from=${storage}:import/${template.image.fileName}`,
        ide2: `${proxmox.datastore}:cloudinit`,
        net0,
        cores: 2,
        memory: 2048,
        scsihw: "virtio-scsi-single",
        ciuser: template.buildUser,
        agent: 1,
      }),
      ...vmLifecycle(node, template.baseVmId),
      call("POST", "/nodes/{node}/qemu/{vmid}/template", "proxmox_virtual_environment_vm", { node, vmid: template.baseVmId }),
    );
  }
  for (const machine of model.machines) {
    const { node, vmId: vmid } = machine;
    if (machine.kind === "vm") {
      const source = machine.template;
      uses.push(
        call("POST", "/nodes/{node}/qemu/{vmid}/clone", "proxmox_virtual_environment_vm", { node: source.node, vmid: source.vmId, newid: vmid }),
        call("GET", "/nodes/{node}/qemu/{vmid}/config", "proxmox_virtual_environment_vm", { node: source.node, vmid: source.vmId }),
        // what the provider sets after a clone: every VM.Config.* category (cloud-init drive, CPU, memory, NIC, options, hardware), then the disks
        call("PUT", "/nodes/{node}/qemu/{vmid}/config", "proxmox_virtual_environment_vm", {
          node,
          vmid,
          delete: "ide2",
          ide2: `${machine.bootDisk.datastore}:cloudinit`,
          ciuser: model.access.user,
          cores: machine.resources.cores,
          memory: machine.resources.memoryMiB,
          net0,
          onboot: 1,
          scsihw: "virtio-scsi-single",
          ...Object.fromEntries([machine.bootDisk, ...machine.dataDisks].map((disk, index) => [`scsi${index}`, `${disk.datastore}:${disk.sizeGiB}`])),
        }),
        ...vmLifecycle(node, vmid),
      );
      if (source.node !== node) uses.push(call("POST", "/nodes/{node}/qemu/{vmid}/migrate", "proxmox_virtual_environment_vm", { node: source.node, vmid }));
    } else {
      uses.push(
        call("POST", "/nodes/{node}/lxc", "proxmox_virtual_environment_container", {
          node,
          vmid,
          ostemplate: machine.template.volumeId,
          rootfs: `${machine.bootDisk.datastore}:${machine.bootDisk.sizeGiB}`,
          ...Object.fromEntries(machine.dataDisks.map((disk, index) => [`mp${index}`, `${disk.datastore}:${disk.sizeGiB},mp=${disk.mountPoint}`])),
          net0: `name=eth0,bridge=${network.bridge}`,
          cores: machine.resources.cores,
          memory: machine.resources.memoryMiB,
          onboot: 1,
        }),
        ...["config", "status/current", "interfaces"].map((sub) =>
          call("GET", `/nodes/{node}/lxc/{vmid}/${sub}`, "proxmox_virtual_environment_container", { node, vmid }),
        ),
        call("PUT", "/nodes/{node}/lxc/{vmid}/config", "proxmox_virtual_environment_container", {
          node,
          vmid,
          cores: machine.resources.cores,
          memory: machine.resources.memoryMiB,
          net0: `name=eth0,bridge=${network.bridge}`,
          onboot: 1,
        }),
        call("PUT", "/nodes/{node}/lxc/{vmid}/resize", "proxmox_virtual_environment_container", { node, vmid }),
        ...["start", "shutdown", "reboot"].map((action) =>
          call("POST", `/nodes/{node}/lxc/{vmid}/status/${action}`, "proxmox_virtual_environment_container", { node, vmid }),
        ),
        call("DELETE", "/nodes/{node}/lxc/{vmid}", "proxmox_virtual_environment_container", { node, vmid }),
      );
    }
  }
  for (const { template, nodes } of containerTemplatesInUse(model)) {
    for (const node of nodes) {
      const storage = proxmox.imageDatastore;
      if (template.source.kind === "oci") {
        uses.push(call("POST", "/nodes/{node}/storage/{storage}/oci-registry-pull", "proxmox_oci_image", { node, storage }));
      } else {
        uses.push(
          call("GET", "/nodes/{node}/query-url-metadata", "proxmox_download_file", { node }),
          call("POST", "/nodes/{node}/storage/{storage}/download-url", "proxmox_download_file", { node, storage, content: "vztmpl" }),
        );
      }
      uses.push(call("GET", "/nodes/{node}/storage/{storage}/content", "proxmox_download_file", { node, storage }));
    }
  }
  if (model.backup) {
    for (const method of ["POST", "GET", "PUT", "DELETE"] as const) {
      uses.push(call(method, method === "POST" ? "/cluster/backup" : "/cluster/backup/{id}", "proxmox_backup_job", { id: model.backup.id }));
    }
  }
  return uses;
}

/** The calls of a VM's life: its config and status read, disks resized, started, shut down, stopped, destroyed. */
function vmLifecycle(node: string, vmid: number): CallUse[] {
  const resource = "proxmox_virtual_environment_vm";
  return [
    call("GET", "/nodes/{node}/qemu/{vmid}/config", resource, { node, vmid }),
    call("GET", "/nodes/{node}/qemu/{vmid}/status/current", resource, { node, vmid }),
    call("PUT", "/nodes/{node}/qemu/{vmid}/resize", resource, { node, vmid }),
    ...["start", "shutdown", "stop"].map((action) => call("POST", `/nodes/{node}/qemu/{vmid}/status/${action}`, resource, { node, vmid })),
    call("DELETE", "/nodes/{node}/qemu/{vmid}", resource, { node, vmid }),
  ];
}

/** One privilege requirement with the resources it serves. */
export interface PrivilegeNeed extends PrivilegeRequirement {
  readonly resources: readonly string[];
}

/**
 * The privileges an environment's token needs, by path: every requirement of every call's checks,
 * merged per path (`any` requirements kept apart: one of them suffices), plus `VM.Audit` on `/vms`
 * so that `cluster/resources` shows every guest of the VMID range (PVE hides the others).
 */
export function privilegeNeeds(model: EnvironmentModel): ReadonlyMap<string, readonly PrivilegeNeed[]> {
  const schema = loadApiSchema();
  const byPath = new Map<string, PrivilegeNeed[]>();
  const add = (requirement: PrivilegeRequirement, resource: string) => {
    const needs = byPath.get(requirement.path) ?? [];
    const key = (need: PrivilegeRequirement) => `${need.any}:${[...need.privileges].sort().join(",")}`;
    const same = needs.find((need) => key(need) === key(requirement));
    if (same)
      byPath.set(
        requirement.path,
        needs.map((need) => (need === same && !need.resources.includes(resource) ? { ...need, resources: [...need.resources, resource] } : need)),
      );
    else byPath.set(requirement.path, [...needs, { ...requirement, resources: [resource] }]);
  };
  for (const use of providerCalls(model)) {
    const method = schema.paths[use.template]?.[use.method];
    if (!method) throw new Error(`provider call ${use.method} ${use.template} is not in the API schema`);
    for (const check of checksOf(use.method, use.template, method, use.params))
      for (const requirement of requirementsOf(check, use.params)) add(requirement, use.resource);
  }
  add({ path: "/vms", privileges: ["VM.Audit"], any: false }, "the preflight's VMID check");
  return new Map([...byPath].sort(([a], [b]) => a.localeCompare(b)));
}
