import type { HttpMethod, MethodSchema } from "./api-schema";

/**
 * Proxmox VE's permission checks, as the API schema states them (`permissions.check` of each
 * method: `["perm", path, [privileges], "any", 1, "require_param", name]`, `["and", ...]`,
 * `["or", ...]`), plus the checks pve-manager, qemu-server and pve-container make in code where
 * the schema says only `user: all`. The simulator enforces them per token; the preflight derives
 * from them what a token needs and checks it against `GET access/permissions`.
 */

/** Every privilege of Proxmox VE 9 (what the Administrator role holds). */
// prettier-ignore
export const PVE_PRIVILEGES: readonly string[] = [
  "Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.AllocateTemplate", "Datastore.Audit", "Group.Allocate", "Mapping.Audit",
  "Mapping.Modify", "Mapping.Use", "Permissions.Modify", "Pool.Allocate", "Pool.Audit", "Realm.Allocate", "Realm.AllocateUser", "SDN.Allocate",
  "SDN.Audit", "SDN.Use", "Sys.AccessNetwork", "Sys.Audit", "Sys.Console", "Sys.Incoming", "Sys.Modify", "Sys.PowerMgmt", "Sys.Syslog",
  "User.Modify", "VM.Allocate", "VM.Audit", "VM.Backup", "VM.Clone", "VM.Config.CDROM", "VM.Config.CPU", "VM.Config.Cloudinit", "VM.Config.Disk",
  "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network", "VM.Config.Options", "VM.Console", "VM.GuestAgent.Audit", "VM.GuestAgent.FileRead",
  "VM.GuestAgent.FileSystemMgmt", "VM.GuestAgent.FileWrite", "VM.GuestAgent.Unrestricted", "VM.Migrate", "VM.PowerMgmt", "VM.Replicate",
  "VM.Snapshot", "VM.Snapshot.Rollback",
];

/** A permission check expression of the schema (or one of the code checks below). */
export type PermissionCheck = readonly unknown[];

/** One requirement a check makes: privileges on a concrete path, all of them or (with `any`) one. */
export interface PrivilegeRequirement {
  readonly path: string;
  readonly privileges: readonly string[];
  /** One of the privileges suffices. */
  readonly any: boolean;
}

/** Parameter values a check's paths are filled from (`{vmid}`, `{storage}`, `{newid}`). */
export type CheckParameters = Readonly<Record<string, unknown>>;

/** The privileges held on a path (effective: inherited and overridden as PVE computes them). */
export type HeldPrivileges = (path: string) => ReadonlySet<string>;

/** A `perm` check's path with its parameters filled in, or undefined when one is missing. */
function fillPath(template: string, params: CheckParameters): string | undefined {
  let missing = false;
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) missing = true;
    return String(value);
  });
  return missing ? undefined : path;
}

/** The requirement of a `perm` check, or undefined when it does not apply (a `require_param` that is not given, a path parameter that is missing). */
function permRequirement(check: PermissionCheck, params: CheckParameters): PrivilegeRequirement | undefined {
  const [, template, privileges, ...options] = check as [string, string, string[], ...unknown[]];
  const option = (name: string) => {
    const index = options.indexOf(name);
    return index >= 0 ? options[index + 1] : undefined;
  };
  const required = option("require_param");
  if (typeof required === "string" && params[required] === undefined) return undefined;
  const path = fillPath(template, params);
  return path === undefined ? undefined : { path, privileges, any: option("any") === 1 };
}

/** Whether the held privileges meet a requirement. */
function meets(requirement: PrivilegeRequirement, held: HeldPrivileges): boolean {
  const have = held(requirement.path);
  return requirement.any ? requirement.privileges.some((privilege) => have.has(privilege)) : requirement.privileges.every((privilege) => have.has(privilege));
}

/**
 * The requirements of a check for a call's parameters: every `perm` of an `and`, the first
 * applicable alternative of an `or` (what the preflight asks a token to hold). Checks of other
 * kinds (`userid-param`, `user`) concern users, not this project's calls, and require nothing here.
 */
