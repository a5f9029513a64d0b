import type { MachinePlan, VmMachinePlan } from "../../environment/model";
import type { MachineChange } from "../../environment/registry/reconcile";
import type { RegistryRuleContext } from "../../environment/registry/registry-rules";
import { lostDataDisk, removedStatefulMachine, replacedStatefulMachine, shrunkDisk, statelessPersonaChange } from "../../environment/registry/registry-rules";
import type { EnvironmentInput } from "../../environment/schema";
import { firstRegistry, issueLines, patchedEnvironment, resolveInput, templateVmId } from "../helpers";

/** The base environment plus a certificate authority and a monitoring machine: dns-1 500, ca-1 501, mon-1 502, docker-1 503. */
function lab(change: (document: EnvironmentInput) => void = () => undefined): EnvironmentInput {
  return patchedEnvironment((document) => {
    document.machines.splice(
      1,
      0,
      { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" },
      { name: "mon-1", persona: "monitoring", ip: "10.9.0.60" },
    );
    change(document);
  });
}

const registry = firstRegistry(lab());
const plans = new Map(resolveInput(lab()).machines.map((plan) => [plan.name, plan]));
/** A VM's plan of the test environment (every machine of it is a VM), with `change` applied. */
const plan = (name: string, change: Partial<VmMachinePlan> = {}): MachinePlan => {
  const found = plans.get(name)!;
  if (found.kind !== "vm") throw new Error(`${name} is not a VM`);
  return { ...found, ...change };
};

const context: RegistryRuleContext = {
  file: "environments/test.yaml",
  registryFile: "environments/test.lock.yaml",
  allowDataLoss: new Set(),
  rebuildPaths: new Map([["ca-1", "rebuild[0]"]]),
  sizeWritten: new Set([3]),
};
const allowing = (name: string): RegistryRuleContext => ({ ...context, allowDataLoss: new Set([name]) });
const line = (issue: { file: string; path: string; message: string } | undefined) => issue && `${issue.file}: ${issue.path}: ${issue.message}`;

describe("each registry rule on its own", () => {
  test("removedStatefulMachine: a stateful machine gone from machines needs allowDataLoss; a rename names the new machine", () => {
    const removed: MachineChange = { kind: "removed", name: "ca-1", entry: registry.machines["ca-1"] };
    expect(line(removedStatefulMachine(removed, context))).toBe(
      "environments/test.yaml: machines: stateful machine 'ca-1' (certificate-authority, VMID 501 in environments/test.lock.yaml) is gone from machines: removing it destroys its VM with its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB); list 'ca-1' in allowDataLoss to retire it",
    );
    const renamed: MachineChange = { ...removed, renamedTo: plan("ca-1", { name: "ca-2", index: 1 }) };
    expect(line(removedStatefulMachine(renamed, context))).toBe(
      "environments/test.yaml: machines[1].name: renaming stateful machine 'ca-1' to 'ca-2' destroys its VM (VMID 501) with its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB) and creates an empty one: list 'ca-1' in allowDataLoss to allow it",
    );
    expect(removedStatefulMachine(removed, allowing("ca-1"))).toBeUndefined();
    expect(removedStatefulMachine({ kind: "removed", name: "dns-1", entry: registry.machines["dns-1"] }, context)).toBeUndefined();
  });

  test("statelessPersonaChange: a stateful machine turned stateless needs allowDataLoss, which its disks and guards depend on", () => {
    const change: MachineChange = {
      kind: "becomes-stateless",
      plan: plan("mon-1", { persona: plans.get("dns-1")!.persona }),
      entry: registry.machines["mon-1"],
    };
    expect(line(statelessPersonaChange(change, context))).toBe(
      "environments/test.yaml: machines[2].persona: changing 'mon-1' from stateful persona monitoring to stateless networking turns off its protection and prevent_destroy and detaches its data disks scsi1 monitoring-data (64 GiB) (Proxmox keeps them as unused disks until the VM is destroyed): list 'mon-1' in allowDataLoss to allow it",
    );
    expect(statelessPersonaChange(change, allowing("mon-1"))).toBeUndefined();
  });

  test("lostDataDisk: a stateful machine whose (stateful) persona has no disk of a recorded purpose needs allowDataLoss", () => {
    const change: MachineChange = {
      kind: "lost-data-disk",
      plan: plan("mon-1", { persona: plans.get("docker-1")!.persona }),
      entry: registry.machines["mon-1"],
      purpose: "monitoring-data",
      disk: registry.machines["mon-1"].dataDisks["monitoring-data"],
    };
    expect(line(lostDataDisk(change, context))).toBe(
      "environments/test.yaml: machines[2].persona: stateful machine 'mon-1' would lose data disk monitoring-data (scsi1, 64 GiB): persona docker-host has no such disk, so it is detached (Proxmox keeps it as an unused disk until the VM is destroyed); list 'mon-1' in allowDataLoss to allow it",
    );
    expect(lostDataDisk(change, allowing("mon-1"))).toBeUndefined();
    // a persona change to a stateless one says it once, in statelessPersonaChange
    expect(lostDataDisk({ ...change, plan: plan("mon-1", { persona: plans.get("dns-1")!.persona }) }, context)).toBeUndefined();
  });

  test("shrunkDisk: no disk shrinks, on any machine, whatever allowDataLoss says; the boot disk's issue points at the size where the file sets it", () => {
    const boot: MachineChange = {
      kind: "shrunk-disk",
      plan: plan("docker-1", { size: "medium" }),
      entry: registry.machines["docker-1"],
      slot: "scsi0",
      fromGiB: 64,
      toGiB: 32,
    };
    expect(line(shrunkDisk(boot, allowing("docker-1")))).toBe(
      "environments/test.yaml: machines[3].size: the boot disk (scsi0) of 'docker-1' would shrink from 64 GiB to 32 GiB (size medium): Proxmox disks only grow; keep a size whose boot disk is at least 64 GiB (large or larger)",
    );
    const stateless: MachineChange = { kind: "shrunk-disk", plan: plan("dns-1"), entry: registry.machines["dns-1"], slot: "scsi0", fromGiB: 32, toGiB: 16 };
    expect(line(shrunkDisk(stateless, context))).toMatch(
      /^environments\/test\.yaml: machines\[0\]\.persona: the boot disk \(scsi0\) of 'dns-1' would shrink from 32 GiB to 16 GiB .*\(medium or larger\)$/,
    );
    const data: MachineChange = { ...boot, purpose: "docker-volumes", slot: "scsi1", fromGiB: 100, toGiB: 50 };
    expect(line(shrunkDisk(data, context))).toBe(
      "environments/test.yaml: machines[3].persona: data disk docker-volumes (scsi1) of 'docker-1' would shrink from 100 GiB to 50 GiB (persona docker-host): Proxmox disks only grow; keep it at least 100 GiB",
    );
  });

  test("replacedStatefulMachine: a new VMID or a rebuild on another template replaces the VM, which needs allowDataLoss", () => {
    const vmid: MachineChange = { kind: "replaced", plan: plan("ca-1", { vmId: 550 }), entry: registry.machines["ca-1"], cause: "vmid" };
    expect(line(replacedStatefulMachine(vmid, context))).toBe(
      "environments/test.yaml: machines[1].vmid: changing the VMID of stateful machine 'ca-1' from 501 to 550 replaces its VM with an empty one, destroying its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB): list 'ca-1' in allowDataLoss to allow it, or drop vmid to keep 501",
    );
    const ca = plans.get("ca-1")!;
    if (ca.kind !== "vm") throw new Error("ca-1 is a VM");
    const template = { ...ca.template, name: "tmpl-debian-12-v2", vmId: 592 };
    const rebuild: MachineChange = { kind: "replaced", plan: plan("ca-1", { template, rebuild: true }), entry: registry.machines["ca-1"], cause: "rebuild" };
    expect(line(replacedStatefulMachine(rebuild, context))).toBe(
      "environments/test.yaml: rebuild[0]: rebuilding stateful machine 'ca-1' on tmpl-debian-12-v2 (592) replaces its VM, cloned from tmpl-debian-12-v1 (590), with an empty one, destroying its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB): list 'ca-1' in allowDataLoss to allow it",
    );
    expect(replacedStatefulMachine(vmid, allowing("ca-1"))).toBeUndefined();
  });
});

describe("the registry rules, applied by the loader", () => {
  test("a template bump is no change; rebuild of a stateless machine replaces it freely; rebuild of a stateful one needs allowDataLoss", () => {
    const bumped = (change: (document: EnvironmentInput) => void) =>
      lab((document) => {
        document.templates["debian-12"] = { ...document.templates["debian-12"], name: "tmpl-debian-12-v2", vmid: 592 };
        change(document);
      });
    const model = resolveInput(
      bumped(() => undefined),
      { registry },
    );
    expect(model.registry.machines["ca-1"].template).toEqual({ name: "tmpl-debian-12-v1", vmid: 590 });
    const rebuilt = resolveInput(
      bumped((document) => void (document.rebuild = ["dns-1"])),
      { registry },
    );
    expect([templateVmId(rebuilt.registry.machines["dns-1"]), rebuilt.machines.find((machine) => machine.name === "dns-1")?.rebuild]).toEqual([592, true]);
    expect(
      issueLines(() =>
        resolveInput(
          bumped((document) => void (document.rebuild = ["ca-1"])),
          { registry },
        ),
      ),
    ).toEqual([
      "environment test: rebuild[0]: rebuilding stateful machine 'ca-1' on tmpl-debian-12-v2 (592) replaces its VM, cloned from tmpl-debian-12-v1 (590), with an empty one, destroying its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB): list 'ca-1' in allowDataLoss to allow it",
    ]);
  });

  test("every refused change of one synth is reported together, nothing resolved", () => {
    const edited = lab((document) => {
      document.machines = document.machines.filter((machine) => machine.name !== "ca-1");
      const docker = document.machines.find((machine) => machine.name === "docker-1")!;
      docker.size = "small";
    });
    expect(issueLines(() => resolveInput(edited, { registry }))).toEqual([
      "environment test: machines: stateful machine 'ca-1' (certificate-authority, VMID 501 in test.lock.yaml) is gone from machines: removing it destroys its VM with its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB); list 'ca-1' in allowDataLoss to retire it",
      "environment test: machines[2].size: the boot disk (scsi0) of 'docker-1' would shrink from 64 GiB to 16 GiB (size small): Proxmox disks only grow; keep a size whose boot disk is at least 64 GiB (large or larger)",
    ]);
  });

  test("a disk grows freely and the registry records the new size", () => {
    const grown = resolveInput(
      lab((document) => {
        document.machines[0].size = "medium";
        document.proxmox.nodes[0] = { name: "pve1" };
      }),
      { registry },
    );
    expect(grown.registry.machines["dns-1"].bootDisk).toEqual({ slot: "scsi0", sizeGiB: 32 });
  });
});
