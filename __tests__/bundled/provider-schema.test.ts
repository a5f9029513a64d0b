import { formatProblem, loadProviderSchema, checkStack } from "../../checks/provider-schema";
import { bundledStacks } from "../helpers";

describe("bundled environments against the bpg/proxmox schema", () => {
  const schema = loadProviderSchema();
  const stacks = bundledStacks();

  test.each(Object.entries(stacks))("stack %s validates clean (no errors, no warnings)", (name, document) => {
    expect(checkStack(name, document, schema).problems.map(formatProblem)).toEqual([]);
  });

  test("a bogus attribute on a bundled VM is caught with its address and path", () => {
    const document = structuredClone(stacks.lab);
    const [vmName] = Object.keys(document.resource.proxmox_virtual_environment_vm);
    document.resource.proxmox_virtual_environment_vm[vmName].cpu.coress = 4;
    expect(checkStack("lab", document, schema).problems.map(formatProblem)).toEqual([
      `lab: proxmox_virtual_environment_vm.${vmName}: cpu[0].coress: unknown attribute "coress" (did you mean "cores"?)`,
    ]);
  });
});
