import type { AppPlan } from "./app-plan";
import type { EnvironmentModel, MachinePlan } from "./model";

/**
 * The names of the Ansible inventory's groups, in one place: the renderer makes the groups from
 * them, and rules that must keep clear of them (a machine named like a group) read them here.
 */

/** Groups Ansible itself gives every inventory. */
export const ANSIBLE_IMPLICIT_GROUPS = ["all", "ungrouped"] as const;

/** Ansible group names take `_` where our names take `-`. */
function snake(name: string): string {
  return name.replace(/-/g, "_");
}

/** The group of a persona's machines, where their host vars live: `persona_` and its name in snake case (`docker-host` -> `persona_docker_host`). */
export function personaGroup(personaName: string): string {
  return `persona_${snake(personaName)}`;
}

/** The group of a service's machines, which the play that installs it targets: `svc_` and its name (`reverse_proxy` -> `svc_reverse_proxy`). */
export function serviceGroup(serviceName: string): string {
  return `svc_${serviceName}`;
}

/** The group of an app, holding its machine: `app_` and its name in snake case (`uptime-kuma` -> `app_uptime_kuma`). */
export function appGroup(appName: string): string {
  return `app_${snake(appName)}`;
}

/** The group of a machine kind: `proxmox_vm` or `proxmox_container` (what differs for Ansible, such as no cloud-init, keys on it). */
export function machineKindGroup(kind: MachinePlan["kind"]): string {
  return `proxmox_${kind}`;
}

/** The groups a machine joins besides `all`: its persona's (first: the host vars live there), its services', its kind's, its persona's own extra groups and its apps'. */
export function machineGroups(machine: MachinePlan, apps: readonly AppPlan[]): string[] {
  return [
    personaGroup(machine.persona.name),
    ...machine.services.map((service) => serviceGroup(service.name)),
    machineKindGroup(machine.kind),
    ...(machine.persona.inventoryGroups ?? []),
    ...apps.filter((app) => app.machine === machine.name).map((app) => appGroup(app.name)),
  ];
}

/** Every group name of an environment's inventory, Ansible's implicit ones included, sorted. */
export function inventoryGroupNames(model: EnvironmentModel): string[] {
  const groups = new Set<string>(ANSIBLE_IMPLICIT_GROUPS);
  for (const machine of model.machines) for (const group of machineGroups(machine, model.apps)) groups.add(group);
  return [...groups].sort();
}
