// The preflight against the Proxmox VE simulator in-process: it passes on a cluster seeded from the
// bundled lab, and fails with one precise line (and its fix) for each broken precondition.
import type { EnvironmentModel } from "../../environment/model";
import { runPreflight } from "../../preflight/preflight";
import { readOnlyApi } from "../../preflight/read-only-api";
import type { CheckResult } from "../../preflight/result";
import { formatResult } from "../../preflight/result";
import { startSimulatedCluster } from "../../preflight/simulated-cluster";
import { PVE_PRIVILEGES } from "../../simulator/schema/permissions";
import type { SimulatorSeed } from "../../simulator/seed";
import { bundledModels } from "../helpers";

const lab = bundledModels().find((model) => model.name === "lab") as EnvironmentModel;

/** Runs the preflight of the lab against a simulator seeded from it, changed by `change`; the results and the methods of the calls it sent. */
async function preflight(change: (seed: SimulatorSeed) => SimulatorSeed = (seed) => seed): Promise<{ results: CheckResult[]; methods: string[] }> {
  const cluster = await startSimulatedCluster(lab, change);
  try {
    const { connection } = cluster;
    const model = { ...lab, proxmox: { ...lab.proxmox, endpoint: connection.endpoint } };
    const results = await runPreflight(model, readOnlyApi(connection), connection.apiToken.split("=")[0]);
    return { results, methods: [...new Set(cluster.simulator.log.all().map((call) => call.method))] };
  } finally {
    await cluster.simulator.close();
  }
}

/** The lines of the failed checks. */
const failures = (results: readonly CheckResult[]) => results.filter((result) => !result.ok).map(formatResult);

/** A token of `terraform@pve` holding every privilege on `/` but `missing`. */
const tokenWithout = (...missing: string[]) => ({
  id: "terraform@pve!homelab",
  acl: [{ path: "/", privileges: PVE_PRIVILEGES.filter((privilege) => !missing.includes(privilege)) }],
});

