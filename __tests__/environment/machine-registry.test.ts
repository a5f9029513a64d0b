import * as yaml from "js-yaml";
import { formatIssue } from "../../environment/issues";
import { parseRegistry } from "../../environment/load/registry-file";
import { dataDiskSlots } from "../../environment/registry/disk-slots";
import type { MachineRegistry } from "../../environment/registry/machine-registry";
import { describeRegistryChange } from "../../environment/registry/registry-diff";
import { renderRegistry } from "../../environment/registry/render-registry";
import { firstRegistry, issueLines, patchedEnvironment, resolveInput } from "../helpers";

/** The base environment's registry after its first synth (dns-1 500, docker-1 501). */
const base = () => firstRegistry(patchedEnvironment(() => undefined));

describe("the registry file", () => {
  test("is rendered sorted, with a header saying what it is, and parses back to the same registry", () => {
    const registry = base();
    const text = renderRegistry(registry, "test", "environments/test.yaml");
    expect(text.split("\n").slice(0, 3)).toEqual([
      "# Machine registry of environment test, written by `npm run synth` from test.yaml beside it.",
      "# Commit it with the environment file and review its diff like a package lock: the VMIDs and disk",
      "# slots it records stay with their machines whatever the order of the file. Do not edit it by hand.",
    ]);
    expect(text).toContain(
      [
        "  docker-1:",
        "    vmid: 501",
        "    node: pve1",
        "    persona: docker-host",
        "    stateful: true",
        "    protected: true",
        "    template: {name: tmpl-ubuntu-2404-v1, vmid: 591}",
        "    bootDisk: {slot: scsi0, sizeGiB: 64}",
        "    dataDisks: {docker-volumes: {slot: scsi1, sizeGiB: 100}}",
      ].join("\n"),
    );
    expect(parseRegistry({ environment: "test", file: "test.lock.yaml", text }).registry).toEqual(registry);
    // the same registry built in another key order renders to the same bytes
    const reordered: MachineRegistry = { ...registry, machines: Object.fromEntries(Object.entries(registry.machines).reverse()) };
    expect(renderRegistry(reordered, "test", "environments/test.yaml")).toBe(text);
  });

  test.each([
    ["a YAML syntax error", "machines: [", /^test\.lock\.yaml:1:12: YAML syntax: /],
    ["an empty file", "", /^test\.lock\.yaml: is empty: delete it to start a new registry, or restore it from Git$/],
    ["an unknown key", "version: 1\nnextVmid: 500\nbaseImages: {}\nmachines: {}\nextra: 1\n", /^test\.lock\.yaml:5:1: extra: unknown key 'extra'$/],
    ["another version", "version: 2\nnextVmid: 500\nbaseImages: {}\nmachines: {}\n", /^test\.lock\.yaml:1:1: version: /],
  ])("refuses %s, naming the file and the path", (_what, text, line) => {
    const parsed = parseRegistry({ environment: "test", file: "test.lock.yaml", text });
    expect(parsed.issues?.map(formatIssue)).toEqual([expect.stringMatching(line)]);
  });

  test("refuses a registry edited into an inconsistency: one VMID twice, two disks in one slot", () => {
    const registry = base();
    const broken = yaml.dump({
      ...registry,
      machines: {
        ...registry.machines,
        "dns-1": { ...registry.machines["dns-1"], vmid: 501, dataDisks: { extra: { slot: "scsi0", sizeGiB: 1 } } },
      },
    });
    expect(parseRegistry({ environment: "test", file: "test.lock.yaml", text: broken }).issues?.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "machines.dns-1.dataDisks.extra.slot: scsi0 is also recorded for the boot disk",
      "machines.docker-1.vmid: VMID 501 is also recorded for machine dns-1",
    ]);
  });

  test("a broken registry fails the whole load with its issues, nothing is resolved", () => {
    const input = patchedEnvironment(() => undefined);
    const registry = { ...base(), nextVmid: 5 } as MachineRegistry;
    expect(issueLines(() => resolveInput(input, { registry }))).toEqual(["test.lock.yaml:5:1: nextVmid: must be at least 100"]);
  });
});

