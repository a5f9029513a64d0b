import { Testing } from "cdktf";
import { VirtualEnvironmentContainer } from "../../.gen/providers/proxmox/virtual-environment-container";
import type { ProxmoxContainerProps } from "../../constructs/proxmox-container";
import { ProxmoxContainer } from "../../constructs/proxmox-container";
import { proxmoxStack } from "../helpers";

const baseProps: ProxmoxContainerProps = {
  name: "tools-1",
  node: "pve1",
  vmId: 1300,
  templateFileId: "local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst",
  memoryMiB: 1024,
  rootDisk: { sizeGiB: 8, datastore: "local-lvm" },
  nics: [{ bridge: "vmbr0", vlan: 20 }],
  ipv4: { address: "10.2.20.30/24", gateway: "10.2.20.1" },
  sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@test"],
};

function synthContainer(
  props: Partial<ProxmoxContainerProps> = {},
  change: (construct: ProxmoxContainer) => void = () => undefined,
): { container: Record<string, any>; construct: ProxmoxContainer } {
  const stack = proxmoxStack();
  const construct = new ProxmoxContainer(stack, "tools", { ...baseProps, ...props });
  change(construct);
  const resources = JSON.parse(Testing.synth(stack, true)).resource.proxmox_virtual_environment_container as Record<string, Record<string, any>>;
  return { container: Object.values(resources)[0], construct };
}

describe("ProxmoxContainer", () => {
  test("creates an unprivileged container without nesting from the template, with its size, root file system, static IP and root's keys", () => {
    const { container } = synthContainer();
    expect(container).toMatchObject({
      node_name: "pve1",
      vm_id: 1300,
      unprivileged: true,
      features: { nesting: false },
      started: true,
      start_on_boot: true,
      operating_system: { template_file_id: "local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst", type: "debian" },
      cpu: { cores: 1 },
      memory: { dedicated: 1024, swap: 512 },
      disk: { datastore_id: "local-lvm", size: 8 },
      network_interface: [{ name: "eth0", bridge: "vmbr0", vlan_id: 20, firewall: false }],
      initialization: {
        hostname: "tools-1",
        ip_config: [{ ipv4: { address: "10.2.20.30/24", gateway: "10.2.20.1" } }],
        user_account: { keys: [baseProps.sshKeys[0]] },
      },
      protection: false,
    });
    expect(container.mount_point).toBeUndefined();
    expect(container.lifecycle).toEqual({ ignore_changes: ["operating_system[0].template_file_id"] });
  });

  test("nests when asked, runs privileged only when told, and passes the distribution, cores, swap and DNS", () => {
    const { container } = synthContainer({
      nesting: true,
      unprivileged: false,
      osType: "alpine",
      cores: 2,
      swapMiB: 0,
      dnsServers: ["10.2.20.53"],
      dnsDomain: "lab.home.arpa",
    });
    expect(container).toMatchObject({
      features: { nesting: true },
      unprivileged: false,
      operating_system: { type: "alpine" },
      cpu: { cores: 2 },
      memory: { swap: 0 },
      initialization: { dns: { servers: ["10.2.20.53"], domain: "lab.home.arpa" } },
    });
  });

  test("mounts volumes at their paths, in the backups unless told otherwise; addMountPoint and addNic grow it", () => {
    const { container } = synthContainer({ mountPoints: [{ path: "/srv/data", sizeGiB: 16, datastore: "local-lvm" }] }, (construct) => {
      construct.addMountPoint({ path: "/srv/cache", sizeGiB: 4, datastore: "local-zfs", backup: false });
      construct.addNic({ bridge: "vmbr1", firewall: true });
    });
    expect(container.mount_point).toEqual([
      { volume: "local-lvm", size: "16G", path: "/srv/data", backup: true },
      { volume: "local-zfs", size: "4G", path: "/srv/cache", backup: false },
    ]);
    expect(container.network_interface).toEqual([
      { name: "eth0", bridge: "vmbr0", vlan_id: 20, firewall: false },
      { name: "eth1", bridge: "vmbr1", firewall: true },
    ]);
  });

  test("is protected and refuses a destroy when asked; a new template never replaces it", () => {
    const { container } = synthContainer({ lifecycle: { protection: true, preventDestroy: true } });
    expect({ protection: container.protection, lifecycle: container.lifecycle }).toEqual({
      protection: true,
      lifecycle: { prevent_destroy: true, ignore_changes: ["operating_system[0].template_file_id"] },
    });
  });

  test("keeps the L1 resource reachable as an escape hatch, also as node.defaultChild", () => {
    const { construct } = synthContainer();
    expect(construct.resource).toBeInstanceOf(VirtualEnvironmentContainer);
    expect(construct.node.defaultChild).toBe(construct.resource);
    expect({ name: construct.containerName, vmId: construct.vmId, ip: construct.ipAddress }).toEqual({ name: "tools-1", vmId: 1300, ip: "10.2.20.30" });
  });

  test.each<[string, Partial<ProxmoxContainerProps>, string]>([
    ["a template that is not a vztmpl volume", { templateFileId: "local:iso/debian.iso" }, "templateFileId: must be a vztmpl volume"],
    ["no NIC", { nics: [] }, "nics: must hold at least 1 item"],
    ["a mount point at /", { mountPoints: [{ path: "/", sizeGiB: 1, datastore: "local-lvm" }] }, "mountPoints[0].path: must be an absolute path"],
    [
      "two mount points at one path",
      {
        mountPoints: [
          { path: "/srv/a", sizeGiB: 1, datastore: "local-lvm" },
          { path: "/srv/a", sizeGiB: 2, datastore: "local-lvm" },
        ],
      },
      "mountPoints[1].path: /srv/a is taken by another mount point",
    ],
    ["a path with ..", { mountPoints: [{ path: "/srv/../etc", sizeGiB: 1, datastore: "local-lvm" }] }, "mountPoints[0].path: must not contain '..'"],
    ["less memory than Proxmox allows", { memoryMiB: 8 }, "memoryMiB: must be at least 16"],
    ["a host name that is not a label", { name: "Tools_1" }, "name: must be an RFC 1123 host label"],
  ])("rejects %s at synth, naming the construct path and the prop", (_, props, message) => {
    const stack = proxmoxStack();
    new ProxmoxContainer(stack, "tools", { ...baseProps, ...props });
    expect(() => Testing.synth(stack, true)).toThrow(`[test/tools] ${message}`);
  });
});