export function requirementsOf(check: PermissionCheck | undefined, params: CheckParameters): PrivilegeRequirement[] {
  if (!check) return [];
  const [kind, ...rest] = check as [string, ...PermissionCheck[]];
  if (kind === "perm") {
    const requirement = permRequirement(check, params);
    return requirement ? [requirement] : [];
  }
  if (kind === "and") return rest.flatMap((part) => requirementsOf(part, params));
  if (kind === "or") {
    for (const part of rest) {
      const requirements = requirementsOf(part, params);
      if (requirements.length > 0) return requirements;
    }
  }
  return [];
}

/** The outcome of evaluating a check: granted, or denied by a requirement (none when every alternative was inapplicable). */
type Evaluation = { readonly granted: true } | { readonly granted: false; readonly failed?: PrivilegeRequirement };

function evaluate(check: PermissionCheck, params: CheckParameters, held: HeldPrivileges): Evaluation {
  const [kind, ...rest] = check as [string, ...PermissionCheck[]];
  if (kind === "perm") {
    const requirement = permRequirement(check, params);
    if (requirement === undefined) return (check as unknown[]).includes("require_param") ? { granted: false } : { granted: true };
    return meets(requirement, held) ? { granted: true } : { granted: false, failed: requirement };
  }
  if (kind === "and") {
    for (const part of rest) {
      const outcome = evaluate(part, params, held);
      if (!outcome.granted) return outcome;
    }
    return { granted: true };
  }
  if (kind === "or") {
    const outcomes = rest.map((part) => evaluate(part, params, held));
    if (outcomes.some((outcome) => outcome.granted)) return { granted: true };
    return { granted: false, failed: outcomes.flatMap((outcome) => (!outcome.granted && outcome.failed ? [outcome.failed] : []))[0] };
  }
  return { granted: true };
}

/** Evaluates a check as PVE does: undefined when granted, else the requirement that failed (of an `or`: its first applicable alternative's). */
export function deniedBy(check: PermissionCheck | undefined, params: CheckParameters, held: HeldPrivileges): PrivilegeRequirement | undefined {
  if (!check) return undefined;
  const outcome = evaluate(check, params, held);
  if (outcome.granted) return undefined;
  return outcome.failed ?? { path: "/", privileges: [], any: false };
}

/** The storages a create call puts new volumes on (`<storage>:<size>` values of its disk and mount-point keys). */
function newVolumeStorages(params: CheckParameters): string[] {
  const storages = new Set<string>();
  for (const [key, value] of Object.entries(params)) {
    if (!/^((scsi|virtio|sata|ide)\d+|efidisk0|tpmstate0|rootfs|mp\d+)$/.test(key)) continue;
    const volume = String(value)
      .split(",")[0]
      .replace(/^(file|volume)=/, "");
    const match = /^([^/:\s]+):(\d+(\.\d+)?|cloudinit)$/.exec(volume);
    if (match) storages.add(match[1]);
  }
  return [...storages].sort();
}

/** The bridges a call attaches NICs to (`bridge=` of its `net[n]` keys). */
function bridgesOf(params: CheckParameters): string[] {
  const bridges = new Set<string>();
  for (const [key, value] of Object.entries(params)) {
    const bridge = /^net\d+$/.test(key) ? /(?:^|,)bridge=([^,]+)/.exec(String(value))?.[1] : undefined;
    if (bridge) bridges.add(bridge);
  }
  return [...bridges].sort();
}

/** The privilege a VM config key needs (qemu-server's check_vm_modify_config_perm). */
function qemuConfigPrivilege(key: string, value: string): string | undefined {
  if (/^(node|vmid|digest|delete|revert|skiplock|force|background_delay|archive|storage|pool|start|unique|live-restore|import-working-storage)$/.test(key))
    return undefined;
  if (/^(ide|sata|scsi|virtio)\d+$/.test(key)) return /media=cdrom|:cloudinit/.test(value) ? "VM.Config.CDROM" : "VM.Config.Disk";
  if (/^(efidisk0|tpmstate0|unused\d+)$/.test(key)) return "VM.Config.Disk";
  if (/^(cores|sockets|cpu|numa\d*|vcpus|cpulimit|cpuunits|affinity)$/.test(key)) return "VM.Config.CPU";
  if (/^(memory|balloon|shares)$/.test(key)) return "VM.Config.Memory";
  if (/^net\d+$/.test(key)) return "VM.Config.Network";
  if (/^(ciuser|cipassword|citype|ciupgrade|cicustom|sshkeys|ipconfig\d+|nameserver|searchdomain)$/.test(key)) return "VM.Config.Cloudinit";
  if (/^(scsihw|bios|machine|vga|serial\d+|usb\d+|hostpci\d+|audio0|rng0|keyboard|tablet)$/.test(key)) return "VM.Config.HWType";
  return "VM.Config.Options";
}

