import { formatIssue } from "../../environment/issues";
import type { EnvironmentModel } from "../../environment/model";
import type { EnvironmentInput } from "../../environment/schema";
import { firstRegistry, issueLines, patchedEnvironment, resolveInput, synthModel } from "../helpers";

/** The base environment plus a certificate authority: dns-1 500, ca-1 501, docker-1 502. */
function lab(change: (document: EnvironmentInput) => void = () => undefined): EnvironmentInput {
  return patchedEnvironment((document) => {
    document.machines.splice(1, 0, { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" });
    change(document);
  });
}
const registry = firstRegistry(lab());
const withoutCa = (allow = true) =>
  lab((document) => {
    document.machines = document.machines.filter((machine) => machine.name !== "ca-1");
    if (allow) document.allowDataLoss = ["ca-1"];
  });
const warningsOf = (model: EnvironmentModel) => model.warnings.map(formatIssue);

describe("retiring a guarded machine takes two deploys, each a registry diff", () => {
  test("phase 1: removed and named in allowDataLoss, it stays in the registry marked retiring, and its VM stays, stopped and unprotected", () => {
    const model = resolveInput(withoutCa(), { registry });
    expect(model.registry.machines["ca-1"]).toEqual({ ...registry.machines["ca-1"], retiring: "removed" });
    expect(model.retiring).toEqual([{ name: "ca-1", vmId: 501, node: "pve1", stateful: true, reason: "removed" }]);
    expect(model.machines.map((machine) => machine.name)).toEqual(["dns-1", "docker-1"]);
    expect(warningsOf(model)).toEqual([
      "environment test: allowDataLoss[0]: 'ca-1' is retiring: the next deploy stops its VM 501 and turns off its protection and prevent_destroy; after that deploy, `npm run synth -- --retire ca-1` lets the deploy after it destroy the VM with its disks",
    ]);
    const vms = synthModel(model).resource.proxmox_virtual_environment_vm;
    expect(vms["ca-1"]).toMatchObject({
      name: "ca-1",
      node_name: "pve1",
      vm_id: 501,
      protection: false,
      started: false,
      on_boot: false,
      stop_on_destroy: true,
    });
    expect(vms["ca-1"].lifecycle.prevent_destroy).toBeUndefined();
    expect(vms["ca-1"].lifecycle.ignore_changes).toEqual(expect.arrayContaining(["cpu", "disk", "clone", "initialization", "network_device"]));
    // every machine waits for the retiring VM to stop (a new one may take over its address)
    for (const name of ["dns-1", "docker-1"]) expect(vms[name].depends_on).toContain("proxmox_virtual_environment_vm.ca-1");
    // the phase is stable: a second synth against its own registry says the same
    const again = resolveInput(withoutCa(), { registry: model.registry });
    expect([again.registry, again.retiring]).toEqual([model.registry, model.retiring]);
  });

  test("phase 2: --retire ends it: the entry leaves the registry and the VM the stack, so the next deploy destroys it", () => {
    const retiring = resolveInput(withoutCa(), { registry }).registry;
    const model = resolveInput(withoutCa(), { registry: retiring, retire: ["ca-1"] });
    expect(Object.keys(model.registry.machines)).toEqual(["dns-1", "docker-1"]);
    expect(model.retiring).toEqual([]);
    expect(Object.keys(synthModel(model).resource.proxmox_virtual_environment_vm).sort()).toEqual(["dns-1", "docker-1"]);
    // afterwards the name in allowDataLoss names nothing: a warning, never an error
    const after = resolveInput(withoutCa(), { registry: model.registry });
    expect(warningsOf(after)).toEqual([
      "environment test: allowDataLoss[0]: 'ca-1' names no machine of this environment or its registry (a retirement that ended?): remove it",
    ]);
  });

  test("a retirement is undone by putting the machine back: it is active and guarded again", () => {
    const retiring = resolveInput(withoutCa(), { registry }).registry;
    const back = resolveInput(lab(), { registry: retiring });
    expect(back.registry).toEqual(registry);
    expect(back.retiring).toEqual([]);
    expect(synthModel(back).resource.proxmox_virtual_environment_vm["ca-1"]).toMatchObject({ protection: true, lifecycle: { prevent_destroy: true } });
  });

  test("without allowDataLoss the removal is refused; --retire of a machine that is not retiring is refused", () => {
    expect(issueLines(() => resolveInput(withoutCa(false), { registry }))).toEqual([
      "environment test: machines: stateful machine 'ca-1' (certificate-authority, VMID 501 in test.lock.yaml) is gone from machines: removing it destroys its VM with its disks scsi0 (boot, 16 GiB), scsi1 ca-data (8 GiB); list 'ca-1' in allowDataLoss to retire it",
    ]);
    expect(issueLines(() => resolveInput(lab(), { registry, retire: ["ca-1", "nobody"] }))).toEqual([
      "--retire: 'ca-1' is not retiring in any environment (a machine retires once it is gone from machines, or would be replaced, and allowDataLoss names it; `npm run synth -- --retire ca-1` ends a retirement after the deploy that stopped it)",
      "--retire: 'nobody' is not retiring in any environment (a machine retires once it is gone from machines, or would be replaced, and allowDataLoss names it; `npm run synth -- --retire nobody` ends a retirement after the deploy that stopped it)",
    ]);
  });

  test("an unguarded machine goes at once: a stateless one, or a stateful one whose guards allowDataLoss already let go", () => {
    const withoutDns = resolveInput(
      lab((document) => void document.machines.shift()),
      { registry },
    );
    expect([Object.keys(withoutDns.registry.machines), withoutDns.retiring]).toEqual([["ca-1", "docker-1"], []]);
    const unguarded = lab((document) => {
      document.machines[1].lifecycle = { protection: false, preventDestroy: false };
      document.allowDataLoss = ["ca-1"];
    });
    const unguardedRegistry = resolveInput(unguarded, { registry }).registry;
    expect(unguardedRegistry.machines["ca-1"].protected).toBe(false);
    expect(resolveInput(withoutCa(), { registry: unguardedRegistry }).retiring).toEqual([]);
  });

  test("a guarded machine that would be replaced (a new VMID) retires first; after --retire the new VM keeps prevent_destroy off while allowDataLoss names it", () => {
    const renumbered = (allow: boolean) =>
      lab((document) => {
        document.machines[1].vmid = 550;
        if (allow) document.allowDataLoss = ["ca-1"];
      });
    const phase1 = resolveInput(renumbered(true), { registry });
    expect(phase1.retiring).toEqual([{ name: "ca-1", vmId: 501, node: "pve1", stateful: true, reason: "replaced" }]);
    expect(phase1.machines.map((machine) => machine.name)).toEqual(["dns-1", "docker-1"]);
    expect(phase1.registry.machines["ca-1"]).toMatchObject({ vmid: 501, retiring: "replaced" });
    const phase2 = resolveInput(renumbered(true), { registry: phase1.registry, retire: ["ca-1"] });
    expect(phase2.registry.machines["ca-1"]).toMatchObject({ vmid: 550, replacing: true });
    expect(phase2.machines.find((machine) => machine.name === "ca-1")?.lifecycle).toMatchObject({ protection: true, preventDestroy: false });
    expect(synthModel(phase2).resource.proxmox_virtual_environment_vm["ca-1"]).toMatchObject({
      vm_id: 550,
      protection: true,
      lifecycle: { ignore_changes: ["clone"] },
    });
    const guarded = resolveInput(renumbered(false), { registry: phase2.registry });
    expect(guarded.registry.machines["ca-1"].replacing).toBeUndefined();
    expect(synthModel(guarded).resource.proxmox_virtual_environment_vm["ca-1"].lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["clone"] });
  });

  test("a retiring machine's VMID stays reserved: no other machine can take it while it retires", () => {
    const retiring = resolveInput(withoutCa(), { registry }).registry;
    const pinned = lab((document) => {
      document.machines = document.machines.filter((machine) => machine.name !== "ca-1");
      document.machines.push({ name: "ntp-1", persona: "time-server", ip: "10.9.0.123", vmid: 501 });
      document.allowDataLoss = ["ca-1"];
    });
    expect(issueLines(() => resolveInput(pinned, { registry: retiring }))).toEqual([
      "environment test: machines[2].vmid: VMID 501 belongs to 'ca-1' in the machine registry (test.lock.yaml); it is free once that VM is gone: pin it in a later change",
    ]);
  });
});

describe("notices", () => {
  test("a node move is announced as a migration, and a moving image URL without a checksum is a warning", () => {
    const moved = resolveInput(
      lab((document) => {
        document.proxmox.nodes.push({ name: "pve2" });
        document.machines[1].node = "pve2";
        document.templates["debian-12"].image = { url: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2" };
      }),
      { registry },
    );
    expect(warningsOf(moved)).toEqual([
      "environment test: templates.debian-12.image.url: the URL moves ('latest/') and no checksum pins it: every rebuild may get another image, unverified; use a dated URL with its image.checksum (sha256: or sha512:)",
      "environment test: machines[1].node: 'ca-1' moves from pve1 to pve2: the next deploy migrates its VM with its local disks (online), nothing is replaced",
    ]);
    expect(moved.registry.machines["ca-1"].node).toBe("pve2");
  });
});
