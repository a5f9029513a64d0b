import type { VirtualEnvironmentVmNetworkDevice } from "../.gen/providers/proxmox/virtual-environment-vm";
import { virtualEnvironmentVmNetworkDeviceToTerraform } from "../.gen/providers/proxmox/virtual-environment-vm";

/** One virtual NIC. */
export interface VmNicProps {
  /** Linux bridge on the node, e.g. `vmbr0`. */
  readonly bridge: string;
  /** 802.1Q VLAN tag; untagged when absent. */
  readonly vlan?: number;
  /** Fixed MAC address; Proxmox generates one when absent. */
  readonly macAddress?: string;
  /** Proxmox firewall on this NIC. @default false */
  readonly firewall?: boolean;
}

/**
 * The `network_device` value for a list of NICs (virtio model). In bpg/proxmox 0.111
 * `network_device` is an attribute of type list(object), not a block: Terraform requires every key
 * of such an object, so keys a NIC leaves unset are written as explicit nulls (cdktf would drop
 * them, and Terraform would reject the configuration). Set it with
 * `resource.addOverride("network_device", networkDevices(nics))`.
 */
export function networkDevices(nics: readonly VmNicProps[]): Record<string, unknown>[] {
  return nics.map((nic) => {
    const device: VirtualEnvironmentVmNetworkDevice = {
      bridge: nic.bridge,
      model: "virtio",
      vlanId: nic.vlan,
      macAddress: nic.macAddress,
      firewall: nic.firewall ?? false,
    };
    const terraform = virtualEnvironmentVmNetworkDeviceToTerraform(device) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(terraform).map(([key, value]) => [key, value ?? null]));
  });
}
