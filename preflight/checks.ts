// The preflight's checks, each a read-only look at the cluster through its API, each result one line.
import type { EnvironmentModel } from "../environment/model";
import { containerTemplatesInUse, templatesInUse } from "../environment/model";
import type { ApiAnswer } from "../simulator/client";
import type { EnvironmentNeeds } from "./needs";
import type { PrivilegeNeed } from "./provider-calls";
import { privilegeNeeds } from "./provider-calls";
import type { ReadOnlyApi } from "./read-only-api";
import type { CheckResult } from "./result";
import { fail, ok } from "./result";

/** What every check gets. */
export interface PreflightContext {
  readonly model: EnvironmentModel;
  readonly needs: EnvironmentNeeds;
  readonly api: ReadOnlyApi;
  /** The token's ID (`user@realm!name`), for messages and fixes. */
  readonly tokenId: string;
}

/** The release the `import` content type (cloud images imported as VM disks) first appeared in. */
export const IMPORT_CONTENT_RELEASE = "8.4";
/** The release that pulls OCI images as container templates. */
export const OCI_PULL_RELEASE = "9.1";

/** `data` of an answer that must be 200, or an Error naming the call. */
async function data<T>(api: ReadOnlyApi, path: string, params?: Readonly<Record<string, string | number>>): Promise<T> {
  const answer = await api.get(path, params);
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.reason}`);
  return answer.data as T;
}

/** `a` is at least release `b` (`9.1.3` >= `8.4`). */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [a, b].map((version) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0));
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    if ((x[index] ?? 0) !== (y[index] ?? 0)) return (x[index] ?? 0) > (y[index] ?? 0);
  }
  return true;
}

/** Why a TLS or connection error happened, in words a user can act on. */
function connectionFix(error: Error & { code?: string }, endpoint: string): string {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(error.code ?? "")) {
    return "for a self-signed certificate set proxmox.insecure: true in the environment file, or export SSL_CERT_FILE=<the cluster CA's PEM file> (/etc/pve/pve-root-ca.pem on a node)";
  }
  const url = new URL(endpoint);
  return `check proxmox.endpoint (${endpoint}) in the environment file, and that ${url.hostname}:${url.port || 443} is reachable from this machine`;
}

/**
 * The API answers, and accepts the token; the release is new enough for what the environment
 * uses. Returns the results and whether the other checks can run (an API that does not answer, or
 * refuses the token, answers nothing else).
 */
export async function checkApi(context: PreflightContext): Promise<{ readonly results: CheckResult[]; readonly reachable: boolean }> {
  const { model, needs, api, tokenId } = context;
  const endpoint = model.proxmox.endpoint;
  let answer: ApiAnswer;
  try {
    answer = await api.get("/version");
  } catch (error) {
    const reason = error as Error & { code?: string };
    return {
      results: [fail(`Proxmox VE API at ${endpoint}`, `no answer (${reason.code ?? reason.message})`, connectionFix(reason, endpoint))],
      reachable: false,
    };
  }
  if (answer.status === 401) {
    return {
      results: [
        ok(`Proxmox VE API at ${endpoint}`, "answers"),
        fail(
          `API token ${tokenId}`,
          `refused (401 ${answer.reason})`,
          `export PROXMOX_VE_API_TOKEN='${tokenId}=<secret>' with the secret of a token that exists (pveum user token list ${tokenId.split("!")[0]}; a new one: pveum user token add ${tokenId.split("!")[0]} ${tokenId.split("!")[1] ?? "homelab"} --privsep 1)`,
        ),
      ],
      reachable: false,
    };
  }
  if (answer.status !== 200) {
    return {
      results: [
        fail(
          `Proxmox VE API at ${endpoint}`,
          `answers ${answer.status} ${answer.reason} to GET version`,
          `point proxmox.endpoint at a node's API: https://<node>:8006/`,
        ),
      ],
      reachable: false,
    };
  }
  const version = String((answer.data as { version?: unknown }).version ?? "0");
  const results = [ok(`Proxmox VE API at ${endpoint}`, `answers (Proxmox VE ${version})`), ok(`API token ${tokenId}`, "accepted")];
  const needed = [
    ...(needs.importsCloudImages ? [{ release: IMPORT_CONTENT_RELEASE, what: "with the 'import' content type the cloud images need" }] : []),
    ...(needs.pullsOciImages ? [{ release: OCI_PULL_RELEASE, what: "that pulls OCI images as container templates" }] : []),
  ];
  for (const { release, what } of needed) {
    results.push(
      atLeast(version, release)
        ? ok(`Proxmox VE ${version}`, `at least ${release}, the first release ${what}`)
        : fail(
            `Proxmox VE ${version}`,
            `older than ${release}, the first release ${what}`,
            `upgrade every node to Proxmox VE ${release} or later (apt update && apt full-upgrade)`,
          ),
    );
  }
  return { results, reachable: true };
}

