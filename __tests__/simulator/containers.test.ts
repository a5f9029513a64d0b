// LXC containers in the simulator, through its API as the provider sees it: created from a vztmpl
// volume, configured, started, stopped, resized, refused a destroy while protected, deleted.
import * as fs from "fs";
import { PveClient } from "../../simulator/client";
import type { Simulator } from "../../simulator/server";
import { startSimulator } from "../../simulator/server";

let simulator: Simulator;
let api: PveClient;
const TEMPLATE = "local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@test";

/** What the provider sends to create a container. */
const create = (vmid: number, extra: Record<string, string | number> = {}) => ({
  vmid,
  ostemplate: TEMPLATE,
  hostname: `ct-${vmid}`,
  cores: 2,
  memory: 1024,
  swap: 512,
  rootfs: "volume=local-lvm:8",
  mp0: "backup=1,mp=/srv/data,volume=local-lvm:4",
  net0: "bridge=vmbr0,ip=10.9.0.110/24,gw=10.9.0.1,name=eth0,tag=20",
  unprivileged: 1,
  features: "nesting=1",
  "ssh-public-keys": KEY,
  description: "tools",
  start: 1,
  ...extra,
});

beforeAll(async () => {
  simulator = await startSimulator({
    seed: {
      nodes: [{ name: "pve1", bridges: ["vmbr0"] }],
      storages: [
        { id: "local-lvm", type: "lvmthin", content: ["images", "rootdir"] },
        { id: "local", type: "dir", content: ["vztmpl", "backup"] },
      ],
      guests: [{ vmid: 900, name: "someone-else", node: "pve1", type: "lxc" }],
    },
  });
  fs.writeFileSync(simulator.cluster.storage("local").filePath("vztmpl", "debian-12-standard_12.12-1_amd64.tar.zst", "pve1"), "template");
  api = new PveClient(simulator.endpoint, simulator.apiToken, simulator.certFile);
});

afterAll(async () => {
  await simulator?.close();
});

