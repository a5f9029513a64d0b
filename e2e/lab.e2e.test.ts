// The bundled `lab`, deployed the way a user deploys it (real cdktf-cli, Terraform, bpg/proxmox and
// hashicorp/local) to the Proxmox VE simulator; then edited, partly removed, destroyed and broken.
// The scenarios share one deployed lab and run in file order: each starts from where the last left it.
import * as path from "path";
import type { RehearsalStep } from "../rehearsal/rehearsal";
import { Rehearsal } from "../rehearsal/rehearsal";
import { errorMessages, planIsEmpty, taintedButProtected } from "../rehearsal/terraform-output";
import { GIB } from "../simulator/state/cluster";
import { parseContainerValue } from "../simulator/state/lxc-config";
import { parseSize } from "../simulator/state/property-formats";
import {
  ansibleInventory,
  callsTo,
  configValues,
  editEnvironment,
  expectNoRejectedRequests,
  expectStepOk,
  PROJECT_ROOT,
  vmChanges,
  vmNamed,
  volumesAndOwners,
} from "./helpers";

/** What lab.yaml (with the stock personas and sizes) implies for each machine. */
// prettier-ignore
const LAB = [
  { name: "lab-dns-1", vmid: 2000, node: "pve1", template: 2901, cores: 1, memory: 2048, disks: [16], ip: "10.2.20.53", order: 1, stateful: false, tags: "env-lab;infra;networking;persona-networking", after: [] },
  { name: "lab-ca-1", vmid: 2001, node: "pve1", template: 2901, cores: 1, memory: 2048, disks: [16, 8], ip: "10.2.20.54", order: 2, stateful: true, tags: "env-lab;infra;persona-certificate-authority;pki", after: ["lab-dns-1"] },
  { name: "lab-ntp-1", vmid: 2002, node: "pve1", template: 2901, cores: 1, memory: 2048, disks: [16], ip: "10.2.20.123", order: 2, stateful: false, tags: "env-lab;infra;ntp;persona-time-server", after: ["lab-dns-1"] },
  { name: "lab-mon-1", vmid: 2003, node: "pve1", template: 2900, cores: 2, memory: 4096, disks: [32, 64], ip: "10.2.20.60", order: 3, stateful: true, tags: "env-lab;infra;monitoring;persona-monitoring", after: ["lab-dns-1", "lab-ca-1", "lab-ntp-1"] },
  { name: "lab-docker-1", vmid: 2004, node: "pve1", template: 2900, cores: 4, memory: 8192, disks: [64, 100], ip: "10.2.20.101", order: 4, stateful: true, tags: "apps;docker;env-lab;persona-docker-host", after: ["lab-dns-1", "lab-ca-1", "lab-ntp-1", "lab-mon-1"] },
  { name: "lab-docker-2", vmid: 2005, node: "pve2", template: 2900, cores: 2, memory: 4096, disks: [32, 100], ip: "10.2.20.102", order: 4, stateful: true, tags: "apps;docker;env-lab;persona-docker-host", after: ["lab-dns-1", "lab-ca-1", "lab-ntp-1", "lab-mon-1"] },
] as const;

/** The container lab.yaml implies. */
const TOOLS = { name: "lab-tools-1", vmid: 2006, ip: "10.2.20.110" } as const;

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@homelab";

let rehearsal: Rehearsal;
let labDeploy: RehearsalStep;
/** The image datastore's snippets per node right after `cdktf deploy lab-images`. */
let snippetsAfterImages: Record<string, string[]>;

beforeAll(async () => {
  rehearsal = await Rehearsal.open({ projectRoot: PROJECT_ROOT, environmentFile: path.join(PROJECT_ROOT, "environments", "lab.yaml") });
  expectStepOk(await rehearsal.deploy("lab-images"));
  const local = rehearsal.simulation.simulator.cluster.storage("local");
  snippetsAfterImages = { pve1: local.list("pve1", "snippets").map((entry) => entry.volid), pve2: local.list("pve2", "snippets").map((entry) => entry.volid) };
  await rehearsal.buildTemplates();
  labDeploy = await rehearsal.deploy("lab");
  expectStepOk(labDeploy);
});

