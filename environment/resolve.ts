import type { ValidationIssue } from "./issues";
import { resolveLifecycle } from "./lifecycle";
import type { ContainerTemplatePlan, EnvironmentModel, MachinePlan, MachinePlanBase, NetworkPlan, TemplatePlan } from "./model";
import type { Persona, PersonaCatalog, Service, ServicePort } from "./persona";
import { bootSlot, dataDiskSlots } from "./registry/disk-slots";
import type { MachineRegistry } from "./registry/machine-registry";
import { emptyRegistry, registryFileName } from "./registry/machine-registry";
import { reconcileRegistry, registryTemplate, replacementCause } from "./registry/reconcile";
import { registryNotices } from "./registry/registry-notices";
import { checkRegistryChanges } from "./registry/registry-rules";
import { resolveAppCatalogue } from "./resolve-apps";
import { resolveBackup } from "./resolve-backup";
import { resolveContainerSettings, resolveContainerTemplates } from "./resolve-containers";
import type { EnvironmentSpec } from "./schema";
import { runsService, SERVICE_NAMES } from "./service-names";
import { SIZES } from "./sizes";
import { allocateVmIds } from "./vmid-allocation";

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

/**
 * The network as machines see it; the NTP servers default to the addresses of the environment's
 * time servers, the DNS forwarders to the DNS servers that are not its own DNS machines (else the gateway).
 */
function resolveNetwork(spec: EnvironmentSpec, machines: readonly MachinePlan[]): NetworkPlan {
  const { network, proxmox } = spec;
  const timeServers = machines.filter((machine) => runsService(machine, SERVICE_NAMES.time)).map((machine) => machine.ip);
  const ownDns = new Set(machines.filter((machine) => runsService(machine, SERVICE_NAMES.dns)).map((machine) => machine.ip));
  const upstream = network.dnsServers.filter((server) => !ownDns.has(server));
  return {
    cidr: network.cidr,
    prefixLength: Number(network.cidr.split("/")[1]),
    gateway: network.gateway,
    dnsServers: network.dnsServers,
    domain: network.domain,
    vlan: network.vlan,
    bridge: proxmox.bridge,
    ntpServers: network.ntpServers ?? timeServers,
    dnsForwarders: network.dnsForwarders ?? (upstream.length > 0 ? upstream : [network.gateway]),
  };
}

/** The history an environment is resolved against: its machine registry. */
export interface RegistryHistory {
  /** The registry as committed (or an empty one). */
  readonly registry: MachineRegistry;
  /** Its file, as issues name it. */
  readonly file: string;
  /** Machines whose retirement ends in this synth (`npm run synth -- --retire`). */
  readonly retire: ReadonlySet<string>;
}

/** The history of an environment that has none yet: an empty registry, held in memory. */
export function freshHistory(name: string, spec: EnvironmentSpec): RegistryHistory {
  return { registry: emptyRegistry(spec.vmids.start), file: `${registryFileName(name)} (in memory)`, retire: new Set() };
}

/**
 * Resolves a spec that passed the schema into the environment model: personas looked up, sizes
 * applied, nodes, datastores and lifecycles defaulted, VMIDs and disk slots taken from the machine
 * registry (or handed out), dependencies wired, and the registry reconciled with the result: the
 * registry rules refuse what would lose data unnoticed, and the model carries the registry after
 * this synth. Either every machine resolves and the model is returned (with the names of `retire`
 * whose retirement ended), or the issues say what did not.
 */