/** A line of `GET nodes`. */
interface NodeEntry {
  readonly node: string;
  readonly status?: string;
}

/** Every node of the environment is in the cluster and online. Returns the online ones for the checks that ask nodes. */
export async function checkNodes(context: PreflightContext): Promise<{ readonly results: CheckResult[]; readonly online: ReadonlySet<string> }> {
  const nodes = await data<NodeEntry[]>(context.api, "/nodes");
  const known = new Map(nodes.map((node) => [node.node, node]));
  const online = new Set<string>();
  const results = context.needs.nodes.map((name, index) => {
    const node = known.get(name);
    if (!node) {
      const names = [...known.keys()].sort().join(", ") || "none";
      return fail(
        `node ${name}`,
        `not in the cluster (its nodes: ${names})`,
        `correct proxmox.nodes[${index}].name in ${context.model.file}, or join ${name} to the cluster (pvecm add)`,
      );
    }
    if (node.status !== "online")
      return fail(`node ${name}`, `${node.status ?? "status unknown"}`, `start ${name} or repair its cluster link (pvecm status on a node)`);
    online.add(name);
    return ok(`node ${name}`, "online");
  });
  return { results, online };
}

/** A line of `GET nodes/{node}/network`. */
interface InterfaceEntry {
  readonly iface: string;
  readonly type?: string;
  readonly bridge_vlan_aware?: number;
}

/** The environment's bridge exists on every node that runs its machines, VLAN-aware when the network is tagged. */
export async function checkBridges(context: PreflightContext, online: ReadonlySet<string>): Promise<CheckResult[]> {
  const { name, nodes, vlan } = context.needs.bridge;
  const results: CheckResult[] = [];
  for (const node of nodes.filter((candidate) => online.has(candidate))) {
    const interfaces = await data<InterfaceEntry[]>(context.api, `/nodes/${node}/network`, { type: "any_bridge" });
    const bridge = interfaces.find((entry) => entry.iface === name);
    if (!bridge) {
      const bridges =
        interfaces
          .map((entry) => entry.iface)
          .sort()
          .join(", ") || "none";
      results.push(
        fail(
          `bridge ${name} on ${node}`,
          `missing (its bridges: ${bridges})`,
          `create ${name} on ${node} (System > Network > Create > Linux Bridge), or correct proxmox.bridge in ${context.model.file}`,
        ),
      );
    } else if (vlan !== undefined && bridge.bridge_vlan_aware !== 1) {
      results.push(
        fail(
          `bridge ${name} on ${node}`,
          `not VLAN-aware, but network.vlan is ${vlan}`,
          `add 'bridge-vlan-aware yes' to ${name} in ${node}'s /etc/network/interfaces and run ifreload -a`,
        ),
      );
    } else {
      results.push(ok(`bridge ${name} on ${node}`, vlan === undefined ? "exists" : `exists, VLAN-aware (tag ${vlan})`));
    }
  }
  return results;
}

/** A line of `GET nodes/{node}/storage`. */
interface StorageEntry {
  readonly storage: string;
  readonly content?: string;
  readonly active?: number;
  readonly enabled?: number;
}

