import { Testing, TerraformStack } from "cdktf";
import { formatProblem, loadProviderSchema, validateStack } from "../../checks/provider-schema";
import { addEnvironmentStacks } from "../../stacks/synthesize";
import { bundledEnvironments } from "../foundation/helpers";

describe("bundled environments against the bpg/proxmox schema", () => {
  const schema = loadProviderSchema();
  const app = Testing.app();
  addEnvironmentStacks(app, bundledEnvironments());
  // every stack of the app: the environments and their images stacks
  const stacks = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);

  test("covers the environment and images stacks of both bundled environments", () => {
    expect(stacks.map((stack) => stack.node.id).sort()).toEqual(["lab", "lab-images", "prod", "prod-images"]);
  });

  test.each(stacks.map((stack) => [stack.node.id, stack] as const))("stack %s validates clean (no errors, no warnings)", (name, stack) => {
    const document = JSON.parse(Testing.synth(stack));
    expect(validateStack(name, document, schema).map(formatProblem)).toEqual([]);
  });

  test("a bogus attribute on a bundled VM is caught with its address and path", () => {
    const stack = stacks.find((candidate) => candidate.node.id === "lab")!;
    const document = JSON.parse(Testing.synth(stack));
    const [vmName] = Object.keys(document.resource.proxmox_virtual_environment_vm);
    document.resource.proxmox_virtual_environment_vm[vmName].cpu.coress = 4;
    expect(validateStack(stack.node.id, document, schema).map(formatProblem)).toEqual([
      `${stack.node.id}: proxmox_virtual_environment_vm.${vmName}: cpu[0].coress: unknown attribute "coress" (did you mean "cores"?)`,
    ]);
  });
});
