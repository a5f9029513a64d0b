import * as fs from "fs";
import * as path from "path";
import { registryFileName } from "../../environment/registry/machine-registry";
import { renderRegistry } from "../../environment/registry/render-registry";
import { bundledModels, bundledStacks, PROJECT_ROOT } from "../helpers";

const models = bundledModels();
const stacks = bundledStacks();

test("the bundled output holds both stacks of every bundled environment", () => {
  expect(Object.keys(stacks)).toEqual(models.flatMap((model) => [model.name, `${model.name}-images`]).sort());
});

describe.each(models.map((model) => [model.name, model] as const))("bundled environment %s", (name, model) => {
  const json = stacks[name];
  const vms = json.resource.proxmox_virtual_environment_vm;

  test("the synthesized JSON of both stacks matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot("environment stack");
    expect(stacks[`${name}-images`]).toMatchSnapshot("images stack");
  });

  test("its committed machine registry is what synth computes (a CI synth would pass), and records every machine", () => {
    const committed = fs.readFileSync(path.join(PROJECT_ROOT, "environments", registryFileName(name)), "utf8");
    expect(renderRegistry(model.registry, model.name, model.file)).toBe(committed);
    expect(Object.keys(model.registry.machines).sort()).toEqual(model.machines.map((machine) => machine.name).sort());
    expect(model.retiring).toEqual([]);
    expect(model.warnings).toEqual([]);
  });

  test("has a VM for every VM machine with its static IP, clone source, disks and cloud-init user", () => {
    const vmMachines = model.machines.flatMap((machine) => (machine.kind === "vm" ? [machine] : []));
    expect(Object.keys(vms).sort()).toEqual(vmMachines.map((machine) => machine.name).sort());
    for (const machine of vmMachines) {
      expect(vms[machine.name]).toMatchObject({
        name: machine.name,
        vm_id: machine.vmId,
        clone: { vm_id: machine.template.vmId },
        initialization: {
          ip_config: [{ ipv4: { address: `${machine.ip}/${model.network.prefixLength}`, gateway: model.network.gateway } }],
          user_account: { username: model.access.user },
        },
        protection: machine.persona.stateful,
      });
      expect(vms[machine.name].disk).toHaveLength(1 + machine.dataDisks.length);
    }
  });

  test("every depends_on points at a VM of the same stack that starts earlier", () => {
    for (const vm of Object.values(vms)) {
      for (const dependency of vm.depends_on ?? []) {
        const target = vms[dependency.replace("proxmox_virtual_environment_vm.", "")];
        expect(target).toBeDefined();
        expect(target.startup.order).toBeLessThan(vm.startup.order);
      }
    }
  });
});

test("lab deploys networking first, then CA and time server, then monitoring, then at least two docker hosts", () => {
  const vms = stacks.lab.resource.proxmox_virtual_environment_vm;
  const order = (name: string) => vms[name].startup.order;
  expect([order("lab-dns-1"), order("lab-ca-1"), order("lab-ntp-1"), order("lab-mon-1"), order("lab-docker-1")]).toEqual([1, 2, 2, 3, 4]);
  expect(vms["lab-mon-1"].depends_on).toEqual(["lab-dns-1", "lab-ca-1", "lab-ntp-1"].map((name) => `proxmox_virtual_environment_vm.${name}`));
  expect(models.find((model) => model.name === "lab")!.machines.filter((machine) => machine.persona.name === "docker-host").length).toBeGreaterThanOrEqual(2);
});