afterAll(async () => {
  await rehearsal?.close();
});

describe("cdktf deploy of the bundled lab (lab-images, Packer stand-in, lab)", () => {
  test.each(LAB.map((machine) => [machine.name, machine]))("%s exists as lab.yaml implies", (_name, machine) => {
    const vm = vmNamed(rehearsal, machine.name);
    const { cluster } = rehearsal.simulation.simulator;
    expect({ vmid: vm.vmid, node: vm.node, running: vm.running, locked: vm.config.lock }).toEqual({
      vmid: machine.vmid,
      node: machine.node,
      running: true,
      locked: undefined,
    });
    expect({ cores: vm.config.cores, sockets: vm.config.sockets, cpu: vm.config.cpu, memory: vm.config.memory, balloon: vm.config.balloon }).toEqual({
      cores: String(machine.cores),
      sockets: "1",
      cpu: "x86-64-v2-AES",
      memory: String(machine.memory),
      balloon: "0",
    });
    machine.disks.forEach((sizeGiB, index) => {
      const disk = configValues(vm, `scsi${index}`);
      expect({ size: disk.size, storage: disk.file.split(":")[0], ssd: disk.ssd, discard: disk.discard, iothread: disk.iothread, backup: disk.backup }).toEqual(
        { size: `${sizeGiB}G`, storage: "local-lvm", ssd: "1", discard: "on", iothread: "1", backup: "1" },
      );
      expect(cluster.volume(disk.file, vm.node)?.sizeBytes).toBe(sizeGiB * GIB);
    });
    expect(Object.keys(vm.config).filter((key) => /^(scsi|virtio|sata)\d+$/.test(key))).toHaveLength(machine.disks.length);
    expect(configValues(vm, "ide2")).toMatchObject({ file: `local-lvm:vm-${vm.vmid}-cloudinit`, media: "cdrom" });
    expect(configValues(vm, "net0")).toMatchObject({ model: "virtio", bridge: "vmbr0", tag: "20", firewall: "0" });
    expect(Object.keys(vm.config).filter((key) => /^net\d+$/.test(key))).toEqual(["net0"]);
    expect(configValues(vm, "ipconfig0")).toEqual({ ip: `${machine.ip}/24`, gw: "10.2.20.1" });
    expect({ nameserver: vm.config.nameserver, searchdomain: vm.config.searchdomain, ciuser: vm.config.ciuser }).toEqual({
      nameserver: "10.2.20.53 10.2.20.1",
      searchdomain: "lab.home.arpa",
      ciuser: "ops",
    });
    expect(decodeURIComponent(vm.config.sshkeys).trim()).toBe(SSH_KEY);
    expect({ tags: vm.config.tags, startup: vm.config.startup, onboot: vm.config.onboot, protection: vm.config.protection }).toEqual({
      tags: machine.tags,
      startup: `order=${machine.order}`,
      onboot: "1",
      protection: machine.stateful ? "1" : "0",
    });
    const clone = callsTo(labDeploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone").filter((call) => call.params.newid === String(machine.vmid));
    expect(clone.map((call) => call.path)).toEqual([`/nodes/pve1/qemu/${machine.template}/clone`]);
    expect(clone[0].params.full).toBe("1");
  });

  test("VMs are created in depends_on order: each clone starts after its dependencies were started", () => {
    const starts = new Map(
      callsTo(labDeploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/status/start").map((call) => [Number(call.path.split("/")[4]), call.seq]),
    );
    for (const machine of LAB) {
      const clone = callsTo(labDeploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone").find((call) => call.params.newid === String(machine.vmid));
      for (const dependency of machine.after) {
        const started = starts.get(LAB.find((other) => other.name === dependency)?.vmid ?? 0);
        expect({ machine: machine.name, dependency, startedBeforeClone: started !== undefined && clone !== undefined && started < clone.seq }).toEqual({
          machine: machine.name,
          dependency,
          startedBeforeClone: true,
        });
      }
    }
  });

  test("the cross-node machine is cloned on the template's node, then migrated with its local disks", () => {
    const migrations = callsTo(labDeploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/migrate");
    expect(migrations.map((call) => ({ path: call.path, params: call.params }))).toEqual([
      { path: "/nodes/pve1/qemu/2005/migrate", params: { target: "pve2", "with-local-disks": "1" } },
    ]);
    expect(
      volumesAndOwners(rehearsal)
        .filter((volume) => volume.volid.startsWith("local-lvm:vm-2005-"))
        .map((volume) => volume.node),
    ).toEqual(["pve2", "pve2", "pve2"]);
  });

  test("the container lab-tools-1 exists as lab.yaml implies: unprivileged, nesting, its mount point, static IP, root's keys, protected", () => {
    const { cluster } = rehearsal.simulation.simulator;
    const container = cluster.containers.get(TOOLS.vmid);
    expect(container && { node: container.node, running: container.running, keys: container.rootAuthorizedKeys }).toEqual({
      node: "pve1",
      running: true,
      keys: `${SSH_KEY}\n`,
    });
    const config = container?.config ?? {};
    expect({
      hostname: config.hostname,
      ostype: config.ostype,
      unprivileged: config.unprivileged,
      features: config.features,
      cores: config.cores,
      memory: config.memory,
      swap: config.swap,
      onboot: config.onboot,
      startup: config.startup,
      protection: config.protection,
      nameserver: config.nameserver,
      searchdomain: config.searchdomain,
      tags: config.tags,
    }).toEqual({
      hostname: "lab-tools-1",
      ostype: "debian",
      unprivileged: "1",
      features: "nesting=1",
      cores: "2",
      memory: "4096",
      swap: "512",
      onboot: "1",
      startup: "order=3",
      protection: "1",
      nameserver: "10.2.20.53 10.2.20.1",
      searchdomain: "lab.home.arpa",
      tags: "apps;env-lab;lxc;persona-tools-host;tools",
    });
    expect(parseContainerValue("rootfs", config.rootfs)).toEqual({ volume: `local-lvm:vm-${TOOLS.vmid}-disk-0`, size: "32G" });
    expect(parseContainerValue("mp0", config.mp0)).toEqual({ volume: `local-lvm:vm-${TOOLS.vmid}-disk-1`, mp: "/srv/tools-data", backup: "1", size: "32G" });
    expect(parseContainerValue("net0", config.net0)).toMatchObject({
      name: "eth0",
      bridge: "vmbr0",
      tag: "20",
      ip: `${TOOLS.ip}/24`,
      gw: "10.2.20.1",
      type: "veth",
    });
    const create = callsTo(labDeploy.requests, "POST", "/nodes/{node}/lxc");
    expect(create.map((call) => [call.path, call.params.ostemplate])).toEqual([
      ["/nodes/pve1/lxc", "local:vztmpl/lab-debian-12-standard_12.12-1_amd64.tar.zst"],
    ]);
    for (const dependency of ["lab-dns-1", "lab-ca-1", "lab-ntp-1"]) {
      const started = callsTo(labDeploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/status/start").find(
        (call) => call.path.split("/")[4] === String(LAB.find((machine) => machine.name === dependency)?.vmid),
      );
      expect({ dependency, startedBeforeCreate: started !== undefined && started.seq < create[0].seq }).toEqual({ dependency, startedBeforeCreate: true });
    }
  });

  test("the LXC template was downloaded by the images stack onto the container's node as a vztmpl volume", () => {
    const local = rehearsal.simulation.simulator.cluster.storage("local");
    expect(local.list("pve1", "vztmpl").map((entry) => entry.volid)).toEqual(["local:vztmpl/lab-debian-12-standard_12.12-1_amd64.tar.zst"]);
    expect(local.list("pve2", "vztmpl")).toEqual([]);
  });

  test("the backup job backs up every stateful machine, VMs and the container, nightly to local, in snapshot mode, with the retention", () => {
    const job = rehearsal.simulation.simulator.cluster.backupJobs.get("homelab-lab");
    expect(job?.config).toEqual({
      enabled: "1",
      schedule: "02:30",
      storage: "local",
      mode: "snapshot",
      compress: "zstd",
      vmid: [...LAB.filter((machine) => machine.stateful).map((machine) => machine.vmid), TOOLS.vmid].join(","),
      "prune-backups": "keep-daily=7,keep-monthly=6,keep-weekly=4",
      mailnotification: "failure",
      mailto: "root@pam",
    });
  });

  test("the inventory written by hashicorp/local parses with ansible-inventory and lists every machine at its IP, the container in proxmox_container", () => {
    const inventory = ansibleInventory(path.join(rehearsal.project.dir, "ansible", "inventories", "lab", "hosts.yml"));
    const hosts = Object.fromEntries(Object.entries(inventory._meta.hostvars).map(([host, vars]) => [host, vars.ansible_host]));
    expect(hosts).toEqual(Object.fromEntries([...LAB, TOOLS].map((machine) => [machine.name, machine.ip])));
    expect(inventory.proxmox_container).toEqual({ hosts: [TOOLS.name] });
    expect(inventory._meta.hostvars[TOOLS.name]).toMatchObject({
      machine_kind: "container",
      ansible_user: "ops",
      data_disks: [{ mount_point: "/srv/tools-data" }],
    });
  });

  test("the base VMs' snippets exist on their node only, and no golden template or clone refers to them, so a clone starts on any node", () => {
    const snippets = ["local:snippets/base-lab-debian-12-vendor-data.yaml", "local:snippets/base-lab-ubuntu-2404-vendor-data.yaml"];
    const { cluster } = rehearsal.simulation.simulator;
    expect(rehearsal.simulation.nodesIsolated).toBe(true);
    expect(snippetsAfterImages).toEqual({ pve1: snippets, pve2: [] });
    expect(cluster.storage("local").list("pve2", "snippets")).toEqual([]);
    // the base VMs keep theirs (Packer's build VM needs it); the Packer post-processor deleted it from the templates
    expect([2999, 2998, 2901, 2900].map((vmid) => [vmid, cluster.vms.get(vmid)?.config.cicustom])).toEqual([
      [2999, "vendor=local:snippets/base-lab-debian-12-vendor-data.yaml"],
      [2998, "vendor=local:snippets/base-lab-ubuntu-2404-vendor-data.yaml"],
      [2901, undefined],
      [2900, undefined],
    ]);
    expect(LAB.map((machine) => [machine.name, vmNamed(rehearsal, machine.name).config.cicustom])).toEqual(LAB.map((machine) => [machine.name, undefined]));
    expect({ node: vmNamed(rehearsal, "lab-docker-2").node, running: vmNamed(rehearsal, "lab-docker-2").running }).toEqual({ node: "pve2", running: true });
  });

  test("an immediate second plan shows no changes, for lab and for lab-images", async () => {
    for (const stack of ["lab", "lab-images"]) {
      const plan = await rehearsal.diff(stack);
      expectStepOk(plan);
      expect({ stack, empty: plan.empty }).toEqual({ stack, empty: true });
      expect(plan.requests.filter((call) => call.method !== "GET")).toEqual([]);
    }
  });
});

describe("edits of the deployed lab", () => {
  test("a size change of a stateless machine updates it in place (no replacement), then plans empty", async () => {
    const before = vmNamed(rehearsal, "lab-dns-1");
    editEnvironment(rehearsal, (document) => {
      const dns = document.machines.find((machine) => machine.name === "lab-dns-1");
      if (dns) dns.size = "medium";
    });
    const deploy = await rehearsal.deploy("lab");
    expectStepOk(deploy);
    expect(deploy.changes.filter((change) => change.address.startsWith("proxmox_")).map((change) => [change.address, change.action])).toEqual([
      ["proxmox_virtual_environment_vm.lab-dns-1", "modified"],
    ]);
    expect(callsTo(deploy.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone")).toEqual([]);
    expect(callsTo(deploy.requests, "DELETE", "/nodes/{node}/qemu/{vmid}")).toEqual([]);
    const after = vmNamed(rehearsal, "lab-dns-1");
    expect(after).toBe(before);
    expect({ cores: after.config.cores, memory: after.config.memory, running: after.running, pending: [...after.pendingRestart] }).toEqual({
      cores: "2",
      memory: "4096",
      running: true,
      pending: [],
    });
    expect(rehearsal.simulation.simulator.cluster.volume(configValues(after, "scsi0").file, "pve1")?.sizeBytes).toBe(parseSize("32G"));
    const plan = await rehearsal.diff("lab");
    expectStepOk(plan);
    expect(plan.empty).toBe(true);
  });

  test("removing a stateless machine from the middle destroys that VM and nothing else (the registry keeps every other VMID)", async () => {
    editEnvironment(rehearsal, (document) => {
      document.machines = document.machines.filter((machine) => machine.name !== "lab-ntp-1");
    });
    const others = LAB.filter((machine) => machine.name !== "lab-ntp-1").map((machine) => [machine.vmid, vmNamed(rehearsal, machine.name)] as const);
    const tools = rehearsal.simulation.simulator.cluster.containers.get(TOOLS.vmid);
    const deploy = await rehearsal.deploy("lab");
    expectStepOk(deploy);
    expect(deploy.changes.filter((change) => change.address.startsWith("proxmox_")).map((change) => [change.address, change.action])).toEqual([
      ["proxmox_virtual_environment_vm.lab-ntp-1", "destroyed"],
    ]);
    expect(deploy.requests.filter((call) => call.method !== "GET").map((call) => `${call.method} ${call.path}`)).toEqual([
      "POST /nodes/pve1/qemu/2002/status/shutdown",
      "DELETE /nodes/pve1/qemu/2002",
    ]);
    const { cluster } = rehearsal.simulation.simulator;
    expect(cluster.vms.has(2002)).toBe(false);
    for (const [vmid, vm] of others) expect(cluster.vms.get(vmid)).toBe(vm);
    expect(cluster.containers.get(TOOLS.vmid)).toBe(tools);
    expect(volumesAndOwners(rehearsal).filter((volume) => volume.volid.includes("-2002-"))).toEqual([]);
    const inventory = ansibleInventory(path.join(rehearsal.project.dir, "ansible", "inventories", "lab", "hosts.yml"));
    expect(Object.keys(inventory._meta.hostvars).sort()).toEqual([...others.map(([, vm]) => vm.config.name), TOOLS.name].sort());
  });

  test("cdktf destroy lab is refused by prevent_destroy before any VM is touched", async () => {
    const vms = new Map(rehearsal.simulation.simulator.cluster.vms);
    const containers = new Map(rehearsal.simulation.simulator.cluster.containers);
    const destroy = await rehearsal.cdktf("cdktf destroy lab", ["destroy", "lab", "--auto-approve"]);
    expectNoRejectedRequests(destroy);
    expect(destroy.ok).toBe(false);
    expect(destroy.requests.filter((call) => call.method !== "GET")).toEqual([]);
    // cdktf-cli 0.21 prints only "Invoking Terraform CLI failed" here; terraform names the reason
    const plan = await rehearsal.terraform("lab", ["plan", "-destroy"]);
    expect(plan.ok).toBe(false);
    expect(
      errorMessages(plan.run?.terraformOutput ?? "").filter((message) => /^Instance cannot be destroyed .*lifecycle\.prevent_destroy/.test(message)).length,
    ).toBeGreaterThan(0);
    expect(plan.requests.filter((call) => call.method !== "GET")).toEqual([]);
    expect(new Map(rehearsal.simulation.simulator.cluster.vms)).toEqual(vms);
    expect(new Map(rehearsal.simulation.simulator.cluster.containers)).toEqual(containers);
    expect([...vms.values()].filter((vm) => vm.config.template !== "1").every((vm) => vm.running)).toBe(true);
  });

  test("a clone task that fails mid-apply fails the deploy with the provider's message; the next deploy converges without duplicates or orphans", async () => {
    // back where it was in the file; its old VMID 2002 is not handed out again so soon: it gets the registry's next one
    editEnvironment(rehearsal, (document) => {
      document.machines.splice(2, 0, { name: "lab-ntp-1", persona: "time-server", ip: "10.2.20.123" });
    });
    const { faults, cluster } = rehearsal.simulation.simulator;
    faults.add({ method: "POST", path: "/nodes/{node}/qemu/{vmid}/clone", effect: { kind: "task-error", message: "clone failed: simulated storage outage" } });
    const failed = await rehearsal.deploy("lab");
    expectNoRejectedRequests(failed);
    expect(failed.ok).toBe(false);
    expect(faults.remaining()).toBe(0);
    expect(errorMessages(failed.run?.terraformOutput ?? "")).toEqual([
      expect.stringMatching(
        /^VM clone .*failed to complete with exit code: clone failed: simulated storage outage task log: TASK ERROR: clone failed: simulated storage outage$/,
      ),
    ]);
    expect(cluster.vms.has(2007)).toBe(false);

    const retried = await rehearsal.deploy("lab");
    expectStepOk(retried);
    expect(callsTo(retried.requests, "POST", "/nodes/{node}/qemu/{vmid}/clone").map((call) => call.params.newid)).toEqual(["2007"]);
    const names = [...cluster.vms.values()]
      .filter((vm) => vm.config.template !== "1")
      .map((vm) => vm.config.name)
      .sort();
    expect(names).toEqual(LAB.map((machine) => machine.name).sort());
    expect(volumesAndOwners(rehearsal).filter((volume) => volume.referencedBy.length !== 1)).toEqual([]);
    const plan = await rehearsal.diff("lab");
    expectStepOk(plan);
    expect(planIsEmpty(plan.run?.terraformOutput ?? "")).toBe(true);
  });

  test("a new stateful VM whose start fails is tainted; the next deploy is refused by prevent_destroy; terraform untaint, then a deploy, recovers it", async () => {
    editEnvironment(rehearsal, (document) => {
      document.machines.push({ name: "lab-ca-2", persona: "certificate-authority", ip: "10.2.20.55" });
    });
    const { faults, cluster } = rehearsal.simulation.simulator;
    faults.add({
      method: "POST",
      path: "/nodes/{node}/qemu/{vmid}/status/start",
      effect: { kind: "task-error", message: "start failed: simulated QEMU exit" },
    });
    const failed = await rehearsal.deploy("lab");
    expectNoRejectedRequests(failed);
    expect(failed.ok).toBe(false);
    expect(errorMessages(failed.run?.terraformOutput ?? "").join("\n")).toMatch(/start failed: simulated QEMU exit/);
    const vm = vmNamed(rehearsal, "lab-ca-2");
    expect({ vmid: vm.vmid, running: vm.running, protection: vm.config.protection }).toEqual({ vmid: 2008, running: false, protection: "1" });

    const refused = await rehearsal.deploy("lab");
    expectNoRejectedRequests(refused);
    expect(refused.ok).toBe(false);
    expect(taintedButProtected(refused.run?.terraformOutput ?? "")).toEqual(["proxmox_virtual_environment_vm.lab-ca-2"]);
    expect(refused.requests.filter((call) => call.method !== "GET")).toEqual([]);

    // the recovery README gives: keep the VM (it holds no data yet), deploy again
    expectStepOk(await rehearsal.terraform("lab", ["untaint", "proxmox_virtual_environment_vm.lab-ca-2"]));
    const recovered = await rehearsal.deploy("lab");
    expectStepOk(recovered);
    expect(vmChanges(recovered)).toEqual([["proxmox_virtual_environment_vm.lab-ca-2", "modified"]]);
    expect(cluster.vms.get(2008)).toBe(vm);
    expect(vm.running).toBe(true);
    const plan = await rehearsal.diff("lab");
    expectStepOk(plan);
    expect(plan.empty).toBe(true);
  });
});
