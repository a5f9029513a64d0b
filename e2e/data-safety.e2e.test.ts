// Data is durable under every edit: the bundled lab, deployed with the real cdktf-cli, Terraform and
// bpg/proxmox to the Proxmox VE simulator, then edited the ways a user edits it. Each edit is either
// refused by synth (nothing reaches Proxmox) or planned and applied with no stateful data lost. The
// scenarios share one deployed lab and run in file order: each starts from where the last left it.
import * as fs from "fs";
import * as path from "path";
import { Rehearsal } from "../rehearsal/rehearsal";
import type { RehearsalStep } from "../rehearsal/rehearsal";
import type { VmState } from "../simulator/state/cluster";
import {
  callsTo,
  changingCalls,
  configValues,
  editEnvironment,
  expectStepOk,
  PROJECT_ROOT,
  ansibleInventory,
  scratchRegistry,
  scratchRegistryText,
  vmChanges,
  vmNamed,
  volumesAndOwners,
} from "./helpers";

let rehearsal: Rehearsal;

beforeAll(async () => {
  rehearsal = await Rehearsal.open({ projectRoot: PROJECT_ROOT, environmentFile: path.join(PROJECT_ROOT, "environments", "lab.yaml") });
  expectStepOk(await rehearsal.deploy("lab-images"));
  await rehearsal.buildTemplates();
  expectStepOk(await rehearsal.deploy("lab"));
});

afterAll(async () => {
  await rehearsal?.close();
});

/** The simulator's VMs (templates aside) by VMID: the same object after a step means the VM was not replaced. */
function machineVms(): Map<number, VmState> {
  return new Map([...rehearsal.simulation.simulator.cluster.vms].filter(([, vm]) => vm.config.template !== "1"));
}

/** The hosts of the inventory the last deploy wrote. */
function inventoryHosts(): string[] {
  return Object.keys(ansibleInventory(path.join(rehearsal.project.dir, "ansible", "inventories", "lab", "hosts.yml"))._meta.hostvars).sort();
}

