import { Testing } from "cdktf";
import { VirtualEnvironmentVm } from "../../.gen/providers/proxmox/virtual-environment-vm";
import type { ProxmoxVmProps } from "../../constructs/proxmox-vm";
import { ProxmoxVm } from "../../constructs/proxmox-vm";
import { proxmoxStack } from "../helpers";

const baseProps: ProxmoxVmProps = {
  name: "web-1",
  node: "pve1",
  vmId: 1234,
  templateVmId: 9000,
  memoryMiB: 2048,
  bootDisk: { sizeGiB: 20, datastore: "local-lvm" },
  nics: [{ bridge: "vmbr0", vlan: 20 }],
  ipv4: { address: "10.2.20.10/24", gateway: "10.2.20.1" },
  user: "ops",
  sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@test"],
};

/** The network_device keys a NIC leaves unset: written as null, since the attribute is a list(object). */
const UNSET_NIC_KEYS = { disconnected: null, enabled: null, queues: null, rate_limit: null, trunks: null, mtu: null };

function synthVm(
  props: Partial<ProxmoxVmProps> = {},
  change: (construct: ProxmoxVm) => void = () => undefined,
): { json: string; vm: Record<string, unknown>; construct: ProxmoxVm } {
  const stack = proxmoxStack();
  const construct = new ProxmoxVm(stack, "web", { ...baseProps, ...props });
  change(construct);
  const json = Testing.synth(stack, true);
  const resources = JSON.parse(json).resource.proxmox_virtual_environment_vm as Record<string, Record<string, unknown>>;
  return { json, vm: Object.values(resources)[0], construct };
}

