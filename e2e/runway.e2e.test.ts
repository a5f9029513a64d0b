// The runway of an environment, deployed with the real cdktf-cli, Terraform and bpg/proxmox against
// the simulator by a token that holds exactly the privileges `npm run preflight` derives (no more):
// a container persona on the second node, a stateful VM, the backup job of both; the preflight
// passes before, and names what a token lacks when a privilege is taken away; container edits.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { loadEnvironments } from "../environment/load/load-environments";
import type { EnvironmentModel } from "../environment/model";
import { stockPersonaCatalog } from "../personas/catalog";
import { privilegeNeeds } from "../preflight/provider-calls";
import { runPreflight } from "../preflight/preflight";
import { readOnlyApi } from "../preflight/read-only-api";
import { formatResult } from "../preflight/result";
import { Rehearsal } from "../rehearsal/rehearsal";
import { errorMessages } from "../rehearsal/terraform-output";
import type { SeedAclEntry, SeedToken } from "../simulator/seed";
import { parseContainerValue } from "../simulator/state/lxc-config";
import { callsTo, editEnvironment, expectNoRejectedRequests, expectStepOk, PROJECT_ROOT } from "./helpers";

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@homelab";

/** A two-node environment: a VM, a stateful VM, and a stateful container on the second node. */
const ENVIRONMENT = {
  proxmox: { endpoint: "https://pve1.runway.test:8006/", insecure: true, sshUser: "terraform", nodes: [{ name: "pve1" }, { name: "pve2" }] },
  network: { cidr: "10.7.0.0/24", gateway: "10.7.0.1", dnsServers: ["10.7.0.53"], domain: "runway.home.arpa", vlan: 70 },
  vmids: { start: 7000, end: 7099 },
  templates: {
    "debian-12": {
      name: "tmpl-debian-12-v1",
      vmid: 7090,
      image: { url: "https://cloud.debian.org/images/cloud/bookworm/20250428-2096/debian-12-genericcloud-amd64-20250428-2096.qcow2" },
    },
  },
  containerTemplates: { "debian-12": { url: "http://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst" } },
  access: { user: "ops", sshKeys: [SSH_KEY] },
  machines: [
    { name: "rw-dns-1", persona: "networking", ip: "10.7.0.53" },
    { name: "rw-ca-1", persona: "certificate-authority", ip: "10.7.0.54" },
    { name: "rw-tools-1", persona: "tools-host", ip: "10.7.0.110", node: "pve2" },
  ],
  backups: { schedule: "sun 01:00", keep: { daily: 3, weekly: 2, monthly: 1 }, notify: "always" },
};

const PROVIDER_TOKEN = "terraform@pve!homelab";

/** The ACL of a token that holds exactly what the preflight asks for: on each path its privileges, not propagated (but VM.Audit on /vms, to see every guest). */
function preflightAcl(model: EnvironmentModel, without: readonly string[] = []): SeedAclEntry[] {
  return [...privilegeNeeds(model)].map(([aclPath, needs]) => ({
    path: aclPath,
    privileges: [...new Set(needs.flatMap((need) => (need.any ? need.privileges.slice(0, 1) : need.privileges)))].filter(
      (privilege) => !without.includes(privilege),
    ),
    propagate: aclPath === "/vms",
  }));
}

let dir: string;
let model: EnvironmentModel;
let rehearsal: Rehearsal;

/** The provider's token as it is now in the simulator. */
const providerToken = (): SeedToken => rehearsal.simulation.simulator.cluster.tokens.get(PROVIDER_TOKEN) as SeedToken;

/** Runs the preflight in-process against the rehearsal's simulator, as the provider's token. */
async function preflightLines(): Promise<string[]> {
  const { simulator } = rehearsal.simulation;
  const connection = { endpoint: simulator.endpoint, apiToken: simulator.apiTokens.get(PROVIDER_TOKEN) as string, certFile: simulator.certFile };
  const results = await runPreflight({ ...model, proxmox: { ...model.proxmox, endpoint: simulator.endpoint } }, readOnlyApi(connection), PROVIDER_TOKEN);
  return results.map(formatResult);
}