/** The privilege a container config key needs (pve-container's check_ct_modify_config_perm). */
function lxcConfigPrivilege(key: string): string | undefined {
  if (
    /^(node|vmid|digest|delete|revert|ostemplate|storage|ssh-public-keys|password|start|unique|restore|force|ignore-unpack-errors|pool|bwlimit|ha-managed)$/.test(
      key,
    )
  )
    return undefined;
  if (/^(rootfs|mp\d+|unused\d+)$/.test(key)) return "VM.Config.Disk";
  if (/^(cores|cpulimit|cpuunits)$/.test(key)) return "VM.Config.CPU";
  if (/^(memory|swap)$/.test(key)) return "VM.Config.Memory";
  if (/^net\d+$/.test(key)) return "VM.Config.Network";
  return "VM.Config.Options";
}

/**
 * The checks PVE makes in code for a call, beyond its schema's: a guest created needs
 * `VM.Allocate` on its VMID and `Datastore.AllocateSpace` on every storage that gets a new volume;
 * each config key its `VM.Config.*` privilege; a NIC on a bridge needs `SDN.Use` on the bridge's
 * zone path (Proxmox VE 8+); an LXC template or a volume to import needs `Datastore.Audit` (or
 * `AllocateSpace`) on its storage.
 */
export function codeChecks(method: HttpMethod, template: string, params: CheckParameters): PermissionCheck[] {
  const checks: PermissionCheck[] = [];
  const creates = method === "POST" && (template === "/nodes/{node}/qemu" || template === "/nodes/{node}/lxc");
  const configures = (method === "PUT" || method === "POST") && /^\/nodes\/\{node\}\/(qemu|lxc)\/\{vmid\}\/config$/.test(template);
  if (creates) checks.push(["perm", "/vms/{vmid}", ["VM.Allocate"]]);
  if (creates || configures) {
    const container = template.includes("/lxc");
    const deleted = String(params.delete ?? "")
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((key) => [key, ""] as const);
    const privileges = new Set(
      [...Object.entries(params), ...deleted].flatMap(([key, value]) => {
        const privilege = container ? lxcConfigPrivilege(key) : qemuConfigPrivilege(key, String(value));
        return privilege ? [privilege] : [];
      }),
    );
    if (privileges.size > 0) checks.push(["perm", "/vms/{vmid}", [...privileges].sort()]);
    for (const storage of newVolumeStorages(params)) checks.push(["perm", `/storage/${storage}`, ["Datastore.AllocateSpace"]]);
    for (const bridge of bridgesOf(params)) checks.push(["perm", `/sdn/zones/localnetwork/${bridge}`, ["SDN.Use"]]);
  }
  const source = creates ? (params.ostemplate ?? /import-from=([^,]+)/.exec(String(params.scsi0 ?? ""))?.[1]) : undefined;
  if (typeof source === "string" && source.includes(":"))
    checks.push(["perm", `/storage/${source.split(":")[0]}`, ["Datastore.AllocateSpace", "Datastore.Audit"], "any", 1]);
  return checks;
}

/** Every check of a call: its schema's and the code checks. */
export function checksOf(method: HttpMethod, template: string, schema: MethodSchema | undefined, params: CheckParameters): PermissionCheck[] {
  const declared = (schema as { permissions?: { check?: PermissionCheck } } | undefined)?.permissions?.check;
  return [...(declared ? [declared] : []), ...codeChecks(method, template, params)];
}