export function resolveEnvironment(
  name: string,
  file: string,
  spec: EnvironmentSpec,
  catalog: PersonaCatalog,
  history: RegistryHistory = freshHistory(name, spec),
):
  | { readonly model: EnvironmentModel; readonly retired: ReadonlySet<string>; readonly issues?: undefined }
  | { readonly model?: undefined; readonly issues: ValidationIssue[] } {
  const { registry } = history;
  const allocation = allocateVmIds(file, spec, registry, history.file);
  const containerTemplates = resolveContainerTemplates(name, file, spec);
  const issues = [...allocation.issues, ...containerTemplates.issues];
  const templates = resolveTemplates(name, spec, allocation.baseVmIds);
  const templatesByKey = new Map(templates.map((template) => [template.key, template]));
  const containerTemplatesByKey = new Map(containerTemplates.templates.map((template) => [template.key, template]));
  const depths = dependencyDepths(catalog.personas);
  const defaultNode = spec.proxmox.nodes[0].name;
  const allowDataLoss = new Set(spec.allowDataLoss ?? []);
  const rebuild = new Set(spec.rebuild ?? []);

  const machines = spec.machines.flatMap((machine, index): MachinePlan[] => {
    // references (persona, its template) were checked before resolution (rules/references.ts);
    // a template that is declared but not resolved ran out of base VMIDs (the allocation says so)
    const persona = catalog.personas.get(machine.persona);
    const template = persona && (persona.container ? containerTemplatesByKey.get(persona.template) : templatesByKey.get(persona.template));
    if (!persona || !template) return [];
    const vmId = allocation.machineVmIds[index];
    if (vmId === undefined) return [];
    const size = machine.size ?? persona.size;
    const resources = SIZES[size];
    const kind = persona.container ? "container" : "vm";
    const entry = Object.hasOwn(registry.machines, machine.name) ? registry.machines[machine.name] : undefined;
    const rebuilt = rebuild.has(machine.name);
    const recordedTemplate = persona.container
      ? registryTemplate({ kind: "container", template: template as ContainerTemplatePlan })
      : registryTemplate({ kind: "vm", template: template as TemplatePlan });
    // a VM replaced by a new one starts with fresh slots; one that stays keeps the slots its registry records
    const replaced = entry !== undefined && replacementCause(entry, { vmId, kind, rebuild: rebuilt, template: recordedTemplate }) !== undefined;
    const personaDisks = persona.dataDisks ?? [];
    const slots = dataDiskSlots(
      kind,
      personaDisks.map((disk) => disk.purpose),
      replaced ? undefined : entry,
    );
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
      bootDisk: { sizeGiB: resources.bootDiskGiB, datastore: spec.proxmox.datastore, slot: bootSlot(kind) },
      dataDisks: personaDisks.map((disk, diskIndex) => ({
        purpose: disk.purpose,
        sizeGiB: disk.sizeGiB,
        datastore: disk.datastore ?? spec.proxmox.datastore,
        slot: slots[diskIndex],
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
      rebuild: rebuilt,
    };
    return [
      persona.container
        ? { ...base, kind: "container", template: template as ContainerTemplatePlan, container: resolveContainerSettings(persona.container) }
        : { ...base, kind: "vm", template: template as TemplatePlan },
    ];
  });
  if (issues.length > 0) return { issues };

  const reconciliation = reconcileRegistry({
    plans: machines,
    registry,
    allowDataLoss,
    retire: history.retire,
    nextVmId: allocation.nextVmId,
    baseVmIds: allocation.baseVmIds,
  });
  issues.push(
    ...checkRegistryChanges(reconciliation.changes, {
      file,
      registryFile: history.file,
      allowDataLoss,
      rebuildPaths: new Map((spec.rebuild ?? []).map((machineName, index) => [machineName, `rebuild[${index}]`])),
      sizeWritten: new Set(spec.machines.flatMap((machine, index) => (machine.size === undefined ? [] : [index]))),
    }),
  );
  if (issues.length > 0) return { issues };

  // a machine whose old VM retires first is left out; one replaced after a retirement keeps prevent_destroy off for its replacing deploy
  const kept = machines
    .filter((machine) => !reconciliation.held.has(machine.name))
    .map((machine) => (reconciliation.replacing.has(machine.name) ? { ...machine, lifecycle: { ...machine.lifecycle, preventDestroy: false } } : machine));
  const withDependencies = kept.map((machine): MachinePlan => {
    const dependencies = new Set(machine.persona.dependsOn ?? []);
    const dependedOn = kept.filter((other) => dependencies.has(other.persona.name)).sort((a, b) => a.startOrder - b.startOrder);
    return { ...machine, dependsOn: dependedOn.map((other) => other.name) };
  });
  // the apps of a machine whose VM retires to be replaced wait, with it, for the retirement to end
  const { catalogue, issues: appIssues } = resolveAppCatalogue(file, spec, machines);
  if (appIssues) return { issues: appIssues };
  const placed = new Set(kept.map((machine) => machine.name));
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
    retiring: reconciliation.retiring,
    registry: reconciliation.registry,
    warnings: registryNotices(reconciliation, {
      file,
      allowDataLoss: spec.allowDataLoss ?? [],
      machineNames: spec.machines.map((machine) => machine.name),
      previous: registry,
    }),
    ...catalogue,
    apps: catalogue.apps.filter((app) => placed.has(app.machine)),
    backup: resolveBackup(name, spec, withDependencies),
  };
  return { model, retired: reconciliation.retired };
}