/** Runs `npm run preflight -- <args>` to its end (at most a minute): exit code and output. */
function preflightCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "preflight", "cli.ts"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The scratch environment file pointed at the simulator, for the CLI (which reads endpoint and token like a user's run). */
function environmentFileForCli(): string {
  const file = path.join(dir, "cli", "runway.yaml");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    yaml.dump({ ...ENVIRONMENT, proxmox: { ...ENVIRONMENT.proxmox, endpoint: rehearsal.simulation.simulator.endpoint, insecure: false } }),
  );
  return file;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-runway-"));
  const environmentFile = path.join(dir, "runway.yaml");
  fs.writeFileSync(environmentFile, yaml.dump(ENVIRONMENT));
  [model] = loadEnvironments([{ file: "runway.yaml", text: fs.readFileSync(environmentFile, "utf8") }], stockPersonaCatalog);
  rehearsal = await Rehearsal.open({
    projectRoot: PROJECT_ROOT,
    environmentFile,
    // the Packer stand-in builds with the first (administrator) token; the provider deploys with the preflight's
    changeSeed: (seed) => ({
      ...seed,
      tokens: [
        { id: "root@pam!packer", acl: [{ path: "/", privileges: "all" }] },
        { id: PROVIDER_TOKEN, acl: preflightAcl(model) },
      ],
    }),
    providerTokenId: PROVIDER_TOKEN,
  });
});

afterAll(async () => {
  await rehearsal?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a deploy by a token holding exactly the privileges the preflight derives", () => {
  test("the preflight passes before the first deploy, in-process and as npm run preflight", async () => {
    expect((await preflightLines()).filter((line) => line.startsWith("FAIL"))).toEqual([]);
    const cli = await preflightCli([environmentFileForCli()], {
      PROXMOX_VE_API_TOKEN: rehearsal.simulation.simulator.apiTokens.get(PROVIDER_TOKEN),
      SSL_CERT_FILE: rehearsal.simulation.simulator.certFile,
    });
    expect({ code: cli.code, last: cli.output.trim().split("\n").pop() }).toEqual({
      code: 0,
      last: expect.stringMatching(/^\d+ checks ok: ready for cdktf deploy runway-images and runway$/),
    });
  });

  test("cdktf deploy of both stacks succeeds with no call refused, and plans empty afterwards", async () => {
    expectStepOk(await rehearsal.deploy("runway-images"));
    await rehearsal.buildTemplates();
    expectStepOk(await rehearsal.deploy("runway"));
    for (const stack of ["runway", "runway-images"]) {
      const plan = await rehearsal.diff(stack);
      expectStepOk(plan);
      expect({ stack, empty: plan.empty }).toEqual({ stack, empty: true });
    }
  });

  test("the container runs on pve2 from the LXC template the images stack downloaded there", () => {
    const { cluster } = rehearsal.simulation.simulator;
    const container = cluster.containers.get(7002);
    expect({ node: container?.node, running: container?.running, hostname: container?.config.hostname, unprivileged: container?.config.unprivileged }).toEqual({
      node: "pve2",
      running: true,
      hostname: "rw-tools-1",
      unprivileged: "1",
    });
    expect(
      cluster
        .storage("local")
        .list("pve2", "vztmpl")
        .map((entry) => entry.volid),
    ).toEqual(["local:vztmpl/runway-debian-12-standard_12.12-1_amd64.tar.zst"]);
    expect(cluster.storage("local").list("pve1", "vztmpl")).toEqual([]);
  });

  test("the backup job covers the stateful VM and the container with the schedule, retention and notification of the file", () => {
    expect(rehearsal.simulation.simulator.cluster.backupJobs.get("homelab-runway")?.config).toMatchObject({
      schedule: "sun 01:00",
      vmid: "7001,7002",
      storage: "local",
      mode: "snapshot",
      "prune-backups": "keep-daily=3,keep-monthly=1,keep-weekly=2",
      mailnotification: "always",
    });
  });
});

