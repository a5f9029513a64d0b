import * as fs from "fs";
import { PveClient } from "../../simulator/client";
import type { ImageServer } from "../../simulator/harness/image-server";
import { SERVED_IMAGE_VIRTUAL_BYTES, startImageServer } from "../../simulator/harness/image-server";
import { loadApiSchema } from "../../simulator/schema/api-schema";
import type { Simulator } from "../../simulator/server";
import { startSimulator } from "../../simulator/server";
import { GIB } from "../../simulator/state/cluster";

let simulator: Simulator;
let images: ImageServer;
let api: PveClient;

beforeAll(async () => {
  images = await startImageServer();
  simulator = await startSimulator({
    seed: {
      nodes: [
        { name: "pve1", bridges: ["vmbr0"] },
        { name: "pve2", bridges: ["vmbr0"] },
      ],
      storages: [
        { id: "local-lvm", type: "lvmthin", content: ["images", "rootdir"] },
        { id: "local", type: "dir", content: ["iso", "import", "snippets"] },
      ],
      templates: [{ vmid: 2901, name: "tmpl-debian-12-v1", node: "pve1", storage: "local-lvm", diskGiB: 8, bridge: "vmbr0" }],
    },
    // long enough that a task is still running two HTTPS calls after it started, on a loaded machine
    taskDurationMs: 100,
    resolveUrl: (url) => new URL(new URL(url).pathname, images.origin),
  });
  api = new PveClient(simulator.endpoint, simulator.apiToken, simulator.certFile);
});

afterAll(async () => {
  await simulator?.close();
  await images?.close();
});

/** Clones the template to `newid` and waits for the task. */
async function cloneTemplate(newid: number, extra: Record<string, string | number> = {}): Promise<void> {
  await api.task("pve1", "POST", "/nodes/pve1/qemu/2901/clone", { newid, name: `vm-${newid}`, full: 1, ...extra });
}

describe("what the simulator implements", () => {
  test("every handler is for a method and path of the API schema (a typo would make it unreachable)", () => {
    const paths = loadApiSchema().paths as Record<string, Record<string, unknown>>;
    expect(simulator.implemented.length).toBeGreaterThan(30);
    expect(
      simulator.implemented.filter((entry) => {
        const [method, template] = entry.split(" ");
        return paths[template]?.[method] === undefined;
      }),
    ).toEqual([]);
  });
});

describe("authentication", () => {
  test("a missing or wrong API token is refused with 401", async () => {
    expect(await api.call("GET", "/version", {}, "")).toMatchObject({ status: 401, reason: "No ticket" });
    expect(await api.call("GET", "/version", {}, "PVEAPIToken=root@pam!sim=wrong")).toMatchObject({ status: 401 });
    expect(await api.ok("GET", "/version")).toMatchObject({ version: "9.1.3", release: "9.1" });
  });
});

describe("answers for what the simulator will not do", () => {
  test("a request the schema rejects gets 400 with PVE's per-parameter error body", async () => {
    await cloneTemplate(3000);
    const answer = await api.call("PUT", "/nodes/pve1/qemu/3000/config", { net0: "virtio,bridge=vmbr0,tag=5000", cores: "x" });
    expect({ status: answer.status, reason: answer.reason }).toEqual({ status: 400, reason: "Parameter verification failed." });
    expect(JSON.parse(answer.body)).toEqual({
      errors: { net0: "invalid format - format error\nnet0.tag: value must have a maximum value of 4094", cores: "type check ('integer') failed - got 'x'" },
      data: null,
    });
  });

  test("paths outside the API answer 501 naming the path; schema paths the simulator lacks name the template", async () => {
    expect(await api.call("GET", "/nodes/pve1/frobnicate")).toMatchObject({
      status: 501,
      reason: "Method 'GET /api2/json/nodes/pve1/frobnicate' not implemented",
    });
    expect(await api.call("GET", "/cluster/ha/resources")).toMatchObject({ status: 501, reason: "simulator: GET /cluster/ha/resources is not implemented" });
  });
});

