import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { RETIREMENT_IGNORES, RETIREMENT_SETS, RetiringVm } from "../../constructs/retiring-vm";
import { PROJECT_ROOT, proxmoxStack } from "../helpers";

interface SchemaBlock {
  attributes?: Record<string, { required?: boolean; optional?: boolean; computed?: boolean }>;
  block_types?: Record<string, unknown>;
}

/** Every argument of the vendored bpg/proxmox VM resource that a configuration can set (attributes that are not computed-only, and blocks). */
function configurableVmArguments(): string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "providers", "bpg-proxmox", "schema.json"), "utf8"));
  const provider = Object.values(schema.provider_schemas)[0] as { resource_schemas: Record<string, { block: SchemaBlock }> };
  const { block } = provider.resource_schemas.proxmox_virtual_environment_vm;
  const attributes = Object.entries(block.attributes ?? {})
    .filter(([name, attribute]) => name !== "id" && (attribute.required || attribute.optional))
    .map(([name]) => name);
  return [...attributes, ...Object.keys(block.block_types ?? {})].sort();
}

describe("RetiringVm", () => {
  test("leaves every argument of the VM as it is but the ones a retirement sets (the list covers the provider's schema exactly)", () => {
    expect([...RETIREMENT_IGNORES, ...RETIREMENT_SETS].sort()).toEqual(configurableVmArguments());
  });

  test("stops the VM, keeps it from starting with its node and turns off protection and prevent_destroy, at its old address", () => {
    const stack = proxmoxStack();
    const vm = new RetiringVm(stack, "ca-1", { name: "ca-1", node: "pve1", vmId: 501, stopOnDestroy: true });
    vm.resource.overrideLogicalId("ca-1");
    const resource = JSON.parse(Testing.synth(stack, true)).resource.proxmox_virtual_environment_vm["ca-1"];
    expect(resource).toEqual({
      name: "ca-1",
      node_name: "pve1",
      vm_id: 501,
      started: false,
      on_boot: false,
      protection: false,
      delete_unreferenced_disks_on_destroy: false,
      purge_on_destroy: true,
      stop_on_destroy: true,
      lifecycle: { ignore_changes: [...RETIREMENT_IGNORES] },
    });
  });

  test("validates its props like the other constructs", () => {
    const stack = proxmoxStack();
    new RetiringVm(stack, "bad", { name: "Bad_Name", node: "pve1", vmId: 5 });
    expect(() => Testing.synth(stack, true)).toThrow(/name: must be an RFC 1123 host label[\s\S]*vmId: /);
  });
});
