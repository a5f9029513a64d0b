import { issueLines, patchedEnvironment, resolveInput } from "../helpers";

describe("VMID allocation", () => {
  it("gives base image VMs the highest VMIDs of the range that nothing pins, in template key order", () => {
    const model = resolveInput(
      patchedEnvironment((document) => void (document.machines = [{ name: "dns-1", persona: "networking", ip: "10.9.0.53", vmid: 599 }])),
    );
    expect(model.templates.map((template) => [template.key, template.baseVmId])).toEqual([
      ["debian-12", 598],
      ["ubuntu-2404", 597],
    ]);
  });

  it("gives machines the lowest VMIDs in file order, skipping pinned, template and base image VMIDs, so none is used twice", () => {
    const model = resolveInput(
      patchedEnvironment((document) => {
        document.vmids = { start: 588, end: 595 };
        document.machines.splice(1, 0, { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" });
      }),
    );
    // 590 and 591 are the templates, 595 and 594 the base VMs
    expect(model.templates.map((template) => template.baseVmId)).toEqual([595, 594]);
    expect(model.machines.map((machine) => [machine.name, machine.vmId, machine.vmIdPinned])).toEqual([
      ["dns-1", 588, false],
      ["ca-1", 589, false],
      ["docker-1", 592, false],
    ]);
  });

  it("reports each machine the range has no VMID left for", () => {
    const tooSmall = patchedEnvironment((document) => void (document.vmids = { start: 589, end: 593 }));
    expect(issueLines(() => resolveInput(tooSmall))).toEqual(["environment test: machines[1]: no free VMID left in vmids 589-593"]);
  });
});