describe("npm run preflight against the simulator", () => {
  test("passes against a cluster seeded from the environment, sending nothing but GET", async () => {
    const { results, methods } = await preflight();
    expect(failures(results)).toEqual([]);
    expect(methods).toEqual(["GET"]);
    expect(results.slice(1).map((result) => result.subject)).toEqual([
      "API token root@pam!sim",
      "Proxmox VE 9.1.3",
      "node pve1",
      "node pve2",
      "bridge vmbr0 on pve1",
      "bridge vmbr0 on pve2",
      "datastore local",
      "datastore local-lvm",
      "VMID range 2000-2999",
      "template tmpl-debian-12-v1 (VMID 2901)",
      "template tmpl-ubuntu-2404-v1 (VMID 2900)",
      "LXC template local:vztmpl/lab-debian-12-standard_12.12-1_amd64.tar.zst on pve1",
      "token privileges on /",
      "token privileges on /sdn/zones/localnetwork/vmbr0",
      "token privileges on /storage/local",
      "token privileges on /storage/local-lvm",
      "token privileges on /vms",
      "token privileges on /vms/2000, /vms/2001, /vms/2002, /vms/2003, /vms/2004",
      "token privileges on /vms/2005",
      "token privileges on /vms/2006",
      "token privileges on /vms/2900, /vms/2901",
      "token privileges on /vms/2998, /vms/2999",
    ]);
  });

  test("a datastore without a content type the environment uses fails with the pvesm command that adds it", async () => {
    const { results } = await preflight((seed) => ({
      ...seed,
      storages: seed.storages.map((storage) =>
        storage.id === "local" ? { ...storage, content: storage.content.filter((content) => content !== "vztmpl") } : storage,
      ),
    }));
    expect(failures(results)).toEqual([
      "FAIL datastore local on pve1: lacks the content type vztmpl (LXC templates); it has backup, import, iso, snippets. Fix: pvesm set local --content backup,import,iso,snippets,vztmpl",
    ]);
  });

  test("a node the cluster does not have fails, naming the line of the environment file", async () => {
    const { results } = await preflight((seed) => ({ ...seed, nodes: seed.nodes.filter((node) => node.name !== "pve2") }));
    expect(failures(results)).toEqual([
      "FAIL node pve2: not in the cluster (its nodes: pve1). Fix: correct proxmox.nodes[1].name in environments/lab.yaml, or join pve2 to the cluster (pvecm add)",
    ]);
  });

  test("an offline node fails", async () => {
    const { results } = await preflight((seed) => ({ ...seed, nodes: seed.nodes.map((node) => (node.name === "pve2" ? { ...node, online: false } : node)) }));
    expect(failures(results)).toEqual(["FAIL node pve2: offline. Fix: start pve2 or repair its cluster link (pvecm status on a node)"]);
  });

  test("a foreign VM inside the VMID range fails, naming it", async () => {
    const { results } = await preflight((seed) => ({ ...seed, guests: [{ vmid: 2042, name: "old-test", node: "pve1", type: "qemu" }] }));
    expect(failures(results)).toEqual([
      "FAIL VMID range 2000-2999: holds a guest the environment does not declare: 2042 (qemu 'old-test' on pve1). Fix: remove or renumber it (the VMID changes by backup and restore to a new VMID), or move vmids in environments/lab.yaml to a free range",
    ]);
  });

  test("someone else's container at a machine's VMID fails both the range and that VMID", async () => {
    const { results } = await preflight((seed) => ({ ...seed, guests: [{ vmid: 2901, name: "scratch", node: "pve1", type: "lxc" }] }));
    expect(failures(results)).toEqual([
      "FAIL VMID range 2000-2999: holds a guest the environment does not declare: 2901 (lxc 'scratch' on pve1, where template debian-12 goes). Fix: remove or renumber it (the VMID changes by backup and restore to a new VMID), or move vmids in environments/lab.yaml to a free range",
      "FAIL template tmpl-debian-12-v1 (VMID 2901): VMID 2901 holds the lxc 'scratch' on pve1. Fix: free VMID 2901, or set templates.debian-12.vmid in environments/lab.yaml to a free VMID of the range",
    ]);
  });

  test("a token without a privilege the provider needs fails on the path it needs it on, with the commands that grant it", async () => {
    const { results } = await preflight((seed) => ({ ...seed, tokens: [tokenWithout("Datastore.AllocateTemplate")] }));
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^FAIL token privileges on \/storage\/local: lacks Datastore\.AllocateTemplate \(for proxmox_download_file\)\. Fix: pveum role add HomelabCdktf --privs '[A-Za-z.,]*Datastore\.AllocateTemplate[A-Za-z.,]*'; pveum acl modify \/storage\/local --tokens 'terraform@pve!homelab' --roles HomelabCdktf \(with privilege separation its user needs them too: --users 'terraform@pve'\)$/,
      ),
    ]);
  });

  test("a token without Sys.Modify fails on / for the image downloads and the backup job", async () => {
    const { results } = await preflight((seed) => ({ ...seed, tokens: [tokenWithout("Sys.Modify")] }));
    expect(failures(results).map((line) => line.split(". Fix:")[0])).toEqual([
      "FAIL token privileges on /: lacks Sys.Modify (for proxmox_backup_job, proxmox_download_file)",
    ]);
  });

  test("a Proxmox VE release before 8.4 fails: cloud images need the 'import' content type", async () => {
    const { results } = await preflight((seed) => ({ ...seed, version: "8.3.5" }));
    expect(failures(results)).toEqual([
      "FAIL Proxmox VE 8.3.5: older than 8.4, the first release with the 'import' content type the cloud images need. Fix: upgrade every node to Proxmox VE 8.4 or later (apt update && apt full-upgrade)",
    ]);
  });

  test("a bridge that is missing, or not VLAN-aware for a tagged network, fails per node", async () => {
    const { results } = await preflight((seed) => ({
      ...seed,
      nodes: seed.nodes.map((node) => (node.name === "pve2" ? { ...node, bridges: ["vmbr1"] } : node)),
    }));
    expect(failures(results)).toEqual([
      "FAIL bridge vmbr0 on pve2: missing (its bridges: vmbr1). Fix: create vmbr0 on pve2 (System > Network > Create > Linux Bridge), or correct proxmox.bridge in environments/lab.yaml",
    ]);
  });

  test("a refused token stops the preflight at the token check", async () => {
    const cluster = await startSimulatedCluster(lab);
    try {
      const connection = { ...cluster.connection, apiToken: "terraform@pve!homelab=wrong-secret" };
      const results = await runPreflight(
        { ...lab, proxmox: { ...lab.proxmox, endpoint: connection.endpoint } },
        readOnlyApi(connection),
        "terraform@pve!homelab",
      );
      expect(results.map(formatResult)).toEqual([
        `ok   Proxmox VE API at ${connection.endpoint}: answers`,
        "FAIL API token terraform@pve!homelab: refused (401 invalid token value!). Fix: export PROXMOX_VE_API_TOKEN='terraform@pve!homelab=<secret>' with the secret of a token that exists (pveum user token list terraform@pve; a new one: pveum user token add terraform@pve homelab --privsep 1)",
      ]);
    } finally {
      await cluster.simulator.close();
    }
  });

  test("an API that does not answer fails at once with what to check", async () => {
    const cluster = await startSimulatedCluster(lab);
    const connection = { ...cluster.connection, certFile: undefined, insecure: true };
    await cluster.simulator.close();
    const results = await runPreflight({ ...lab, proxmox: { ...lab.proxmox, endpoint: connection.endpoint } }, readOnlyApi(connection), "root@pam!sim");
    const port = new URL(connection.endpoint).port;
    expect(results.map(formatResult)).toEqual([
      `FAIL Proxmox VE API at ${connection.endpoint}: no answer (ECONNREFUSED). Fix: check proxmox.endpoint (${connection.endpoint}) in the environment file, and that 127.0.0.1:${port} is reachable from this machine`,
    ]);
  });
});
