import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { VirtualEnvironmentVm } from "../../.gen/providers/proxmox/virtual-environment-vm";
import { bundledEnvironments, PROJECT_ROOT, synthEnvironment } from "./helpers";

const environments = bundledEnvironments();

describe.each(environments.map((model) => [model.name, model] as const))("bundled environment %s", (name, model) => {
  const json = synthEnvironment(model);
  const vms = JSON.parse(json).resource.proxmox_virtual_environment_vm as Record<string, Record<string, unknown>>;

  test("full synthesized JSON matches the reviewed snapshot", () => {
    expect(JSON.parse(json)).toMatchSnapshot();
  });

  test("has a VM for every machine with its static IP, clone source, disks and cloud-init user", () => {
    expect(Object.keys(vms).sort()).toEqual(model.spec.machines.map((m) => m.name).sort());
    for (const machine of model.machines) {
      expect(json).toHaveResourceWithProperties(VirtualEnvironmentVm, { name: machine.name, vm_id: machine.vmId });
      expect(vms[machine.name]).toMatchObject({
        clone: { vm_id: model.spec.templates[machine.persona.template].vmid },
        initialization: {
          ip_config: [{ ipv4: { address: `${machine.ip}/${model.spec.network.cidr.split("/")[1]}`, gateway: model.spec.network.gateway } }],
          user_account: { username: model.spec.access.user },
        },
      });
      expect((vms[machine.name].disk as unknown[]).length).toBe(1 + (machine.persona.dataDisks ?? []).length);
      expect(vms[machine.name].protection).toBe(machine.persona.stateful);
    }
  });

  test(`${name}: every depends_on points at a VM of the same stack that starts earlier`, () => {
    for (const vm of Object.values(vms)) {
      for (const dependency of (vm.depends_on as string[] | undefined) ?? []) {
        const target = vms[dependency.replace("proxmox_virtual_environment_vm.", "")];
        expect(target).toBeDefined();
        expect((target.startup as { order: number }).order).toBeLessThan((vm.startup as { order: number }).order);
      }
    }
  });
});

test("lab deploys networking first, then CA and time server, then monitoring, then at least two docker hosts", () => {
  const lab = environments.find((model) => model.name === "lab");
  const vms = JSON.parse(synthEnvironment(lab!)).resource.proxmox_virtual_environment_vm as Record<string, { depends_on?: string[]; startup: { order: number } }>;
  const order = (name: string) => vms[name].startup.order;
  expect([order("lab-dns-1"), order("lab-ca-1"), order("lab-ntp-1"), order("lab-mon-1"), order("lab-docker-1")]).toEqual([1, 2, 2, 3, 4]);
  expect(vms["lab-mon-1"].depends_on).toEqual(
    ["lab-dns-1", "lab-ca-1", "lab-ntp-1"].map((name) => `proxmox_virtual_environment_vm.${name}`),
  );
  expect(lab!.machines.filter((m) => m.persona.name === "docker-host").length).toBeGreaterThanOrEqual(2);
});

test("lab and prod live on different VLANs and VMID ranges", () => {
  const [lab, prod] = ["lab", "prod"].map((name) => environments.find((model) => model.name === name)!.spec);
  expect(lab.network.vlan).not.toBe(prod.network.vlan);
  expect(lab.vmids.end < prod.vmids.start || prod.vmids.end < lab.vmids.start).toBe(true);
});

describe("synth entrypoint", () => {
  // the runner behind `npm run synth` and cdktf.json's app
  const synthFrom = (cwd: string, outdir: string) =>
    spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "run-app.js")], {
      cwd,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1" },
      encoding: "utf8",
    });
  const listFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name)).map((f) => `${entry.name}/${f}`) : [entry.name],
    ).sort();

  test("writes cdktf.out/stacks/<env>/cdk.tf.json byte-identically from any directory, with no absolute path", () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-synth-"));
    try {
      const first = synthFrom(PROJECT_ROOT, path.join(scratch, "a"));
      const second = synthFrom(os.tmpdir(), path.join(scratch, "nested", "b"));
      expect(first.stderr).toBe("");
      expect([first.status, second.status]).toEqual([0, 0]);
      const files = listFiles(path.join(scratch, "a"));
      expect(files).toEqual(expect.arrayContaining(environments.map((model) => `stacks/${model.name}/cdk.tf.json`)));
      expect(listFiles(path.join(scratch, "nested", "b"))).toEqual(files);
      for (const file of files) {
        const a = fs.readFileSync(path.join(scratch, "a", file), "utf8");
        expect(fs.readFileSync(path.join(scratch, "nested", "b", file), "utf8")).toBe(a);
        expect(a).not.toContain(PROJECT_ROOT);
        expect(a).not.toContain(scratch);
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