/** Each datastore the environment uses exists on every node that needs it, active, with the content types it needs there. */
export async function checkDatastores(context: PreflightContext, online: ReadonlySet<string>): Promise<CheckResult[]> {
  const byNode = new Map<string, StorageEntry[]>();
  const storagesOf = async (node: string) => {
    if (!byNode.has(node)) byNode.set(node, await data<StorageEntry[]>(context.api, `/nodes/${node}/storage`));
    return byNode.get(node) as StorageEntry[];
  };
  const results: CheckResult[] = [];
  for (const datastore of context.needs.datastores) {
    const problems: CheckResult[] = [];
    const nodes = [...datastore.nodes.keys()].filter((node) => online.has(node));
    for (const node of nodes) {
      const needs = datastore.nodes.get(node) ?? [];
      const entry = (await storagesOf(node)).find((candidate) => candidate.storage === datastore.id);
      const subject = `datastore ${datastore.id} on ${node}`;
      if (!entry) {
        problems.push(
          fail(
            subject,
            `missing (or the token may not see it; the environment names it in ${datastore.namedBy.join(", ")})`,
            `add it (Datacenter > Storage > Add; pvesm add) with the content types ${needs.map((need) => need.content).join(",")}, or name an existing datastore in ${datastore.namedBy[0]} of ${context.model.file}`,
          ),
        );
        continue;
      }
      if (entry.enabled === 0 || entry.active === 0) {
        problems.push(
          fail(subject, entry.enabled === 0 ? "disabled" : "not active", `pvesm set ${datastore.id} --disable 0, and check pvesm status on ${node}`),
        );
        continue;
      }
      const has = (entry.content ?? "").split(",").filter(Boolean);
      const missing = needs.filter((need) => !has.includes(need.content));
      if (missing.length > 0) {
        const content = [...new Set([...has, ...missing.map((need) => need.content)])].sort().join(",");
        problems.push(
          fail(
            subject,
            `lacks the content type${missing.length > 1 ? "s" : ""} ${missing.map((need) => `${need.content} (${need.why})`).join(", ")}; it has ${has.join(", ") || "none"}`,
            `pvesm set ${datastore.id} --content ${content}`,
          ),
        );
      }
    }
    if (problems.length > 0) results.push(...problems);
    else if (nodes.length > 0) {
      const contents = [...new Set([...datastore.nodes.values()].flat().map((need) => need.content))].sort().join(", ");
      results.push(ok(`datastore ${datastore.id}`, `on ${nodes.join(", ")} with ${contents}`));
    }
  }
  return results;
}

/** A line of `GET cluster/resources?type=vm`. */
interface GuestEntry {
  readonly vmid: number;
  readonly name?: string;
  readonly node?: string;
  readonly type?: string;
  readonly template?: number;
}

/** The guests the token sees (it needs VM.Audit on /vms to see them all: the privileges check says so). */
async function guests(context: PreflightContext): Promise<GuestEntry[]> {
  return data<GuestEntry[]>(context.api, "/cluster/resources", { type: "vm" });
}

/** No guest of anyone else lies in the environment's VMID range (its own machines and templates, by VMID and name, may). */
export async function checkVmIdRange(context: PreflightContext): Promise<CheckResult> {
  const { start, end } = context.model.vmIdRange;
  const foreign = (await guests(context))
    .filter((guest) => guest.vmid >= start && guest.vmid <= end && context.needs.ownGuests.get(guest.vmid)?.name !== guest.name)
    .sort((a, b) => a.vmid - b.vmid);
  const subject = `VMID range ${start}-${end}`;
  if (foreign.length === 0) return ok(subject, "holds no guest the environment does not declare");
  const list = foreign.map((guest) => {
    const own = context.needs.ownGuests.get(guest.vmid);
    return `${guest.vmid} (${guest.type ?? "guest"} '${guest.name ?? "?"}' on ${guest.node ?? "?"}${own ? `, where ${own.role} goes` : ""})`;
  });
  return fail(
    subject,
    `holds ${foreign.length === 1 ? "a guest" : `${foreign.length} guests`} the environment does not declare: ${list.join(", ")}`,
    `remove or renumber ${foreign.length === 1 ? "it" : "them"} (the VMID changes by backup and restore to a new VMID), or move vmids in ${context.model.file} to a free range`,
  );
}

