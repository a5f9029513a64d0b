import { didYouMean } from "./did-you-mean";
import type { ValidationIssue } from "./issues";
import { resolveLifecycle } from "./lifecycle";
import type { ContainerTemplatePlan, EnvironmentModel, MachinePlan, MachinePlanBase, NetworkPlan, TemplatePlan } from "./model";
import type { Persona, PersonaCatalog, Service, ServicePort } from "./persona";
import { resolveBackup } from "./resolve-backup";
import { resolveContainerSettings, resolveContainerTemplates } from "./resolve-containers";
import type { EnvironmentSpec } from "./schema";
import { SIZES } from "./sizes";
import { allocateVmIds } from "./vmid-allocation";

/** The service whose machines serve time to the environment when `network.ntpServers` is absent. */
const TIME_SERVICE = "ntp";

/** The ports of `services`, each once, by port, then protocol. */
function firewallOf(services: readonly Service[]): ServicePort[] {
  const ports = new Map(services.flatMap((service) => service.ports).map((port) => [`${port.port}/${port.protocol}`, port]));
  return [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)).map(({ port, protocol }) => ({ port, protocol }));
}

/** Depth of every persona in the dependency graph: 1 for no dependencies. Assumes no cycles (the persona rules report them). */
function dependencyDepths(catalog: ReadonlyMap<string, Persona>): ReadonlyMap<string, number> {
  const depths = new Map<string, number>();
  const depthOf = (persona: Persona, seen: ReadonlySet<string>): number => {
    const known = depths.get(persona.name);
    if (known !== undefined) return known;
    if (seen.has(persona.name)) return 1;
    const next = new Set(seen).add(persona.name);
    const dependencies = (persona.dependsOn ?? []).flatMap((name) => catalog.get(name) ?? []);
    const depth = 1 + Math.max(0, ...dependencies.map((dependency) => depthOf(dependency, next)));
    depths.set(persona.name, depth);
    return depth;
  };
  for (const persona of catalog.values()) depthOf(persona, new Set());
  return depths;
}

/** The templates in key order, with base VMIDs from the allocation and nodes and file names resolved. */
function resolveTemplates(name: string, spec: EnvironmentSpec, baseVmIds: ReadonlyMap<string, number>): TemplatePlan[] {
  const defaultNode = spec.proxmox.nodes[0].name;
  return Object.keys(spec.templates)
    .sort()
    .flatMap((key) => {
      const template = spec.templates[key];
      const baseVmId = baseVmIds.get(key);
      if (baseVmId === undefined) return [];
      const fileName = template.image.fileName ?? new URL(template.image.url).pathname.split("/").pop();
      return [
        {
          key,
          name: template.name,
          vmId: template.vmid,
          baseVmId,
          node: template.node ?? defaultNode,
          image: { url: template.image.url, checksum: template.image.checksum, fileName: `${name}-${fileName}` },
          buildUser: template.buildUser,
        },
      ];
    });
}

/** The network as machines see it; the NTP servers default to the addresses of the environment's time servers. */
function resolveNetwork(spec: EnvironmentSpec, machines: readonly MachinePlan[]): NetworkPlan {
  const { network, proxmox } = spec;
  const timeServers = machines.filter((machine) => machine.services.some((service) => service.name === TIME_SERVICE)).map((machine) => machine.ip);
  return {
    cidr: network.cidr,
    prefixLength: Number(network.cidr.split("/")[1]),
    gateway: network.gateway,
    dnsServers: network.dnsServers,
    domain: network.domain,
    vlan: network.vlan,
    bridge: proxmox.bridge,
    ntpServers: network.ntpServers ?? timeServers,
  };
}

/**
 * Resolves a spec that passed the schema into the environment model: personas looked up, sizes
 * applied, nodes, datastores and lifecycles defaulted, VMIDs allocated, dependencies wired.
 * Either every machine resolves and the model is returned, or the issues say what did not.
 */