/** The synthesized lab stack's VM resources (what the last cdktf run wrote). */
function synthesizedVms(): Record<string, Record<string, unknown>> {
  const file = path.join(rehearsal.project.dir, "cdktf.out", "stacks", "lab", "cdk.tf.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).resource.proxmox_virtual_environment_vm;
}

/** Whether a step's plan touched any VM (a replacement, a destroy or an update). */
function vmPlanLines(step: RehearsalStep): string[] {
  return (step.run?.terraformOutput ?? "")
    .split("\n")
    .filter((line) => /# proxmox_virtual_environment_vm\.\S+ (must be replaced|will be destroyed|will be updated|will be created)/.test(line));
}

/** The lines of a failed synth that explain it (`file: path: rule`). */
function issueLinesOf(step: RehearsalStep): string[] {
  return (step.run?.output ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("environments/"));
}

describe("edits that need no replacement cause none", () => {
  test("inserting machines at the top replaces no VM: only they are created, with the registry's next VMIDs; a clone refused for a while is retried", async () => {
    const before = machineVms();
    editEnvironment(rehearsal, (document) => {
      document.machines.unshift({ name: "lab-dns-2", persona: "networking", ip: "10.2.20.51" }, { name: "lab-dns-3", persona: "networking", ip: "10.2.20.52" });
    });
    // two clones of one template at once; Proxmox answers the first with a lock timeout
    const { faults } = rehearsal.simulation.simulator;
    faults.add({
      method: "POST",
      path: "/nodes/{node}/qemu/{vmid}/clone",
      effect: { kind: "http", status: 500, message: "can't lock file '/var/lock/qemu-server/lock-2901.conf' - got timeout" },
    });
    const deploy = await rehearsal.deploy("lab");
    expectStepOk(deploy);
    expect(faults.remaining()).toBe(0);
    expect(vmChanges(deploy).sort()).toEqual([
      ["proxmox_virtual_environment_vm.lab-dns-2", "created"],
      ["proxmox_virtual_environment_vm.lab-dns-3", "created"],
    ]);
    const clones = callsTo(deploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone");
    const refusedClone = clones.find((call) => call.status === 500);
    expect(clones.map((call) => call.status).sort()).toEqual([200, 200, 500]);
    expect([...new Set(clones.map((call) => call.params.newid))].sort()).toEqual(["2007", "2008"]);
    expect(clones.filter((call) => call.params.newid === refusedClone?.params.newid).map((call) => call.status)).toEqual([500, 200]);
    expect(callsTo(deploy.requests, "DELETE", "/nodes/{node}/qemu/{vmid}")).toEqual([]);
    for (const [vmid, vm] of before) expect({ vmid, same: machineVms().get(vmid) === vm }).toEqual({ vmid, same: true });
    const registry = scratchRegistry(rehearsal);
    expect([registry.machines["lab-dns-2"].vmid, registry.machines["lab-dns-3"].vmid, registry.machines["lab-ca-1"].vmid, registry.nextVmid]).toEqual([
      2007, 2008, 2001, 2009,
    ]);
  });

  test("a template bump replaces no VM: the plan leaves every VM as it is, new clones take the new template", async () => {
    editEnvironment(rehearsal, (document) => {
      document.templates["debian-12"] = { ...document.templates["debian-12"], name: "tmpl-debian-12-v2", vmid: 2902 };
    });
    const images = await rehearsal.deploy("lab-images");
    expectStepOk(images);
    expect(vmChanges(images)).toEqual([]);
    await rehearsal.buildTemplates(["debian-12"]);
    const plan = await rehearsal.diff("lab");
    expectStepOk(plan);
    // the VMs stay as they are (only the inventory, which names each machine's template, changes)
    expect(vmPlanLines(plan)).toEqual([]);
    expect(changingCalls(plan.requests)).toEqual([]);
    // the registry keeps the template each VM was cloned from
    expect(scratchRegistry(rehearsal).machines["lab-ntp-1"].template).toEqual({ name: "tmpl-debian-12-v1", vmid: 2901 });
  });

  test("rebuild: [name] re-clones that machine alone on the new template", async () => {
    const before = machineVms();
    editEnvironment(rehearsal, (document) => void (document.rebuild = ["lab-ntp-1"]));
    const deploy = await rehearsal.deploy("lab");
    expectStepOk(deploy);
    expect(vmChanges(deploy)).toEqual([
      ["proxmox_virtual_environment_vm.lab-ntp-1", "destroyed"],
      ["proxmox_virtual_environment_vm.lab-ntp-1", "created"],
    ]);
    expect(callsTo(deploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone").map((call) => [call.path, call.params.newid])).toEqual([
      ["/nodes/pve1/qemu/2902/clone", "2002"],
    ]);
    for (const [vmid, vm] of before) if (vmid !== 2002) expect(machineVms().get(vmid)).toBe(vm);
    const registry = scratchRegistry(rehearsal);
    expect([registry.machines["lab-ntp-1"].template, registry.machines["lab-dns-1"].template]).toEqual([
      { name: "tmpl-debian-12-v2", vmid: 2902 },
      { name: "tmpl-debian-12-v1", vmid: 2901 },
    ]);
    expect((await rehearsal.diff("lab")).empty).toBe(true);
  });

  test("a node move migrates the stateful VM with its disks instead of replacing it", async () => {
    const vm = vmNamed(rehearsal, "lab-ca-1");
    editEnvironment(rehearsal, (document) => {
      const ca = document.machines.find((machine) => machine.name === "lab-ca-1");
      if (ca) ca.node = "pve2";
    });
    const deploy = await rehearsal.deploy("lab");
    expectStepOk(deploy);
    expect(deploy.run?.output).toContain(
      "'lab-ca-1' moves from pve1 to pve2: the next deploy migrates its VM with its local disks (online), nothing is replaced",
    );
    expect(vmChanges(deploy)).toEqual([["proxmox_virtual_environment_vm.lab-ca-1", "modified"]]);
    expect(callsTo(deploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/migrate").map((call) => [call.path, call.params])).toEqual([
      ["/nodes/pve1/qemu/2001/migrate", { target: "pve2", online: "1", "with-local-disks": "1" }],
    ]);
    expect([
      ...callsTo(deploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone"),
      ...callsTo(deploy.requests, "DELETE", "/nodes/{node}/qemu/{vmid}"),
    ]).toEqual([]);
    expect(vmNamed(rehearsal, "lab-ca-1")).toBe(vm);
    expect({ node: vm.node, running: vm.running }).toEqual({ node: "pve2", running: true });
    expect(
      volumesAndOwners(rehearsal)
        .filter((volume) => volume.volid.startsWith("local-lvm:vm-2001-"))
        .map((volume) => [volume.volid, volume.node])
        .sort(),
    ).toEqual([
      ["local-lvm:vm-2001-cloudinit", "pve2"],
      ["local-lvm:vm-2001-disk-0", "pve2"],
      ["local-lvm:vm-2001-disk-1", "pve2"],
    ]);
    expect(scratchRegistry(rehearsal).machines["lab-ca-1"].node).toBe("pve2");
    expect((await rehearsal.diff("lab")).empty).toBe(true);
  });
});

describe("edits that would lose data are refused by synth, and nothing reaches Proxmox", () => {
  /** Applies an edit, runs the app as `npm run synth` does, restores the file; returns the step. */
  async function refused(edit: Parameters<typeof editEnvironment>[1], viaDeploy = false): Promise<RehearsalStep> {
    const file = path.join(rehearsal.project.environmentsDir, "lab.yaml");
    const original = fs.readFileSync(file, "utf8");
    const registry = scratchRegistryText(rehearsal);
    const stack = fs.readFileSync(path.join(rehearsal.project.dir, "cdktf.out", "stacks", "lab", "cdk.tf.json"), "utf8");
    const vms = machineVms();
    editEnvironment(rehearsal, edit);
    try {
      const step = viaDeploy ? await rehearsal.deploy("lab") : await rehearsal.synth();
      expect(step.ok).toBe(false);
      expect(step.run?.output).toContain("nothing was synthesized");
      expect(step.requests).toEqual([]);
      expect(scratchRegistryText(rehearsal)).toBe(registry);
      expect(fs.readFileSync(path.join(rehearsal.project.dir, "cdktf.out", "stacks", "lab", "cdk.tf.json"), "utf8")).toBe(stack);
      expect(machineVms()).toEqual(vms);
      return step;
    } finally {
      fs.writeFileSync(file, original);
    }
  }

  test("renaming a stateful machine (cdktf deploy refuses at synth)", async () => {
    const step = await refused((document) => {
      const ca = document.machines.find((machine) => machine.name === "lab-ca-1");
      if (ca) ca.name = "lab-ca-9";
    }, true);
    expect(issueLinesOf(step)).toEqual([
      "environments/lab.yaml:57:5: machines[3].name: renaming stateful machine 'lab-ca-1' to 'lab-ca-9' destroys its VM (VMID 2001) with its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB) and creates an empty one: list 'lab-ca-1' in allowDataLoss to allow it",
    ]);
  });

  test("changing a stateful machine's persona to a stateless one (and shrinking its boot disk with it)", async () => {
    const step = await refused((document) => {
      const monitoring = document.machines.find((machine) => machine.name === "lab-mon-1");
      if (monitoring) monitoring.persona = "networking";
    });
    expect(issueLinesOf(step)).toEqual([
      "environments/lab.yaml:65:5: machines[5].persona: changing 'lab-mon-1' from stateful persona monitoring to stateless networking turns off its protection and prevent_destroy and detaches its data disks scsi1 monitoring-data (64 GiB) (Proxmox keeps them as unused disks until the VM is destroyed): list 'lab-mon-1' in allowDataLoss to allow it",
      "environments/lab.yaml:65:5: machines[5].persona: the boot disk (scsi0) of 'lab-mon-1' would shrink from 32 GiB to 16 GiB (size small): Proxmox disks only grow; keep a size whose boot disk is at least 32 GiB (medium or larger)",
    ]);
  });

  test("removing a stateful machine", async () => {
    const step = await refused((document) => void (document.machines = document.machines.filter((machine) => machine.name !== "lab-docker-2")));
    expect(issueLinesOf(step)).toEqual([
      "environments/lab.yaml:47:1: machines: stateful machine 'lab-docker-2' (docker-host, VMID 2005 in environments/lab.lock.yaml) is gone from machines: removing it destroys its VM with its disks scsi0 (boot, 32 GiB), scsi1 docker-volumes (100 GiB); list 'lab-docker-2' in allowDataLoss to retire it",
    ]);
  });

  test("a size downgrade, whatever allowDataLoss says", async () => {
    const step = await refused((document) => {
      const docker = document.machines.find((machine) => machine.name === "lab-docker-1");
      if (docker) docker.size = "medium";
      document.allowDataLoss = ["lab-docker-1"];
    });
    expect(issueLinesOf(step)).toEqual([
      "environments/lab.yaml:70:5: machines[6].size: the boot disk (scsi0) of 'lab-docker-1' would shrink from 64 GiB to 32 GiB (size medium): Proxmox disks only grow; keep a size whose boot disk is at least 64 GiB (large or larger)",
    ]);
  });
});

describe("with allowDataLoss naming it, the change goes through and no guarded VM is destroyed half-way", () => {
  test("a stateful machine changes to a stateless persona in place: protection off, its data disk detached but kept", async () => {
    const vm = vmNamed(rehearsal, "lab-mon-1");
    const dataVolume = configValues(vm, "scsi1").file;
    editEnvironment(rehearsal, (document) => {
      const monitoring = document.machines.find((machine) => machine.name === "lab-mon-1");
      if (monitoring) Object.assign(monitoring, { persona: "networking", size: "medium" });
      document.allowDataLoss = ["lab-mon-1"];
    });
    const deploy = await rehearsal.deploy("lab");
    expectStepOk(deploy);
    expect(vmChanges(deploy)).toEqual([["proxmox_virtual_environment_vm.lab-mon-1", "modified"]]);
    expect(vmNamed(rehearsal, "lab-mon-1")).toBe(vm);
    expect({ protection: vm.config.protection, scsi1: vm.config.scsi1, unused0: vm.config.unused0 }).toEqual({
      protection: "0",
      scsi1: undefined,
      unused0: dataVolume,
    });
    expect(rehearsal.simulation.simulator.cluster.volume(dataVolume, vm.node)?.sizeBytes).toBe(64 * 1024 ** 3);
    expect(scratchRegistry(rehearsal).machines["lab-mon-1"]).toMatchObject({ persona: "networking", stateful: false, protected: false, dataDisks: {} });
    expect((await rehearsal.diff("lab")).empty).toBe(true);
  });

  test("removed and renamed stateful machines retire: one deploy stops and unprotects them, the deploy after --retire destroys them", async () => {
    editEnvironment(rehearsal, (document) => {
      document.machines = document.machines.filter((machine) => machine.name !== "lab-docker-2");
      document.apps = document.apps?.filter((app) => app.machine !== "lab-docker-2"); // its apps go with it
      const ca = document.machines.find((machine) => machine.name === "lab-ca-1");
      if (ca) ca.name = "lab-ca-3";
      document.allowDataLoss = ["lab-docker-2", "lab-ca-1"];
    });
    const docker2 = vmNamed(rehearsal, "lab-docker-2");
    const ca1 = vmNamed(rehearsal, "lab-ca-1");
    const retiring = await rehearsal.deploy("lab");
    expectStepOk(retiring);
    expect(retiring.run?.output).toContain(
      "environments/lab.yaml: allowDataLoss[0]: warning: 'lab-docker-2' is retiring: the next deploy stops its VM 2005 and turns off its protection and prevent_destroy; after that deploy, `npm run synth -- --retire lab-docker-2` lets the deploy after it destroy the VM with its disks",
    );
    expect(vmChanges(retiring).sort()).toEqual([
      ["proxmox_virtual_environment_vm.lab-ca-1", "modified"],
      ["proxmox_virtual_environment_vm.lab-ca-3", "created"],
      ["proxmox_virtual_environment_vm.lab-docker-2", "modified"],
    ]);
    expect(callsTo(retiring.requests, "DELETE", "/nodes/{node}/qemu/{vmid}")).toEqual([]);
    for (const vm of [docker2, ca1]) {
      expect(rehearsal.simulation.simulator.cluster.vms.get(vm.vmid)).toBe(vm);
      expect({ running: vm.running, protection: vm.config.protection, onboot: vm.config.onboot }).toEqual({ running: false, protection: "0", onboot: "0" });
    }
    // the new machine takes over lab-ca-1's IP only once lab-ca-1 is stopped
    const stopOfCa1 = retiring.requests.find((call) => call.method === "POST" && /\/qemu\/2001\/status\/(shutdown|stop)$/.test(call.path));
    const cloneOfCa3 = callsTo(retiring.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone")[0];
    expect({ stopped: stopOfCa1 !== undefined, before: (stopOfCa1?.seq ?? Infinity) < (cloneOfCa3?.seq ?? -1), newid: cloneOfCa3?.params.newid }).toEqual({
      stopped: true,
      before: true,
      newid: "2009",
    });
    expect(inventoryHosts()).not.toEqual(expect.arrayContaining(["lab-docker-2"]));
    expect(inventoryHosts()).toEqual(expect.arrayContaining(["lab-ca-3"]));
    expect(inventoryHosts()).not.toContain("lab-ca-1");
    const registry = scratchRegistry(rehearsal);
    expect([registry.machines["lab-docker-2"].retiring, registry.machines["lab-ca-1"].retiring, registry.machines["lab-ca-3"].vmid]).toEqual([
      "removed",
      "removed",
      2009,
    ]);
    expect((await rehearsal.diff("lab")).empty).toBe(true);

    const retire = await rehearsal.synth(["--retire", "lab-docker-2", "--retire", "lab-ca-1"]);
    expectStepOk(retire);
    expect(retire.requests).toEqual([]);
    expect(Object.keys(scratchRegistry(rehearsal).machines)).not.toEqual(expect.arrayContaining(["lab-docker-2"]));
    expect(Object.keys(scratchRegistry(rehearsal).machines)).not.toContain("lab-ca-1");

    const destroy = await rehearsal.deploy("lab");
    expectStepOk(destroy);
    expect(vmChanges(destroy).sort()).toEqual([
      ["proxmox_virtual_environment_vm.lab-ca-1", "destroyed"],
      ["proxmox_virtual_environment_vm.lab-docker-2", "destroyed"],
    ]);
    expect(changingCalls(destroy.requests).sort()).toEqual(["DELETE /nodes/pve2/qemu/2001", "DELETE /nodes/pve2/qemu/2005"]);
    // no delete was refused (Proxmox protection) and no VM was left stopped half-way
    expect(callsTo(destroy.requests, "DELETE", "/nodes/{node}/qemu/{vmid}").map((call) => call.status)).toEqual([200, 200]);
    const { cluster } = rehearsal.simulation.simulator;
    expect([cluster.vms.has(2001), cluster.vms.has(2005)]).toEqual([false, false]);
    expect(volumesAndOwners(rehearsal).filter((volume) => /^local-lvm:vm-(2001|2005)-/.test(volume.volid))).toEqual([]);
    // the names in allowDataLoss name nothing now: a warning says to remove them
    expect(destroy.run?.output).toContain(
      "environments/lab.yaml: allowDataLoss[0]: warning: 'lab-docker-2' names no machine of this environment or its registry (a retirement that ended?): remove it",
    );
    editEnvironment(rehearsal, (document) => void delete document.allowDataLoss);
    expect((await rehearsal.diff("lab")).empty).toBe(true);
  });

  test("a stateful machine replaced by a new VM (a new VMID): unprotected first, replaced after --retire, guarded again once allowDataLoss lets go", async () => {
    const old = vmNamed(rehearsal, "lab-docker-1");
    editEnvironment(rehearsal, (document) => {
      const docker = document.machines.find((machine) => machine.name === "lab-docker-1");
      if (docker) docker.vmid = 2050;
      document.allowDataLoss = ["lab-docker-1"];
    });
    const unprotect = await rehearsal.deploy("lab");
    expectStepOk(unprotect);
    expect(vmChanges(unprotect)).toEqual([["proxmox_virtual_environment_vm.lab-docker-1", "modified"]]);
    expect({ running: old.running, protection: old.config.protection, exists: rehearsal.simulation.simulator.cluster.vms.get(2004) === old }).toEqual({
      running: false,
      protection: "0",
      exists: true,
    });
    expect(scratchRegistry(rehearsal).machines["lab-docker-1"]).toMatchObject({ vmid: 2004, retiring: "replaced" });

    expectStepOk(await rehearsal.synth(["--retire", "lab-docker-1"]));
    expect(scratchRegistry(rehearsal).machines["lab-docker-1"]).toMatchObject({ vmid: 2050, replacing: true });
    const replace = await rehearsal.deploy("lab");
    expectStepOk(replace);
    expect(vmChanges(replace)).toEqual([
      ["proxmox_virtual_environment_vm.lab-docker-1", "destroyed"],
      ["proxmox_virtual_environment_vm.lab-docker-1", "created"],
    ]);
    const { cluster } = rehearsal.simulation.simulator;
    expect(cluster.vms.has(2004)).toBe(false);
    expect({ running: cluster.vms.get(2050)?.running, protection: cluster.vms.get(2050)?.config.protection }).toEqual({ running: true, protection: "1" });
    expect(synthesizedVms()["lab-docker-1"].lifecycle).toEqual({ ignore_changes: ["clone"] });

    editEnvironment(rehearsal, (document) => void delete document.allowDataLoss);
    const guarded = await rehearsal.diff("lab");
    expect(guarded.empty).toBe(true);
    expect(synthesizedVms()["lab-docker-1"].lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["clone"] });
    expect(scratchRegistry(rehearsal).machines["lab-docker-1"].replacing).toBeUndefined();
  });
});