/** Each golden template the VMs clone exists as a template, or is absent (the images stack and Packer make it); never something else at its VMID. */
export async function checkTemplates(context: PreflightContext): Promise<CheckResult[]> {
  const byVmid = new Map((await guests(context)).map((guest) => [guest.vmid, guest]));
  const env = context.model.name;
  const results: CheckResult[] = templatesInUse(context.model).map((template) => {
    const subject = `template ${template.name} (VMID ${template.vmId})`;
    const guest = byVmid.get(template.vmId);
    if (!guest) return ok(subject, `not built yet: cdktf deploy ${env}-images, then packer build, make it`);
    if (guest.name !== template.name || guest.template !== 1) {
      return fail(
        subject,
        `VMID ${template.vmId} holds ${guest.template === 1 ? "the template" : `the ${guest.type ?? "guest"}`} '${guest.name ?? "?"}' on ${guest.node ?? "?"}`,
        `free VMID ${template.vmId}, or set templates.${template.key}.vmid in ${context.model.file} to a free VMID of the range`,
      );
    }
    if (guest.node !== template.node) {
      return fail(
        subject,
        `on ${guest.node}, not ${template.node}`,
        `set templates.${template.key}.node: ${guest.node} in ${context.model.file}, or migrate the template to ${template.node}`,
      );
    }
    return ok(subject, `a template on ${template.node}`);
  });
  for (const { template, nodes } of containerTemplatesInUse(context.model)) {
    for (const node of nodes) {
      const subject = `LXC template ${template.volumeId} on ${node}`;
      const answer = await context.api.get(`/nodes/${node}/storage/${context.model.proxmox.imageDatastore}/content`, { content: "vztmpl" });
      const present = answer.status === 200 && (answer.data as { volid?: string }[]).some((entry) => entry.volid === template.volumeId);
      results.push(ok(subject, present ? "present" : `not there yet: cdktf deploy ${env}-images ${template.source.kind === "oci" ? "pulls" : "downloads"} it`));
    }
  }
  return results;
}

/** The privileges of requirements in words: every one needed, then the alternatives that none of those already covers (`A or B`). */
function describeNeeds(requirements: readonly PrivilegeNeed[]): string {
  const all = new Set(requirements.filter((need) => !need.any).flatMap((need) => need.privileges));
  const alternatives = requirements
    .filter((need) => need.any && !need.privileges.some((privilege) => all.has(privilege)))
    .map((need) => need.privileges.join(" or "));
  return [...[...all].sort(), ...alternatives].join(", ");
}

/** Consecutive ok results of the same detail on `/vms/<id>` paths as one line (`/vms/2000, /vms/2001: ...`); failures stay one per path. */
function mergeVmPaths(results: readonly CheckResult[]): CheckResult[] {
  const merged: CheckResult[] = [];
  for (const result of results) {
    const previous = merged[merged.length - 1];
    const isVm = (subject: string) => /^token privileges on \/vms\/\d+/.test(subject);
    if (result.ok && previous?.ok && isVm(result.subject) && isVm(previous.subject) && previous.detail === result.detail) {
      merged[merged.length - 1] = { ...previous, subject: `${previous.subject}, ${result.subject.replace("token privileges on ", "")}` };
    } else merged.push(result);
  }
  return merged;
}

/** Every privilege the provider needs for the environment's resources, on every path it needs it, as `GET access/permissions` says the token holds it. */
export async function checkPrivileges(context: PreflightContext): Promise<CheckResult[]> {
  const needs = privilegeNeeds(context.model);
  const all = [...new Set([...needs.values()].flat().flatMap((need) => need.privileges))].sort();
  const results: CheckResult[] = [];
  for (const [path, requirements] of needs) {
    const answer = await data<Record<string, Record<string, number>>>(context.api, "/access/permissions", { path });
    const held = new Set(Object.keys(answer[path] ?? {}));
    const missing = requirements.filter((need) =>
      need.any ? !need.privileges.some((privilege) => held.has(privilege)) : !need.privileges.every((privilege) => held.has(privilege)),
    );
    const subject = `token privileges on ${path}`;
    if (missing.length === 0) {
      results.push(ok(subject, describeNeeds(requirements)));
      continue;
    }
    const lacking = [
      ...new Set(
        missing.flatMap((need) => (need.any ? [`one of ${need.privileges.join(", ")}`] : need.privileges.filter((privilege) => !held.has(privilege)))),
      ),
    ];
    const users = [...new Set(missing.flatMap((need) => need.resources))].sort().join(", ");
    results.push(
      fail(
        subject,
        `lacks ${lacking.join(", ")} (for ${users})`,
        `pveum role add HomelabCdktf --privs '${all.join(",")}'; pveum acl modify ${path} --tokens '${context.tokenId}' --roles HomelabCdktf (with privilege separation its user needs them too: --users '${context.tokenId.split("!")[0]}')`,
      ),
    );
  }
  return mergeVmPaths(results);
}
