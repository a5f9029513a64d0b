import * as yaml from "js-yaml";
import type { AppPlan } from "../environment/app-plan";
import { machineGroups } from "../environment/inventory-groups";
import type { EnvironmentModel, MachinePlan } from "../environment/model";
import type { RegistryTemplate } from "../environment/registry/machine-registry";
import type { ServicePort } from "../environment/persona";

/** Where an environment's inventory is written, relative to the project root. */
export function inventoryPath(environment: string): string {
  return `ansible/inventories/${environment}/hosts.yml`;
}

/** The ports a host lets in: its machine's (base services and services) and its apps', each once, by port, then protocol. */
function firewallAllow(machine: MachinePlan, apps: readonly AppPlan[]): ServicePort[] {
  const ports = new Map<string, ServicePort>();
  for (const port of [...machine.firewall, ...apps.map((app): ServicePort => ({ port: app.port, protocol: "tcp" }))])
    ports.set(`${port.port}/${port.protocol}`, { port: port.port, protocol: port.protocol });
  return [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** The template a machine was made from, as the registry records it: a VM's golden template, a container's LXC template file. */
function templateOf(template: RegistryTemplate): string {
  return "file" in template ? template.file : template.name;
}

/**
 * Host vars of one machine with its apps: the persona's, then what the model resolved (the persona
 * rules keep them apart). `template` is the one it was made from (its registry entry): a template
 * bump leaves an existing machine, and so its inventory entry, as it is.
 */
function hostVars(machine: MachinePlan, apps: readonly AppPlan[], user: string, template: RegistryTemplate): Record<string, unknown> {
  const { persona } = machine;
  const dataDisks = machine.dataDisks.map((disk) => ({ serial: disk.serial, purpose: disk.purpose, size_gib: disk.sizeGiB, mount_point: disk.mountPoint }));
  const composeStacks = [...new Set([...machine.composeStacks, ...apps.map((app) => app.stack)])];
  return {
    ...persona.hostVars,
    ansible_host: machine.ip,
    ansible_user: user,
    persona: persona.name,
    stateful: persona.stateful,
    machine_kind: machine.kind,
    proxmox_node: machine.node,
    vmid: machine.vmId,
    template: templateOf(template),
    start_order: machine.startOrder,
    services: machine.services.map((service) => service.name),
    firewall_allow: firewallAllow(machine, apps),
    ...(dataDisks.length > 0 ? { data_disks: dataDisks } : {}),
    ...(composeStacks.length > 0 ? { compose_stacks: composeStacks } : {}),
    ...(apps.length > 0 ? { compose_env: Object.fromEntries(apps.map((app) => [app.stack, { ...app.env }])) } : {}),
  };
}

/** An app as the inventory's `apps` lists it. */
function appEntry(app: AppPlan): Record<string, unknown> {
  return {
    name: app.name,
    machine: app.machine,
    stack: app.stack,
    port: app.port,
    hostname: app.hostname,
    ...(app.description !== undefined ? { description: app.description } : {}),
  };
}

/**
 * The environment's Ansible inventory as YAML, the contract of ansible/README.md: the
 * environment-wide vars on `all` (the app catalogue among them), a `persona_*` group per persona
 * (which holds the host vars: `services`, `firewall_allow`, data disks, Compose stacks and their
 * settings), a `svc_*` group per service (what the plays target) and an `app_*` group per app.
 * `ansible_host` is each machine's static IP from the model, never an address the guest agent
 * reports. Groups and hosts are sorted, so the output is stable.
 */
export function renderInventory(model: EnvironmentModel): string {
  const { network, access } = model;
  const groups = new Map<string, { hosts: Record<string, Record<string, unknown>> }>();
  const join = (group: string, host: string, vars: Record<string, unknown>) => {
    const entry = groups.get(group) ?? { hosts: {} };
    entry.hosts[host] = vars;
    groups.set(group, entry);
  };
  const machines = [...model.machines].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const machine of machines) {
    const apps = model.apps.filter((app) => app.machine === machine.name);
    const [own, ...others] = machineGroups(machine, apps);
    join(own, machine.name, hostVars(machine, apps, access.user, model.registry.machines[machine.name].template));
    for (const group of others) join(group, machine.name, {});
  }
  const inventory = {
    all: {
      vars: {
        environment_name: model.name,
        domain: network.domain,
        network_cidr: network.cidr,
        gateway: network.gateway,
        dns_servers: [...network.dnsServers],
        dns_forwarders: [...network.dnsForwarders],
        ntp_servers: [...network.ntpServers],
        admin_user: access.user,
        ...(model.caUrl !== undefined ? { acme_mode: "lab", ca_url: model.caUrl } : {}),
        ...(model.composeStackDirs.length > 0 ? { compose_stack_dirs: [...model.composeStackDirs] } : {}),
        apps: model.apps.map(appEntry),
      },
      children: Object.fromEntries([...groups.keys()].sort().map((group) => [group, groups.get(group)])),
    },
  };
  const header = `# Generated by homelab-cdktf from ${model.file} on \`cdktf deploy ${model.name}\`: do not edit.\n`;
  return header + yaml.dump(inventory, { lineWidth: -1, noRefs: true, quotingType: '"' });
}