describe("edits of the deployed container", () => {
  test("a size change updates it in place and grows its root file system, then plans empty", async () => {
    const { cluster } = rehearsal.simulation.simulator;
    const before = cluster.containers.get(7002);
    editEnvironment(rehearsal, (document) => {
      const tools = document.machines.find((machine) => machine.name === "rw-tools-1");
      if (tools) tools.size = "large";
    });
    const deploy = await rehearsal.deploy("runway");
    expectStepOk(deploy);
    expect(deploy.changes.filter((change) => change.address.startsWith("proxmox_")).map((change) => [change.address, change.action])).toEqual([
      ["proxmox_virtual_environment_container.rw-tools-1", "modified"],
    ]);
    expect(callsTo(deploy.requests, "POST", "/nodes/{node}/lxc")).toEqual([]);
    expect(callsTo(deploy.requests, "DELETE", "/nodes/{node}/lxc/{vmid}")).toEqual([]);
    expect(callsTo(deploy.requests, "PUT", "/nodes/{node}/lxc/{vmid}/resize").map((call) => call.params)).toEqual([{ disk: "rootfs", size: "64G" }]);
    const after = cluster.containers.get(7002);
    expect(after).toBe(before);
    expect({ cores: after?.config.cores, memory: after?.config.memory, running: after?.running }).toEqual({ cores: "4", memory: "8192", running: true });
    expect(parseContainerValue("rootfs", after?.config.rootfs ?? "")).toMatchObject({ size: "64G" });
    const plan = await rehearsal.diff("runway");
    expectStepOk(plan);
    expect(plan.empty).toBe(true);
  });

  test("a new LXC template version is downloaded by the images stack and leaves the running container alone", async () => {
    const { cluster } = rehearsal.simulation.simulator;
    const before = cluster.containers.get(7002);
    editEnvironment(rehearsal, (document) => {
      (document.containerTemplates as Record<string, { url: string }>)["debian-12"].url =
        "http://download.proxmox.com/images/system/debian-12-standard_12.13-1_amd64.tar.zst";
    });
    expectStepOk(await rehearsal.deploy("runway-images"));
    expect(
      cluster
        .storage("local")
        .list("pve2", "vztmpl")
        .map((entry) => entry.volid),
    ).toEqual(["local:vztmpl/runway-debian-12-standard_12.13-1_amd64.tar.zst"]);
    const plan = await rehearsal.diff("runway");
    expectStepOk(plan);
    expect(plan.empty).toBe(true);
    expect(cluster.containers.get(7002)).toBe(before);
  });

  test("moving the stateful container to another node is refused by prevent_destroy before anything is touched", async () => {
    const { cluster } = rehearsal.simulation.simulator;
    const before = JSON.stringify(cluster.containers.get(7002));
    editEnvironment(rehearsal, (document) => {
      const tools = document.machines.find((machine) => machine.name === "rw-tools-1");
      if (tools) tools.node = "pve1";
    });
    const deploy = await rehearsal.deploy("runway");
    expectNoRejectedRequests(deploy);
    expect(deploy.ok).toBe(false);
    expect(deploy.requests.filter((call) => call.method !== "GET")).toEqual([]);
    const plan = await rehearsal.terraform("runway", ["plan"]);
    expect(errorMessages(plan.run?.output ?? "").some((message) => /^Instance cannot be destroyed .*lifecycle\.prevent_destroy/.test(message))).toBe(true);
    expect(JSON.stringify(cluster.containers.get(7002))).toBe(before);
    editEnvironment(rehearsal, (document) => {
      const tools = document.machines.find((machine) => machine.name === "rw-tools-1");
      if (tools) tools.node = "pve2";
    });
  });
});

describe("a token that lacks a privilege", () => {
  test("the provider's change is refused with PVE's 403, the preflight names the privilege and path, and granting it back lets the deploy through", async () => {
    const { cluster } = rehearsal.simulation.simulator;
    cluster.tokens.set(PROVIDER_TOKEN, { id: PROVIDER_TOKEN, acl: preflightAcl(model, ["Sys.Modify"]) });
    editEnvironment(rehearsal, (document) => {
      (document.backups as { schedule: string }).schedule = "sat 01:00";
    });
    const refused = await rehearsal.deploy("runway");
    expect(refused.ok).toBe(false);
    expect(refused.requests.filter((call) => call.status === 403).map((call) => `${call.method} ${call.path}: ${call.error}`)).toEqual([
      "PUT /cluster/backup/homelab-runway: Permission check failed (/, Sys.Modify)",
    ]);
    const lines = await preflightLines();
    expect(lines.filter((line) => line.startsWith("FAIL")).map((line) => line.split(". Fix:")[0])).toEqual([
      "FAIL token privileges on /: lacks Sys.Modify (for proxmox_backup_job, proxmox_download_file)",
    ]);
    const cli = await preflightCli([environmentFileForCli()], {
      PROXMOX_VE_API_TOKEN: rehearsal.simulation.simulator.apiTokens.get(PROVIDER_TOKEN),
      SSL_CERT_FILE: rehearsal.simulation.simulator.certFile,
    });
    expect(cli.code).toBe(1);
    expect(cli.output).toContain(
      "FAIL token privileges on /: lacks Sys.Modify (for proxmox_backup_job, proxmox_download_file). Fix: pveum role add HomelabCdktf",
    );

    cluster.tokens.set(PROVIDER_TOKEN, { id: PROVIDER_TOKEN, acl: preflightAcl(model) });
    expect(providerToken().acl.find((entry) => entry.path === "/")?.privileges).toContain("Sys.Modify");
    expectStepOk(await rehearsal.deploy("runway"));
    expect(cluster.backupJobs.get("homelab-runway")?.config.schedule).toBe("sat 01:00");
  });
});