export function resolveEnvironment(
  name: string,
  file: string,
  spec: EnvironmentSpec,
  catalog: PersonaCatalog,
): { readonly model: EnvironmentModel; readonly issues?: undefined } | { readonly model?: undefined; readonly issues: ValidationIssue[] } {
  const allocation = allocateVmIds(file, spec);
  const containerTemplates = resolveContainerTemplates(name, file, spec);
  const issues = [...allocation.issues, ...containerTemplates.issues];
  const templates = resolveTemplates(name, spec, allocation.baseVmIds);
  const templatesByKey = new Map(templates.map((template) => [template.key, template]));
  const containerTemplatesByKey = new Map(containerTemplates.templates.map((template) => [template.key, template]));
  const declaredContainerTemplates = spec.containerTemplates ?? {};
  const depths = dependencyDepths(catalog.personas);
  const defaultNode = spec.proxmox.nodes[0].name;
  const allowDataLoss = new Set(spec.allowDataLoss ?? []);

  const machines = spec.machines.flatMap((machine, index): MachinePlan[] => {
    const persona = catalog.personas.get(machine.persona);
    if (!persona) {
      const known = [...catalog.personas.keys()].sort();
      issues.push({
        file,
        path: `machines[${index}].persona`,
        message: `unknown persona '${machine.persona}'${didYouMean(machine.persona, known)} (known: ${known.join(", ")})`,
      });
      return [];
    }
    const template = persona.container ? containerTemplatesByKey.get(persona.template) : templatesByKey.get(persona.template);
    if (!template) {
      if (persona.container && !Object.hasOwn(declaredContainerTemplates, persona.template)) {
        issues.push({
          file,
          path: `machines[${index}].persona`,
          message: `persona '${persona.name}' runs as an LXC container from template '${persona.template}', which containerTemplates does not declare`,
        });
      } else if (!persona.container && !Object.hasOwn(spec.templates, persona.template)) {
        issues.push({
          file,
          path: `machines[${index}].persona`,
          message: `persona '${persona.name}' needs template '${persona.template}', which templates does not declare`,
        });
      }
      return [];
    }
    const vmId = allocation.machineVmIds[index];
    if (vmId === undefined) return [];
    const size = machine.size ?? persona.size;
    const resources = SIZES[size];
    const base: MachinePlanBase = {
      name: machine.name,
      index,
      persona,
      node: machine.node ?? defaultNode,
      vmId,
      vmIdPinned: machine.vmid !== undefined,
      ip: machine.ip,
      size,
      resources,
      bootDisk: { sizeGiB: resources.bootDiskGiB, datastore: spec.proxmox.datastore },
      dataDisks: (persona.dataDisks ?? []).map((disk) => ({
        purpose: disk.purpose,
        sizeGiB: disk.sizeGiB,
        datastore: disk.datastore ?? spec.proxmox.datastore,
        serial: disk.purpose,
        mountPoint: disk.mountPoint ?? `/srv/${disk.purpose}`,
      })),
      composeStacks: machine.composeStacks ?? [],
      services: persona.services ?? [],
      firewall: firewallOf([...catalog.baseServices, ...(persona.services ?? [])]),
      startOrder: depths.get(persona.name) ?? 1,
      dependsOn: [],
      lifecycle: resolveLifecycle(persona, machine.lifecycle),
      allowDataLoss: allowDataLoss.has(machine.name),
    };
    return [
      persona.container
        ? { ...base, kind: "container", template: template as ContainerTemplatePlan, container: resolveContainerSettings(persona.container) }
        : { ...base, kind: "vm", template: template as TemplatePlan },
    ];
  });
  if (issues.length > 0) return { issues };

  const withDependencies = machines.map((machine): MachinePlan => {
    const dependencies = new Set(machine.persona.dependsOn ?? []);
    const dependedOn = machines.filter((other) => dependencies.has(other.persona.name)).sort((a, b) => a.startOrder - b.startOrder);
    return { ...machine, dependsOn: dependedOn.map((other) => other.name) };
  });
  const model: EnvironmentModel = {
    name,
    file,
    proxmox: {
      endpoint: spec.proxmox.endpoint,
      insecure: spec.proxmox.insecure,
      sshUser: spec.proxmox.sshUser,
      nodes: spec.proxmox.nodes,
      datastore: spec.proxmox.datastore,
      imageDatastore: spec.proxmox.imageDatastore,
      backupDatastore: spec.proxmox.backupDatastore ?? spec.proxmox.imageDatastore,
    },
    network: resolveNetwork(spec, withDependencies),
    access: spec.access,
    backend: spec.backend,
    vmIdRange: { start: spec.vmids.start, end: spec.vmids.end },
    templates,
    containerTemplates: containerTemplates.templates,
    machines: withDependencies,
    backup: resolveBackup(name, spec, withDependencies),
  };
  return { model };
}
