import { diffProviderSchemas, formatDifference, ProviderSchema } from "../../toolchain/schema-diff";

/** A small provider schema: one resource with a typed attribute and a nested block. */
function schema(overrides: { type?: unknown; required?: boolean; maxItems?: number; extra?: boolean } = {}): ProviderSchema {
  return {
    provider: { block: { attributes: { endpoint: { type: "string", optional: true } } } },
    resource_schemas: {
      proxmox_vm: {
        version: 0,
        block: {
          attributes: {
            network_device: { type: overrides.type ?? ["list", ["object", { bridge: "string", mtu: "number" }]], optional: true },
            name: { type: "string", required: overrides.required ?? true },
            ...(overrides.extra ? { tags: { type: ["list", "string"], optional: true } } : {}),
          },
          block_types: { disk: { nesting_mode: "list", max_items: overrides.maxItems, block: { attributes: { size: { type: "number", optional: true } } } } },
        },
      },
    },
    data_source_schemas: {},
  };
}

describe("diffProviderSchemas", () => {
  it("finds no difference between equal schemas, whatever the key order of object types", () => {
    const reordered = schema({ type: ["list", ["object", { mtu: "number", bridge: "string" }]] });
    expect(diffProviderSchemas(schema(), reordered)).toEqual([]);
  });

  it("reports a type, a flag, a block limit and a missing attribute, each at its path", () => {
    const real = schema({ type: ["list", ["object", { bridge: "string", mtu: "string" }]], maxItems: 1, extra: true });
    const vendored = schema({ required: false });
    expect(diffProviderSchemas(real, vendored).map(formatDifference)).toEqual([
      'proxmox_vm.name: required: real true, vendored false',
      'proxmox_vm.network_device: type: real ["list",["object",{"bridge":"string","mtu":"string"}]], vendored ["list",["object",{"bridge":"string","mtu":"number"}]]',
      "proxmox_vm.tags: missing: real attribute, vendored unset",
      "proxmox_vm.disk: max_items: real 1, vendored unset",
    ]);
  });

  it("reports a resource that only one side has", () => {
    const vendored: ProviderSchema = { ...schema(), resource_schemas: {} };
    expect(diffProviderSchemas(schema(), vendored).map(formatDifference)).toEqual(["proxmox_vm: missing: real resource_schemas, vendored unset"]);
  });
});