describe("VMIDs come from the registry once handed out", () => {
  test("inserting a machine at the top, removing one from the middle or reordering changes no other machine's VMID", () => {
    const input = patchedEnvironment((document) => void document.machines.push({ name: "ntp-1", persona: "time-server", ip: "10.9.0.123" }));
    const registry = firstRegistry(input);
    expect(Object.fromEntries(Object.entries(registry.machines).map(([name, entry]) => [name, entry.vmid]))).toEqual({
      "dns-1": 500,
      "docker-1": 501,
      "ntp-1": 502,
    });
    const edited = patchedEnvironment((document) => {
      document.machines = [
        { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" },
        document.machines[1],
        { name: "ntp-1", persona: "time-server", ip: "10.9.0.123" },
      ];
    });
    const model = resolveInput(edited, { registry });
    expect(model.machines.map((machine) => [machine.name, machine.vmId])).toEqual([
      ["ca-1", 503],
      ["docker-1", 501],
      ["ntp-1", 502],
    ]);
  });

  test("a VMID freed by a removal is not handed out again soon: new machines continue at nextVmid, and wrap to the bottom only when the top is used up", () => {
    const registry = base();
    const withoutDns = patchedEnvironment((document) => void (document.machines = [document.machines[1]]));
    const afterRemoval = resolveInput(withoutDns, { registry }).registry;
    expect([Object.keys(afterRemoval.machines), afterRemoval.nextVmid]).toEqual([["docker-1"], 502]);
    const added = patchedEnvironment((document) => void document.machines.push({ name: "ntp-1", persona: "time-server", ip: "10.9.0.123" }));
    expect(
      resolveInput(added, { registry: { ...afterRemoval, machines: { ...afterRemoval.machines } } }).machines.map((machine) => [machine.name, machine.vmId]),
    ).toEqual([
      ["dns-1", 502],
      ["docker-1", 501],
      ["ntp-1", 503],
    ]);
    // at the top of the range (590 and 591 are the templates, 599 and 598 the base images)
    const full = resolveInput(added, { registry: { ...afterRemoval, nextVmid: 597 } });
    expect(full.machines.map((machine) => machine.vmId)).toEqual([597, 501, 500]);
  });

  test("keeps the base image VMIDs it recorded, when templates are added", () => {
    const registry = base();
    expect(registry.baseImages).toEqual({ "debian-12": 599, "ubuntu-2404": 598 });
    const withAlpine = patchedEnvironment((document) => {
      document.templates = { alpine: { name: "tmpl-alpine-v1", vmid: 592, image: { url: "https://example.test/alpine-3.21.qcow2" } }, ...document.templates };
    });
    expect(resolveInput(withAlpine, { registry }).templates.map((template) => [template.key, template.baseVmId])).toEqual([
      ["alpine", 597],
      ["debian-12", 599],
      ["ubuntu-2404", 598],
    ]);
  });

  test("a pinned VMID that the registry records for another machine is refused until that VM is gone", () => {
    const registry = base();
    const input = patchedEnvironment((document) => void document.machines.push({ name: "ntp-1", persona: "time-server", ip: "10.9.0.123", vmid: 501 }));
    expect(issueLines(() => resolveInput(input, { registry }))).toEqual([
      "environment test: machines[2].vmid: VMID 501 belongs to 'docker-1' in the machine registry (test.lock.yaml); it is free once that VM is gone: pin it in a later change",
    ]);
  });
});

describe("a data disk's slot never moves", () => {
  test("recorded purposes keep their slot whatever the persona's order; a new purpose takes the slot after the highest one ever used", () => {
    const entry = { ...base().machines["docker-1"], dataDisks: { logs: { slot: "scsi3", sizeGiB: 5 }, "docker-volumes": { slot: "scsi1", sizeGiB: 100 } } };
    expect(dataDiskSlots("vm", ["cache", "docker-volumes", "logs"], entry)).toEqual(["scsi4", "scsi1", "scsi3"]);
    expect(dataDiskSlots("vm", ["a", "b"], undefined)).toEqual(["scsi1", "scsi2"]);
    // a container's data disks are mount points, from mp0
    expect(dataDiskSlots("container", ["a", "b"], undefined)).toEqual(["mp0", "mp1"]);
    const container = { ...entry, kind: "container" as const, bootDisk: { slot: "rootfs", sizeGiB: 8 }, dataDisks: { b: { slot: "mp1", sizeGiB: 1 } } };
    expect(dataDiskSlots("container", ["a", "b"], container)).toEqual(["mp2", "mp1"]);
  });
});

describe("the one-line summary of a registry change", () => {
  test("names what is added, dropped, retiring or changed", () => {
    const registry = base();
    const next: MachineRegistry = {
      ...registry,
      nextVmid: 503,
      machines: {
        "docker-1": { ...registry.machines["docker-1"], retiring: "removed" },
        "ntp-1": { ...registry.machines["dns-1"], vmid: 502, persona: "time-server" },
      },
    };
    expect(describeRegistryChange(registry, next)).toBe("-dns-1, docker-1 retiring, +ntp-1 (VMID 502)");
    expect(describeRegistryChange(undefined, registry)).toBe("new registry of 2 machine(s)");
  });
});
