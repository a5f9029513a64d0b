import { Persona } from "../personas/persona";
import { PersonaCatalog } from "../personas/persona-catalog";
import { SizeName, SizeSpec, SIZES } from "../personas/sizes";
import { EnvironmentSpec, MachineLifecycleSpec } from "./environment-schema";
import { didYouMean } from "./validation/did-you-mean";
import { EnvironmentValidationError, ValidationIssue } from "./validation-issue";

/** A golden template as every layer sees it: Packer builds it, Terraform clones it. */
export interface TemplatePlan {
  /** Key in the environment's `templates`, which personas refer to (e.g. `debian-12`). */
  readonly key: string;
  /** Template VM name in Proxmox. */
  readonly name: string;
  /** Template VMID: what the machines clone and what Packer writes. */
  readonly vmId: number;
  /**
   * VMID of the base VM imported from the cloud image, which Packer clones to build the template.
   * Derived, never written by hand: the highest VMIDs of the environment's `vmids` range that no
   * template or machine pins, handed out in template key order; machines are allocated from the
   * bottom of the range and skip them, so no two VMIDs of an environment can be equal.
   */
  readonly baseVmId: number;
  /** Node that holds the template. */
  readonly node: string;
  /** Cloud image the template is built from. */
  readonly image: EnvironmentSpec["templates"][string]["image"];
  /** SSH user Packer builds with. */
  readonly buildUser: string;
}

/** One machine, fully resolved: the single record the VM, the inventory and the var file are made from. */
export interface MachinePlan {
  /** Hostname and VM name. */
  readonly name: string;
  /** Index in the environment's `machines` (for error paths). */
  readonly index: number;
  /** The persona the machine plays. */
  readonly persona: Persona;
  /** Proxmox node. */
  readonly node: string;
  /** VMID: given, or allocated from the environment's range. */
  readonly vmId: number;
  /** Static IPv4 address (no prefix). */
  readonly ip: string;
  /** Prefix length of the environment network. */
  readonly prefixLength: number;
  /** Effective size name and what it means. */
  readonly size: SizeName;
  /** CPU, memory and boot disk for that size. */
  readonly resources: SizeSpec;
  /** The template it clones. */
  readonly template: TemplatePlan;
  /** Compose stacks it runs. */
  readonly composeStacks: readonly string[];
  /** Start order from the persona dependency depth (1 = depends on nothing). */
  readonly startOrder: number;
  /** Destroy-time overrides of the persona's defaults (`machines[].lifecycle`). @default none */
  readonly lifecycle?: MachineLifecycleSpec;
}

/** A validated environment with every machine resolved. */
export interface EnvironmentModel {
  /** Environment name (the file name without extension). */
  readonly name: string;
  /** Source file, relative and `/`-separated (or a label for environments written in code). */
  readonly file: string;
  /** The validated spec. */
  readonly spec: EnvironmentSpec;
  /** Machines in file order. */
  readonly machines: readonly MachinePlan[];
  /** Templates in key order. */
  readonly templates: readonly TemplatePlan[];
}

/** Depth of each persona in the dependency graph: 1 for no dependencies. Assumes no cycles. */
function dependencyDepth(persona: Persona, catalog: PersonaCatalog, seen: ReadonlySet<string> = new Set()): number {
  const deps = (persona.dependsOn ?? []).map((name) => catalog.get(name)).filter((p): p is Persona => p !== undefined);
  if (seen.has(persona.name)) return 1;
  const next = new Set(seen).add(persona.name);
  return 1 + Math.max(0, ...deps.map((dep) => dependencyDepth(dep, catalog, next)));
}

/** Every VMID the environment pins: templates and machines with an explicit `vmid`. */
function pinnedVmIds(spec: EnvironmentSpec): Set<number> {
  return new Set<number>([
    ...Object.values(spec.templates).map((template) => template.vmid),
    ...spec.machines.flatMap((machine) => (machine.vmid === undefined ? [] : [machine.vmid])),
  ]);
}

/** Hands out the base image VMIDs from the top of the range down, in template key order, skipping pinned VMIDs. */
function allocateBaseVmIds(spec: EnvironmentSpec, file: string, keys: readonly string[]): { baseVmIds: Map<string, number>; issues: ValidationIssue[] } {
  const pinned = pinnedVmIds(spec);
  const baseVmIds = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  let next = spec.vmids.end;
  for (const key of keys) {
    while (pinned.has(next)) next -= 1;
    if (next < spec.vmids.start) {
      issues.push({ file, path: `templates.${key}`, message: `no free VMID left in vmids ${spec.vmids.start}-${spec.vmids.end} for the base image VM` });
      break;
    }
    baseVmIds.set(key, next);
    next -= 1;
  }
  return { baseVmIds, issues };
}

