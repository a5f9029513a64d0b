import { VirtualEnvironmentVm } from "../.gen/providers/proxmox/virtual-environment-vm";

/** A plain object literal (not a token, not a class instance): what synthesis may look into. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

/** `value` without unset (undefined) keys at any depth; tokens and other objects stay as they are. */
function withoutUnset(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnset);
  if (!isPlainObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) kept[key] = withoutUnset(item);
  return kept;
}

/**
 * The bpg/proxmox VM resource as our constructs write it. Two differences from the generated class,
 * both in what it hands cdktf to resolve:
 *
 * - **Complete NICs.** In bpg/proxmox 0.111 `network_device` is an attribute of type
 *   list(object), not a block: Terraform requires every key of each object, so keys a NIC leaves
 *   unset are written as null (cdktf would drop them, and Terraform would reject the
 *   configuration). This holds for every way the list is set, `putNetworkDevice` included.
 * - **No unset attributes.** The generated class hands cdktf every attribute and nested key, set
 *   or not (about a hundred per VM), and cdktf resolves each; they are dropped first, which makes
 *   a large synth about a third faster with identical JSON.
 */
export class ProxmoxVmResource extends VirtualEnvironmentVm {
  /** The generated attributes, NICs completed and unset keys dropped. */
  protected synthesizeAttributes(): { [name: string]: unknown } {
    const attributes = super.synthesizeAttributes();
    const nics = attributes.network_device;
    if (Array.isArray(nics)) {
      attributes.network_device = nics.map((nic) =>
        isPlainObject(nic) ? Object.fromEntries(Object.entries(nic).map(([key, item]) => [key, item ?? null])) : nic,
      );
    }
    return withoutUnset(attributes) as { [name: string]: unknown };
  }
}