describe("VM state as PVE keeps it", () => {
  test("a clone exists at once, locked, until its task ends; then it has its own disks and MAC", async () => {
    const upid = String(await api.ok("POST", "/nodes/pve1/qemu/2901/clone", { newid: 3001, name: "web", full: 1 }));
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:2901:root@pam!sim:$/);
    expect(await api.ok("GET", "/nodes/pve1/qemu/3001/status/current")).toMatchObject({ lock: "clone", status: "stopped" });
    expect(await api.ok("GET", `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)).toMatchObject({ status: "running" });
    expect(await api.waitForTask("pve1", upid)).toBe("OK");
    const config = (await api.ok("GET", "/nodes/pve1/qemu/3001/config")) as Record<string, string | number>;
    expect(config).toMatchObject({
      name: "web",
      scsi0: "local-lvm:vm-3001-disk-0,discard=on,iothread=1,size=8G,ssd=1",
      ide2: "local-lvm:vm-3001-cloudinit,media=cdrom",
      cores: 2,
    });
    expect(config.lock).toBeUndefined();
    expect(config.net0).not.toBe(simulator.cluster.vms.get(2901)?.config.net0);
    expect(await api.call("POST", "/nodes/pve1/qemu/2901/clone", { newid: 3001 })).toMatchObject({
      status: 500,
      reason: "unable to create VM 3001: config file already exists",
    });
  });

  test("a VM on another node is not there: PVE's 'does not exist'", async () => {
    expect(await api.call("GET", "/nodes/pve2/qemu/2901/config")).toMatchObject({
      status: 500,
      reason: "Configuration file 'nodes/pve2/qemu-server/2901.conf' does not exist",
    });
    expect(await api.call("POST", "/nodes/pve1/qemu/2901/clone", { newid: 3002, target: "pve2" })).toMatchObject({
      status: 500,
      reason: "Can't clone to non-shared storage 'local-lvm'",
    });
  });

  test("disks grow but never shrink", async () => {
    await api.task("pve1", "PUT", "/nodes/pve1/qemu/3001/resize", { disk: "scsi0", size: "+8G" });
    expect(simulator.cluster.volume("local-lvm:vm-3001-disk-0", "pve1")?.sizeBytes).toBe(16 * GIB);
    expect(simulator.cluster.vms.get(3001)?.config.scsi0).toContain("size=16G");
    expect(await api.call("PUT", "/nodes/pve1/qemu/3001/resize", { disk: "scsi0", size: "12G" })).toMatchObject({
      status: 500,
      reason: "shrinking disks is not supported",
    });
  });

  test("protection refuses the delete; unprotected, the delete task removes the VM and its volumes", async () => {
    expect(await api.ok("PUT", "/nodes/pve1/qemu/3001/config", { protection: 1 })).toBeNull();
    expect(await api.call("DELETE", "/nodes/pve1/qemu/3001", { purge: 1 })).toMatchObject({
      status: 500,
      reason: "can't remove VM 3001 - protection mode enabled",
    });
    await api.ok("PUT", "/nodes/pve1/qemu/3001/config", { delete: "protection" });
    await api.task("pve1", "DELETE", "/nodes/pve1/qemu/3001", { purge: 1, "destroy-unreferenced-disks": 1 });
    expect(await api.call("GET", "/nodes/pve1/qemu/3001/status/current")).toMatchObject({
      status: 500,
      reason: "Configuration file 'nodes/pve1/qemu-server/3001.conf' does not exist",
    });
    expect(
      simulator.cluster
        .storage("local-lvm")
        .allVolumes()
        .filter((volume) => volume.vmid === 3001),
    ).toEqual([]);
  });

  test("a detached disk becomes unused0; a start checks the NIC's bridge and ends in the task's error", async () => {
    await api.ok("PUT", "/nodes/pve1/qemu/3000/config", { scsi1: "local-lvm:4" });
    await api.ok("PUT", "/nodes/pve1/qemu/3000/config", { delete: "scsi1" });
    expect(simulator.cluster.vms.get(3000)?.config.unused0).toBe("local-lvm:vm-3000-disk-1");
    await api.ok("PUT", "/nodes/pve1/qemu/3000/config", { net0: "virtio,bridge=vmbr9" });
    const upid = String(await api.ok("POST", "/nodes/pve1/qemu/3000/status/start"));
    expect(await api.waitForTask("pve1", upid)).toBe("bridge 'vmbr9' does not exist");
    expect(await api.ok("GET", `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).toEqual([{ n: 1, t: "TASK ERROR: bridge 'vmbr9' does not exist" }]);
  });

  test("an offline migration moves the VM and its local disks to the target node", async () => {
    await cloneTemplate(3003);
    await api.task("pve1", "POST", "/nodes/pve1/qemu/3003/migrate", { target: "pve2", "with-local-disks": 1 });
    expect(simulator.cluster.vms.get(3003)?.node).toBe("pve2");
    expect(simulator.cluster.volume("local-lvm:vm-3003-disk-0", "pve2")).toBeDefined();
    expect(simulator.cluster.volume("local-lvm:vm-3003-disk-0", "pve1")).toBeUndefined();
    expect(await api.ok("GET", "/cluster/resources", { type: "vm" })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "qemu/3003", node: "pve2", maxdisk: 8 * GIB + 4 * 1024 ** 2 })]),
    );
  });
});