/** Hands out VMIDs from the range, in file order, skipping every VMID the environment pins and the base image VMIDs. */
function allocateVmIds(spec: EnvironmentSpec, file: string, baseVmIds: Iterable<number>): { vmIds: number[]; issues: ValidationIssue[] } {
  const taken = new Set<number>([...pinnedVmIds(spec), ...baseVmIds]);
  let next = spec.vmids.start;
  const issues: ValidationIssue[] = [];
  const vmIds = spec.machines.map((machine, index) => {
    if (machine.vmid !== undefined) return machine.vmid;
    while (taken.has(next)) next += 1;
    if (next > spec.vmids.end) {
      issues.push({ file, path: `machines[${index}]`, message: `no free VMID left in vmids ${spec.vmids.start}-${spec.vmids.end}` });
      return 0;
    }
    taken.add(next);
    return next;
  });
  return { vmIds, issues };
}

/**
 * Resolves a validated spec into the environment model: personas looked up, sizes applied,
 * nodes defaulted, VMIDs allocated. References that do not resolve become issues and their
 * machines are left out, so that the fleet rules can still check the rest.
 */
export function planEnvironment(name: string, file: string, spec: EnvironmentSpec, catalog: PersonaCatalog): { model: EnvironmentModel; issues: ValidationIssue[] } {
  const defaultNode = spec.proxmox.nodes[0].name;
  const prefixLength = Number(spec.network.cidr.split("/")[1]);
  const templateKeys = Object.keys(spec.templates).sort();
  const { baseVmIds, issues } = allocateBaseVmIds(spec, file, templateKeys);
  const templates: TemplatePlan[] = templateKeys.map((key) => {
    const template = spec.templates[key];
    const baseVmId = baseVmIds.get(key) ?? 0;
    return { key, name: template.name, vmId: template.vmid, baseVmId, node: template.node ?? defaultNode, image: template.image, buildUser: template.buildUser };
  });
  const templatesByKey = new Map(templates.map((template) => [template.key, template]));
  const allocated = allocateVmIds(spec, file, baseVmIds.values());
  const { vmIds } = allocated;
  issues.push(...allocated.issues);

  const machines = spec.machines.flatMap((machine, index): MachinePlan[] => {
    const persona = catalog.get(machine.persona);
    if (!persona) {
      const known = [...catalog.keys()].sort();
      issues.push({ file, path: `machines[${index}].persona`, message: `unknown persona '${machine.persona}'${didYouMean(machine.persona, known)} (known: ${known.join(", ")})` });
      return [];
    }
    const template = templatesByKey.get(persona.template);
    if (!template) {
      issues.push({ file, path: `machines[${index}].persona`, message: `persona '${persona.name}' needs template '${persona.template}', which templates does not declare` });
      return [];
    }
    const size = machine.size ?? persona.size;
    return [
      {
        name: machine.name,
        index,
        persona,
        node: machine.node ?? defaultNode,
        vmId: vmIds[index],
        ip: machine.ip,
        prefixLength,
        size,
        resources: SIZES[size],
        template,
        composeStacks: machine.composeStacks ?? [],
        startOrder: dependencyDepth(persona, catalog),
        lifecycle: machine.lifecycle,
      },
    ];
  });
  return { model: { name, file, spec, machines, templates }, issues };
}

/**
 * {@link planEnvironment} for one environment on its own, throwing {@link EnvironmentValidationError}
 * for references that do not resolve. Fleet rules are not applied: use `defineEnvironment` for that.
 */
export function resolveEnvironment(name: string, file: string, spec: EnvironmentSpec, catalog: PersonaCatalog): EnvironmentModel {
  const { model, issues } = planEnvironment(name, file, spec, catalog);
  if (issues.length > 0) throw new EnvironmentValidationError(issues);
  return model;
}

/** The templates some machine of the environment clones, in template key order: the ones to import and build. */
export function templatesInUse(model: EnvironmentModel): TemplatePlan[] {
  const used = new Set(model.machines.map((machine) => machine.template.key));
  return model.templates.filter((template) => used.has(template.key));
}