describe("LXC containers as pve-container keeps them", () => {
  test("a container is created from the template: volumes allocated root file system first, MAC and veth added, root's keys written, started", async () => {
    await api.task("pve1", "POST", "/nodes/pve1/lxc", create(300));
    const config = (await api.ok("GET", "/nodes/pve1/lxc/300/config")) as Record<string, string | number>;
    expect(config).toMatchObject({
      arch: "amd64",
      hostname: "ct-300",
      cores: 2,
      memory: 1024,
      unprivileged: 1,
      features: "nesting=1",
      description: "tools\n",
      rootfs: "local-lvm:vm-300-disk-0,size=8G",
      mp0: "local-lvm:vm-300-disk-1,backup=1,mp=/srv/data,size=4G",
      net0: expect.stringMatching(/^bridge=vmbr0,gw=10\.9\.0\.1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=10\.9\.0\.110\/24,name=eth0,tag=20,type=veth$/),
    });
    expect(config).not.toHaveProperty("ostemplate");
    expect(config).not.toHaveProperty("ssh-public-keys");
    expect(simulator.cluster.containers.get(300)?.rootAuthorizedKeys).toBe(`${KEY}\n`);
    expect(await api.ok("GET", "/nodes/pve1/lxc/300/status/current")).toMatchObject({ status: "running", name: "ct-300", type: "lxc", maxdisk: 8 * 1024 ** 3 });
    expect(await api.ok("GET", "/nodes/pve1/lxc/300/interfaces")).toEqual([
      expect.objectContaining({ name: "lo" }),
      expect.objectContaining({ name: "eth0", inet: "10.9.0.110/24", "ip-addresses": [{ "ip-address": "10.9.0.110", prefix: 24, "ip-address-type": "inet" }] }),
    ]);
  });

  test("cluster resources list containers beside VMs, as lxc/<vmid>", async () => {
    const guests = (await api.ok("GET", "/cluster/resources", { type: "vm" })) as { id: string; type: string; name: string }[];
    expect(guests.map((guest) => [guest.id, guest.type, guest.name])).toEqual([
      ["lxc/300", "lxc", "ct-300"],
      ["lxc/900", "lxc", "someone-else"],
    ]);
  });

  test("a VMID taken by a VM or a container is refused; a template that is not a vztmpl volume is refused", async () => {
    expect(await api.call("POST", "/nodes/pve1/lxc", create(900))).toMatchObject({ status: 500, reason: "CT 900 already exists on node 'pve1'" });
    expect(await api.call("POST", "/nodes/pve1/lxc", create(301, { ostemplate: "local:vztmpl/missing.tar.zst" }))).toMatchObject({
      status: 500,
      reason: "volume 'local:vztmpl/missing.tar.zst' does not exist",
    });
    expect(simulator.cluster.containers.has(301)).toBe(false);
  });

  test("a token may turn on nesting of an unprivileged container, but no other feature flag, and none of a privileged one", async () => {
    expect(await api.call("POST", "/nodes/pve1/lxc", create(302, { features: "keyctl=1" }))).toMatchObject({
      status: 403,
      reason: "Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)",
    });
    expect(await api.call("POST", "/nodes/pve1/lxc", create(302, { unprivileged: 0 }))).toMatchObject({
      status: 403,
      reason: "Permission check failed (changing feature flags for privileged container is only allowed for root@pam)",
    });
  });

  test("a running container takes config changes; its volumes grow but never shrink", async () => {
    expect(await api.ok("PUT", "/nodes/pve1/lxc/300/config", { cores: 4, memory: 2048 })).toBeNull();
    expect(simulator.cluster.containers.get(300)?.config).toMatchObject({ cores: "4", memory: "2048" });
    await api.task("pve1", "PUT", "/nodes/pve1/lxc/300/resize", { disk: "rootfs", size: "16G" });
    expect(simulator.cluster.containers.get(300)?.config.rootfs).toBe("local-lvm:vm-300-disk-0,size=16G");
    expect(await api.call("PUT", "/nodes/pve1/lxc/300/resize", { disk: "mp0", size: "2G" })).toMatchObject({
      status: 500,
      reason: "unable to shrink disk size",
    });
    expect(await api.call("PUT", "/nodes/pve1/lxc/300/config", { unprivileged: 0 })).toMatchObject({
      status: 500,
      reason: "unable to modify read-only option: 'unprivileged'",
    });
  });

  test("a protected container refuses a destroy; a running one too; stopped and unprotected it goes with the volumes its config names", async () => {
    await api.ok("PUT", "/nodes/pve1/lxc/300/config", { protection: 1 });
    expect(await api.call("DELETE", "/nodes/pve1/lxc/300")).toMatchObject({ status: 500, reason: "can't remove CT 300 - protection mode enabled" });
    await api.ok("PUT", "/nodes/pve1/lxc/300/config", { protection: 0 });
    expect(await api.call("DELETE", "/nodes/pve1/lxc/300")).toMatchObject({ status: 500, reason: "CT 300 is running - destroy failed" });
    await api.task("pve1", "POST", "/nodes/pve1/lxc/300/status/shutdown", { forceStop: 1, timeout: 30 });
    expect(await api.ok("GET", "/nodes/pve1/lxc/300/status/current")).toMatchObject({ status: "stopped" });
    const detached = simulator.cluster.storage("local-lvm").allocate(300, "pve1", 1024 ** 3);
    await api.task("pve1", "DELETE", "/nodes/pve1/lxc/300");
    expect(await api.call("GET", "/nodes/pve1/lxc/300/status/current")).toMatchObject({
      status: 500,
      reason: "Configuration file 'nodes/pve1/lxc/300.conf' does not exist",
    });
    // the volumes its config named are gone; one it does not name stays (no destroy-unreferenced-disks)
    expect(
      simulator.cluster
        .storage("local-lvm")
        .allVolumes()
        .filter((volume) => volume.vmid === 300),
    ).toEqual([detached]);
  });
});
