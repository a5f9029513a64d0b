import { Persona } from "../personas/persona";
import { PersonaCatalog } from "../personas/persona-catalog";
import { SizeName, SizeSpec, SIZES } from "../personas/sizes";
import { EnvironmentSpec } from "./environment-schema";
import { EnvironmentValidationError, ValidationIssue } from "./validation-issue";

/** A golden template as every layer sees it: Packer builds it, Terraform clones it. */
export interface TemplatePlan {
  /** Key in the environment's `templates`, which personas refer to (e.g. `debian-12`). */
  readonly key: string;
  /** Template VM name in Proxmox. */
  readonly name: string;
  /** Template VMID. */
  readonly vmId: number;
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

/** Hands out VMIDs from the range, in file order, skipping every VMID the environment pins. */
function allocateVmIds(spec: EnvironmentSpec, file: string): { vmIds: number[]; issues: ValidationIssue[] } {
  const taken = new Set<number>([
    ...Object.values(spec.templates).map((template) => template.vmid),
    ...spec.machines.flatMap((machine) => (machine.vmid === undefined ? [] : [machine.vmid])),
  ]);
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
 * nodes defaulted, VMIDs allocated. Throws {@link EnvironmentValidationError} for references
 * that do not resolve.
 */
export function resolveEnvironment(name: string, file: string, spec: EnvironmentSpec, catalog: PersonaCatalog): EnvironmentModel {
  const defaultNode = spec.proxmox.nodes[0].name;
  const prefixLength = Number(spec.network.cidr.split("/")[1]);
  const templates: TemplatePlan[] = Object.keys(spec.templates)
    .sort()
    .map((key) => {
      const template = spec.templates[key];
      return { key, name: template.name, vmId: template.vmid, node: template.node ?? defaultNode, image: template.image, buildUser: template.buildUser };
    });
  const templatesByKey = new Map(templates.map((template) => [template.key, template]));
  const { vmIds, issues } = allocateVmIds(spec, file);

  const machines = spec.machines.flatMap((machine, index): MachinePlan[] => {
    const persona = catalog.get(machine.persona);
    if (!persona) {
      issues.push({ file, path: `machines[${index}].persona`, message: `unknown persona '${machine.persona}' (known: ${[...catalog.keys()].sort().join(", ")})` });
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
      },
    ];
  });
  if (issues.length > 0) throw new EnvironmentValidationError(issues);
  return { name, file, spec, machines, templates };
}