describe("downloads", () => {
  test("query-url-metadata and download-url fetch from the loopback image server; an existing file is not overwritten", async () => {
    const url = "https://cloud.example/images/debian-12.qcow2";
    expect(await api.ok("GET", "/nodes/pve1/query-url-metadata", { url })).toEqual({
      filename: "debian-12.qcow2",
      mimetype: "application/octet-stream",
      size: 65536,
    });
    await api.task("pve1", "POST", "/nodes/pve1/storage/local/download-url", { content: "import", filename: "debian-12.qcow2", url });
    const content = (await api.ok("GET", "/nodes/pve1/storage/local/content", { content: "import" })) as { volid: string; size: number }[];
    expect(content).toEqual([expect.objectContaining({ volid: "local:import/debian-12.qcow2", size: 65536, format: "qcow2" })]);
    expect(fs.readFileSync(simulator.cluster.file("local:import/debian-12.qcow2", "pve1")?.file ?? "")).toEqual(images.imageFor("/images/debian-12.qcow2"));
    expect(await api.ok("GET", "/nodes/pve2/storage/local/content", { content: "import" })).toEqual([]);
    expect(await api.call("POST", "/nodes/pve1/storage/local/download-url", { content: "import", filename: "debian-12.qcow2", url })).toMatchObject({
      status: 500,
      reason: expect.stringMatching(/^refusing to override existing file/),
    });
    await api.task("pve1", "POST", "/nodes/pve1/qemu", { vmid: 3010, scsi0: "local-lvm:0,import-from=local:import/debian-12.qcow2" });
    expect(simulator.cluster.volume("local-lvm:vm-3010-disk-0", "pve1")?.sizeBytes).toBe(SERVED_IMAGE_VIRTUAL_BYTES);
  });
});

describe("fault injection and the request log", () => {
  test("a call fails with 500 the chosen number of times, then works", async () => {
    simulator.faults.add({ method: "GET", path: "/nodes/{node}/qemu/{vmid}/config", effect: { kind: "http", status: 500, message: "got timeout" }, times: 2 });
    expect((await api.call("GET", "/nodes/pve1/qemu/2901/config")).reason).toBe("got timeout");
    expect((await api.call("GET", "/nodes/pve1/qemu/2901/config")).reason).toBe("got timeout");
    expect((await api.call("GET", "/nodes/pve1/qemu/2901/config")).status).toBe(200);
    expect(simulator.faults.remaining()).toBe(0);
  });

  test("a task made to fail undoes its call: a failed clone leaves no VM and no volume behind", async () => {
    simulator.faults.add({ method: "POST", path: "/nodes/pve1/qemu/2901/clone", effect: { kind: "task-error", message: "clone failed: out of space" } });
    const upid = String(await api.ok("POST", "/nodes/pve1/qemu/2901/clone", { newid: 3020, full: 1 }));
    expect(await api.waitForTask("pve1", upid)).toBe("clone failed: out of space");
    expect(simulator.cluster.vms.has(3020)).toBe(false);
    expect(
      simulator.cluster
        .storage("local-lvm")
        .allVolumes()
        .filter((volume) => volume.vmid === 3020),
    ).toEqual([]);
  });

  test("a dropped connection, as a timeout looks to the client", async () => {
    simulator.faults.add({ method: "GET", path: "/version", effect: { kind: "hang", ms: 10 } });
    await expect(api.call("GET", "/version")).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  test("every call is logged with method, path and parameters, never the token", async () => {
    const mark = simulator.log.mark();
    await api.call("PUT", "/nodes/pve1/qemu/3000/config", { description: "logged" });
    expect(simulator.log.since(mark)).toEqual([
      expect.objectContaining({
        method: "PUT",
        path: "/nodes/pve1/qemu/3000/config",
        template: "/nodes/{node}/qemu/{vmid}/config",
        params: { description: "logged" },
        status: 200,
      }),
    ]);
    expect(JSON.stringify(simulator.log.all())).not.toContain(simulator.apiToken.split("=")[1]);
  });
});
