import { defineEnvironment } from "../../stacks/load-environments";
import { EnvironmentValidationError } from "../../stacks/validation-issue";
import { minimalEnvironment } from "../foundation/helpers";

describe("TemplatePlan.baseVmId", () => {
  it("takes the highest VMIDs of the range that nothing pins, in template key order", () => {
    const model = defineEnvironment("t", minimalEnvironment({ machines: [{ name: "dns-1", persona: "networking", ip: "10.9.0.53", vmid: 599 }] }));
    expect(model.templates.map((template) => [template.key, template.baseVmId])).toEqual([
      ["debian-12", 598],
      ["ubuntu-2404", 597],
    ]);
  });

  it("is skipped by the machines' allocation, so no VMID is used twice", () => {
    const model = defineEnvironment("t", minimalEnvironment({ vmids: { start: 588, end: 595 } }));
    // 590 and 591 are the templates, 595 and 594 the base VMs
    expect(model.templates.map((template) => template.baseVmId)).toEqual([595, 594]);
    expect(model.machines.map((machine) => machine.vmId)).toEqual([588, 589, 592]);
  });

  it("reports a range too small for the base VMs and the machines", () => {
    expect(() => defineEnvironment("t", minimalEnvironment({ vmids: { start: 589, end: 594 } }))).toThrow(EnvironmentValidationError);
  });
});
