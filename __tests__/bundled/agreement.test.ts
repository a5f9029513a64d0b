import * as yaml from "js-yaml";
import type { PackerVars } from "../../artifacts/packer-vars";
import type { TerraformJson } from "../helpers";
import { bundledModels, bundledStacks } from "../helpers";

/** The content of the one `local_file` of a synthesized stack whose filename ends in `suffix`. */
function fileContent(json: TerraformJson, suffix: string): string {
  const files = Object.values(json.resource.local_file ?? {}).filter((file) => String(file.filename).endsWith(suffix));
  expect(files).toHaveLength(1);
  return String(files[0].content);
}

const stacks = bundledStacks();

describe.each(bundledModels().map((model) => model.name))("%s: inventory, Packer var file and Terraform JSON", (name) => {
  const environment = stacks[name];
  const images = stacks[`${name}-images`];
  const vms = environment.resource.proxmox_virtual_environment_vm;
  const containers = environment.resource.proxmox_virtual_environment_container ?? {};
  /** Every machine, VM or container, with its name, VMID and address as Terraform gets them. */
  const guests = [
    ...Object.values(vms).map((vm) => ({ name: String(vm.name), vmid: vm.vm_id, ipv4: vm.initialization.ip_config[0].ipv4 })),
    ...Object.values(containers).map((ct) => ({ name: String(ct.initialization.hostname), vmid: ct.vm_id, ipv4: ct.initialization.ip_config[0].ipv4 })),
  ];
  const inventory = yaml.load(fileContent(environment, `ansible/inventories/${name}/hosts.yml`)) as {
    all: { children: Record<string, { hosts: Record<string, Record<string, unknown>> }> };
  };
  const hostVars: Record<string, Record<string, unknown>> = Object.assign(
    {},
    ...Object.entries(inventory.all.children)
      .filter(([group]) => group.startsWith("persona_"))
      .map(([, group]) => group.hosts),
  );
  const packer = JSON.parse(fileContent(images, `packer/vars/${name}.pkrvars.json`)) as PackerVars;
  const templates = Object.values(packer.templates);
  const templatesByName = new Map(templates.map((template) => [template.name, template]));

  it("list exactly the same hosts", () => {
    expect(Object.keys(hostVars).sort()).toEqual(guests.map((guest) => guest.name).sort());
  });

  it("agree on every host's IP and VMID, VMs and containers alike", () => {
    for (const guest of guests) {
      const address = String(guest.ipv4.address).split("/")[0];
      expect({ host: guest.name, ip: hostVars[guest.name].ansible_host, vmid: hostVars[guest.name].vmid }).toEqual({
        host: guest.name,
        ip: address,
        vmid: guest.vmid,
      });
    }
  });

  it("create every container from an LXC template the images stack puts on the container's node", () => {
    const templateFiles = Object.values(images.resource.proxmox_download_file ?? {})
      .filter((file) => file.content_type === "vztmpl")
      .map((file) => `${file.node_name} ${file.datastore_id}:vztmpl/${file.file_name}`);
    for (const ct of Object.values(containers)) {
      expect(templateFiles).toContain(`${ct.node_name} ${ct.operating_system.template_file_id}`);
      expect(String(ct.operating_system.template_file_id).endsWith(`/${String(hostVars[ct.initialization.hostname].template)}`)).toBe(true);
    }
  });

  it("agree on every template name and VMID: each VM clones the VMID Packer gives the template of that name", () => {
    for (const vm of Object.values(vms)) {
      const template = templatesByName.get(String(hostVars[vm.name].template));
      expect({ host: vm.name, cloneOf: vm.clone.vm_id }).toEqual({ host: vm.name, cloneOf: template?.vm_id });
    }
  });

  it("have Packer build only templates that some VM clones", () => {
    const cloned = new Set(Object.values(vms).map((vm) => vm.clone.vm_id));
    expect(templates.map((template) => template.vm_id).sort()).toEqual([...cloned].sort());
  });

  it("have Packer clone the base VMs the images stack imports", () => {
    const baseVms = Object.values(images.resource.proxmox_virtual_environment_vm);
    const byVmId = (a: { vmId: number }, b: { vmId: number }) => a.vmId - b.vmId;
    expect(baseVms.map((vm) => ({ vmId: vm.vm_id, node: vm.node_name })).sort(byVmId)).toEqual(
      templates.map((template) => ({ vmId: template.base_vm_id, node: template.node })).sort(byVmId),
    );
  });

  it("use no VMID twice across both stacks", () => {
    const ids = [...Object.values(vms).map((vm) => vm.vm_id), ...templates.flatMap((template) => [template.vm_id, template.base_vm_id])];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