describe("ProxmoxVm", () => {
  test("clones the template as a full clone with CPU, memory and the static IP through cloud-init", () => {
    const { json } = synthVm();
    expect(json).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      name: "web-1",
      node_name: "pve1",
      vm_id: 1234,
      clone: { vm_id: 9000, full: true, retries: 3 },
      cpu: { cores: 2, sockets: 1, type: "x86-64-v2-AES" },
      memory: { dedicated: 2048, floating: 0 },
      initialization: {
        datastore_id: "local-lvm",
        ip_config: [{ ipv4: { address: "10.2.20.10/24", gateway: "10.2.20.1" } }],
        user_account: { username: "ops", keys: baseProps.sshKeys },
      },
    });
  });

  test("puts the boot disk on scsi0 and data disks on the next slots, with ssd/discard/iothread on by default", () => {
    const { vm } = synthVm({
      dataDisks: [
        { sizeGiB: 100, datastore: "tank" },
        { sizeGiB: 5, datastore: "local-lvm", ssd: false, discard: false, iothread: false },
      ],
    });
    expect(vm.disk).toEqual([
      { interface: "scsi0", size: 20, datastore_id: "local-lvm", ssd: true, discard: "on", iothread: true, backup: true },
      { interface: "scsi1", size: 100, datastore_id: "tank", ssd: true, discard: "on", iothread: true, backup: true },
      { interface: "scsi2", size: 5, datastore_id: "local-lvm", ssd: false, discard: "ignore", iothread: false, backup: true },
    ]);
    expect(vm.scsi_hardware).toBe("virtio-scsi-single");
  });

  test("writes network_device (a list(object) attribute) with every key, null where unset, as Terraform requires", () => {
    expect(synthVm().vm.network_device).toEqual([{ ...UNSET_NIC_KEYS, bridge: "vmbr0", vlan_id: 20, model: "virtio", firewall: false, mac_address: null }]);
  });

  test("enables the guest agent but never waits for it to report an IP", () => {
    const { vm } = synthVm();
    expect(vm.agent).toEqual({ enabled: true, timeout: "15m", trim: true, wait_for_ip: { disabled: true } });
  });

  test("supports DHCP, DNS settings, several NICs with MAC and firewall", () => {
    const { vm, construct } = synthVm({
      ipv4: "dhcp",
      dnsServers: ["10.0.0.53"],
      dnsDomain: "home.arpa",
      nics: [{ bridge: "vmbr0", macAddress: "BC:24:11:00:00:01", firewall: true }, { bridge: "vmbr1" }],
    });
    const init = vm.initialization as Record<string, unknown>;
    expect(init.ip_config).toEqual([{ ipv4: { address: "dhcp" } }]);
    expect(init.dns).toEqual({ servers: ["10.0.0.53"], domain: "home.arpa" });
    expect(vm.network_device).toEqual([
      { ...UNSET_NIC_KEYS, bridge: "vmbr0", mac_address: "BC:24:11:00:00:01", firewall: true, model: "virtio", vlan_id: null },
      { ...UNSET_NIC_KEYS, bridge: "vmbr1", mac_address: null, firewall: false, model: "virtio", vlan_id: null },
    ]);
    expect(construct.ipAddress).toBeUndefined();
  });

  test("exposes the static address without prefix, known at synth", () => {
    expect(synthVm().construct.ipAddress).toBe("10.2.20.10");
  });

  test("sorts and de-duplicates tags as Proxmox stores them, so plans show no tag churn", () => {
    expect(synthVm({ tags: ["zeta", "alpha", "zeta"] }).vm.tags).toEqual(["alpha", "zeta"]);
  });

  test("is disposable by default and protected when asked", () => {
    const disposable = synthVm().vm;
    expect(disposable).toMatchObject({ protection: false, delete_unreferenced_disks_on_destroy: true, stop_on_destroy: false });
    expect(disposable.lifecycle).toEqual({ ignore_changes: ["clone"] });
    const kept = synthVm({ lifecycle: { protection: true, preventDestroy: true, keepUnreferencedDisks: true, stopOnDestroy: true } }).vm;
    expect(kept).toMatchObject({ protection: true, delete_unreferenced_disks_on_destroy: false, stop_on_destroy: true });
    expect(kept.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["clone"] });
  });

  test("clones from another node only when the template lives elsewhere, retrying a clone refused for a while", () => {
    expect(synthVm({ templateNode: "pve1" }).vm.clone).toEqual({ vm_id: 9000, full: true, retries: 3 });
    expect(synthVm({ templateNode: "pve2", fullClone: false, cloneRetries: 5 }).vm.clone).toEqual({ vm_id: 9000, full: false, node_name: "pve2", retries: 5 });
    expect(() => synthVm({ cloneRetries: 0 })).toThrow(/cloneRetries: .*1/);
  });

  test("ignores its clone source once it exists, so a template bump replaces nothing; one that follows its template ignores all of it but the template", () => {
    expect(synthVm().vm.lifecycle).toEqual({ ignore_changes: ["clone"] });
    expect(synthVm({ followTemplate: true }).vm.lifecycle).toEqual({
      ignore_changes: ["clone[0].retries", "clone[0].node_name", "clone[0].full", "clone[0].datastore_id"],
    });
  });

  test("migrates on a node change instead of replacing the VM", () => {
    expect(synthVm().vm.migrate).toBe(true);
  });

  test("sets on_boot and the start order", () => {
    expect(synthVm({ startOrder: 3 }).vm).toMatchObject({ on_boot: true, startup: { order: 3 } });
    expect(synthVm({ onBoot: false }).vm).toMatchObject({ on_boot: false });
  });

  test("keeps the L1 resource reachable as an escape hatch, also as node.defaultChild", () => {
    const stack = proxmoxStack();
    const vm = new ProxmoxVm(stack, "web", baseProps);
    expect(vm.node.defaultChild).toBe(vm.resource);
    vm.resource.addOverride("bios", "ovmf");
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(VirtualEnvironmentVm, { bios: "ovmf" });
  });

  test("grows with addDisk and addNic: next slots, complete network_device entries", () => {
    const stack = proxmoxStack();
    const vm = new ProxmoxVm(stack, "web", { ...baseProps, dataDisks: [{ sizeGiB: 8, datastore: "local-lvm", serial: "ca-data" }] });
    vm.addDisk({ sizeGiB: 50, datastore: "tank", serial: "media-library" });
    vm.addNic({ bridge: "vmbr1", vlan: 30 });
    const [json] = Object.values(JSON.parse(Testing.synth(stack, true)).resource.proxmox_virtual_environment_vm) as Record<string, unknown>[];
    expect(json.disk).toEqual([
      expect.objectContaining({ interface: "scsi0", size: 20 }),
      expect.objectContaining({ interface: "scsi1", size: 8, serial: "ca-data" }),
      expect.objectContaining({ interface: "scsi2", size: 50, datastore_id: "tank", serial: "media-library" }),
    ]);
    expect(json.network_device).toEqual([
      { ...UNSET_NIC_KEYS, bridge: "vmbr0", vlan_id: 20, model: "virtio", firewall: false, mac_address: null },
      { ...UNSET_NIC_KEYS, bridge: "vmbr1", vlan_id: 30, model: "virtio", firewall: false, mac_address: null },
    ]);
  });

  test("writes every network_device key even when the NICs are replaced through the L1 resource", () => {
    const { vm } = synthVm({}, (construct) => construct.resource.putNetworkDevice([{ bridge: "vmbr9", model: "e1000" }]));
    expect(vm.network_device).toEqual([{ ...UNSET_NIC_KEYS, bridge: "vmbr9", model: "e1000", vlan_id: null, firewall: null, mac_address: null }]);
  });

  test.each<[string, Partial<ProxmoxVmProps>, string]>([
    ["a VMID below Proxmox's range", { vmId: 5 }, "vmId: must be at least 100"],
    ["negative memory", { memoryMiB: -1 }, "memoryMiB: must be at least 1"],
    [
      "an address that is not one",
      { ipv4: { address: "not-an-ip", gateway: "10.2.20.1" } },
      "ipv4.address: must be an IPv4 address with prefix length such as 10.2.20.53/24",
    ],
    ["no NIC", { nics: [] }, "nics: must hold at least 1 item"],
    [
      "two disks in one slot",
      { dataDisks: [{ sizeGiB: 1, datastore: "local-lvm", interface: "scsi0" }] },
      "dataDisks[0].interface: scsi0 is taken by another disk",
    ],
    [
      "a serial longer than 20 characters",
      { dataDisks: [{ sizeGiB: 1, datastore: "local-lvm", serial: "a-very-long-disk-serial" }] },
      "dataDisks[0].serial: must be a disk serial",
    ],
    ["a tag Proxmox does not take", { tags: ["Web Server"] }, "tags[0]: must be a Proxmox tag"],
  ])("rejects %s at synth, naming the construct path and the prop", (_, props, message) => {
    const stack = proxmoxStack();
    new ProxmoxVm(stack, "web", { ...baseProps, ...props });
    expect(() => Testing.synth(stack, true)).toThrow(`[test/web] ${message}`);
  });
});
