// vzdump jobs of cluster/backup, and what a token may do: its ACL, PVE's permission checks on
// every call (403), GET access/permissions, and the release the cluster answers as.
import { PveClient } from "../../simulator/client";
import type { Simulator } from "../../simulator/server";
import { startSimulator } from "../../simulator/server";

let simulator: Simulator;
let admin: PveClient;
let auditor: PveClient;

beforeAll(async () => {
  simulator = await startSimulator({
    seed: {
      nodes: [{ name: "pve1", bridges: ["vmbr0"] }],
      storages: [
        { id: "local-lvm", type: "lvmthin", content: ["images", "rootdir"] },
        { id: "local", type: "dir", content: ["vztmpl", "backup"] },
      ],
      guests: [{ vmid: 2001, name: "ca-1", node: "pve1", type: "qemu" }],
      version: "8.4.1",
      tokens: [
        { id: "root@pam!sim", acl: [{ path: "/", privileges: "all" }] },
        {
          id: "auditor@pve!ro",
          acl: [
            { path: "/", privileges: ["Sys.Audit"], propagate: false },
            { path: "/vms", privileges: ["VM.Audit"] },
            { path: "/vms/2001", privileges: ["VM.Audit", "VM.PowerMgmt"], propagate: false },
          ],
        },
      ],
    },
  });
  admin = new PveClient(simulator.endpoint, simulator.apiToken, simulator.certFile);
  auditor = new PveClient(simulator.endpoint, simulator.apiTokens.get("auditor@pve!ro") as string, simulator.certFile);
});

afterAll(async () => {
  await simulator?.close();
});

describe("cluster/backup", () => {
  test("a job is created enabled, read back typed with its retention as an object, updated, and deleted", async () => {
    const job = {
      id: "homelab-lab",
      schedule: "02:30",
      storage: "local",
      vmid: "2001",
      mode: "snapshot",
      "prune-backups": "keep-daily=7,keep-weekly=4",
      mailnotification: "failure",
    };
    expect(await admin.ok("POST", "/cluster/backup", job)).toBeNull();
    expect(await admin.ok("GET", "/cluster/backup/homelab-lab")).toEqual({
      id: "homelab-lab",
      type: "vzdump",
      enabled: 1,
      schedule: "02:30",
      storage: "local",
      vmid: "2001",
      mode: "snapshot",
      "prune-backups": { "keep-daily": 7, "keep-weekly": 4 },
      mailnotification: "failure",
    });
    expect(await admin.call("POST", "/cluster/backup", job)).toMatchObject({ status: 500, reason: "Job 'homelab-lab' already exists" });
    expect(await admin.ok("PUT", "/cluster/backup/homelab-lab", { schedule: "sun 01:00", delete: "mailnotification" })).toBeNull();
    expect(await admin.ok("GET", "/cluster/backup")).toEqual([expect.objectContaining({ id: "homelab-lab", schedule: "sun 01:00" })]);
    expect((await admin.ok("GET", "/cluster/backup/homelab-lab")) as object).not.toHaveProperty("mailnotification");
    await admin.ok("DELETE", "/cluster/backup/homelab-lab");
    expect(await admin.call("GET", "/cluster/backup/homelab-lab")).toMatchObject({ status: 500, reason: "Job 'homelab-lab' does not exist" });
  });

  test("a job names its guests one way only, and a storage that exists", async () => {
    expect(await admin.call("POST", "/cluster/backup", { id: "both", schedule: "02:30", storage: "local", vmid: "2001", all: 1 })).toMatchObject({
      status: 400,
      errors: { vmid: "option conflicts with option 'all'" },
    });
    expect(await admin.call("POST", "/cluster/backup", { id: "nowhere", schedule: "02:30", storage: "nas", vmid: "2001" })).toMatchObject({
      status: 500,
      reason: "storage 'nas' does not exist",
    });
  });
});

describe("tokens and permissions", () => {
  test("the cluster answers as the release it was seeded with", async () => {
    expect(await admin.ok("GET", "/version")).toMatchObject({ version: "8.4.1", release: "8.4" });
  });

  test("a call the token's ACL does not allow is refused with PVE's 403, before anything happens", async () => {
    expect(await auditor.call("POST", "/cluster/backup", { id: "xy", schedule: "02:30", storage: "local", vmid: "2001" })).toMatchObject({
      status: 403,
      reason: "Permission check failed (/, Sys.Modify)",
    });
    expect(simulator.cluster.backupJobs.has("xy")).toBe(false);
    expect(await auditor.call("POST", "/nodes/pve1/lxc", { vmid: 2002, ostemplate: "local:vztmpl/x.tar.zst", rootfs: "local-lvm:8" })).toMatchObject({
      status: 403,
      reason: "Permission check failed (/vms/2002, VM.Allocate)",
    });
    expect(await auditor.call("GET", "/nodes/pve1/qemu/2001/config")).toMatchObject({ status: 200 });
    expect(await auditor.call("POST", "/nodes/pve1/qemu/2001/migrate", { target: "pve1" })).toMatchObject({
      status: 403,
      reason: "Permission check failed (/vms/2001, VM.Migrate)",
    });
  });

  test("GET access/permissions answers what the token may do on a path: a deeper entry overrides, a non-propagating one stays where it is", async () => {
    expect(await auditor.ok("GET", "/access/permissions", { path: "/" })).toEqual({ "/": { "Sys.Audit": 0 } });
    expect(await auditor.ok("GET", "/access/permissions", { path: "/nodes/pve1" })).toEqual({ "/nodes/pve1": {} });
    expect(await auditor.ok("GET", "/access/permissions", { path: "/vms/2001" })).toEqual({ "/vms/2001": { "VM.Audit": 0, "VM.PowerMgmt": 0 } });
    expect(await auditor.ok("GET", "/access/permissions", { path: "/vms/2002" })).toEqual({ "/vms/2002": { "VM.Audit": 1 } });
    expect(await auditor.ok("GET", "/access/permissions")).toEqual({
      "/": { "Sys.Audit": 0 },
      "/vms": { "VM.Audit": 1 },
      "/vms/2001": { "VM.Audit": 0, "VM.PowerMgmt": 0 },
    });
  });

  test("an unknown token is refused", async () => {
    const stranger = new PveClient(simulator.endpoint, "auditor@pve!ro=not-the-secret", simulator.certFile);
    expect(await stranger.call("GET", "/version")).toMatchObject({ status: 401, reason: "invalid token value!" });
  });
});
