// What an environment needs of its Proxmox VE cluster, read off its model: the nodes, each
// datastore with the content types it must hold on each node (and why), the bridges, the guests
// that are the environment's own, and the templates.
import type { EnvironmentModel } from "../environment/model";
import { containerTemplatesInUse, templatesInUse } from "../environment/model";

/** A content type a datastore must hold, and what of the environment puts it there. */
export interface ContentNeed {
  readonly content: "images" | "rootdir" | "import" | "snippets" | "vztmpl" | "backup";
  readonly why: string;
}

/** One datastore the environment uses: the content types it needs on each node, and the file keys that name it. */
export interface DatastoreNeed {
  readonly id: string;
  /** Content needs by node. */
  readonly nodes: ReadonlyMap<string, readonly ContentNeed[]>;
  /** Where the environment file names it (`proxmox.datastore`, `backups.storage`, ...). */
  readonly namedBy: readonly string[];
}

/** A guest the environment owns: a machine, a golden template or a base image VM. */
export interface OwnGuest {
  readonly vmid: number;
  readonly name: string;
  /** What it is, e.g. `machine lab-dns-1`. */
  readonly role: string;
}

/** Everything the preflight checks the cluster against. */
export interface EnvironmentNeeds {
  /** The nodes the environment declares, in `proxmox.nodes` order. */
  readonly nodes: readonly string[];
  readonly datastores: readonly DatastoreNeed[];
  /** The bridge of every NIC, the nodes it is needed on, and the VLAN tag (a tag needs a VLAN-aware bridge). */
  readonly bridge: { readonly name: string; readonly nodes: readonly string[]; readonly vlan?: number };
  readonly ownGuests: ReadonlyMap<number, OwnGuest>;
  /** Whether some machine is a VM cloned from a cloud-image template (the `import` content type, Proxmox VE 8.4+). */
  readonly importsCloudImages: boolean;
  /** Whether some container template is an OCI image (`oci-registry-pull`, Proxmox VE 9.1+). */
  readonly pullsOciImages: boolean;
}

/** The nodes in declaration order that appear in `used`. */
function inNodeOrder(model: EnvironmentModel, used: ReadonlySet<string>): string[] {
  return model.proxmox.nodes.map((node) => node.name).filter((node) => used.has(node));
}

/** Reads the needs off an environment model. */
export function environmentNeeds(model: EnvironmentModel): EnvironmentNeeds {
  const { proxmox } = model;
  const needs = new Map<string, Map<string, ContentNeed[]>>();
  const need = (datastore: string, node: string, content: ContentNeed["content"], why: string) => {
    const byNode = needs.get(datastore) ?? new Map<string, ContentNeed[]>();
    const list = byNode.get(node) ?? [];
    if (!list.some((item) => item.content === content)) list.push({ content, why });
    byNode.set(node, list);
    needs.set(datastore, byNode);
  };
  const vmTemplates = templatesInUse(model);
  for (const template of vmTemplates) {
    need(proxmox.imageDatastore, template.node, "import", "cloud images");
    need(proxmox.imageDatastore, template.node, "snippets", "cloud-init vendor data of the base VMs");
    need(proxmox.datastore, template.node, "images", "base VM and template disks");
  }
  for (const machine of model.machines) {
    const disks = [machine.bootDisk, ...machine.dataDisks];
    if (machine.kind === "vm") {
      // a clone is made on the template's node and migrated: its disks pass through both
      for (const node of new Set([machine.node, machine.template.node])) for (const disk of disks) need(disk.datastore, node, "images", "VM disks");
    } else {
      for (const disk of disks) need(disk.datastore, machine.node, "rootdir", "container volumes");
    }
  }
  for (const { nodes } of containerTemplatesInUse(model)) for (const node of nodes) need(proxmox.imageDatastore, node, "vztmpl", "LXC templates");
  if (model.backup) {
    const covered = new Set(model.machines.filter((machine) => model.backup?.machines.includes(machine.name)).map((machine) => machine.node));
    for (const node of inNodeOrder(model, covered)) need(model.backup.storage, node, "backup", "the backup job");
  }
  const namedBy = (id: string) =>
    [
      ["proxmox.datastore", proxmox.datastore],
      ["proxmox.imageDatastore", proxmox.imageDatastore],
      ["proxmox.backupDatastore", proxmox.backupDatastore],
      ["backups.storage", model.backup?.storage],
    ].flatMap(([key, value]) => (value === id ? [key as string] : []));
  const datastores = [...needs.keys()].sort().map((id) => {
    const byNode = needs.get(id) as Map<string, ContentNeed[]>;
    const nodes = new Map(inNodeOrder(model, new Set(byNode.keys())).map((node) => [node, byNode.get(node) as ContentNeed[]]));
    return { id, nodes, namedBy: namedBy(id).length > 0 ? namedBy(id) : ["a persona's data disk"] };
  });

  const guestNodes = new Set([...model.machines.map((machine) => machine.node), ...vmTemplates.map((template) => template.node)]);
  const ownGuests = new Map<number, OwnGuest>();
  for (const template of vmTemplates) {
    ownGuests.set(template.vmId, { vmid: template.vmId, name: template.name, role: `template ${template.key}` });
    ownGuests.set(template.baseVmId, {
      vmid: template.baseVmId,
      name: `base-${model.name}-${template.key}`,
      role: `the base image VM of template ${template.key}`,
    });
  }
  for (const machine of model.machines) ownGuests.set(machine.vmId, { vmid: machine.vmId, name: machine.name, role: `machine ${machine.name}` });
  return {
    nodes: proxmox.nodes.map((node) => node.name),
    datastores,
    bridge: { name: model.network.bridge, nodes: inNodeOrder(model, guestNodes), vlan: model.network.vlan },
    ownGuests,
    importsCloudImages: vmTemplates.length > 0,
    pullsOciImages: containerTemplatesInUse(model).some(({ template }) => template.source.kind === "oci"),
  };
}
