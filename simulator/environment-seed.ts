// The simulator's only contact with the project's environment code: an environment file or model
// becomes a plain SimulatorSeed. Everything else in simulator/ (and rehearsal/) knows nothing of
// environment files; when the environment code moves, only these imports follow it.
import * as fs from "fs";
import * as path from "path";
import { EnvironmentValidationError, formatIssue } from "../environment/issues";
import { loadEnvironments } from "../environment/load/load-environments";
import type { EnvironmentModel } from "../environment/model";
import { stockPersonaCatalog } from "../personas/catalog";
import type { SeedStorage, SimulatorSeed } from "./seed";

/** Size of a seeded golden template's boot disk (what Packer would leave: the base VM's disk). */
export const SEEDED_TEMPLATE_DISK_GIB = 8;

/** Options of {@link seedFromEnvironment}. */
export interface EnvironmentSeedOptions {
  /** Also create the environment's golden templates (as if `<env>-images` and Packer had run). @default false */
  readonly withTemplates?: boolean;
}

/**
 * A cluster that matches an environment: its nodes (with their declared capacity), its bridge on
 * every node, its VM datastore (LVM-thin, or a ZFS pool when the name says so; per node), its
 * image datastore (a directory with `import`, `snippets`, `vztmpl` and `backup`) and its backup
 * datastore when that is another one, optionally its golden templates.
 */
export function seedFromEnvironment(model: EnvironmentModel, options: EnvironmentSeedOptions = {}): SimulatorSeed {
  const { proxmox } = model;
  const { bridge } = model.network;
  const storages: SeedStorage[] =
    proxmox.datastore === proxmox.imageDatastore
      ? [{ id: proxmox.datastore, type: "dir", content: ["images", "rootdir", "iso", "vztmpl", "backup", "snippets", "import"] }]
      : [
          { id: proxmox.datastore, type: /zfs/.test(proxmox.datastore) ? "zfspool" : "lvmthin", content: ["images", "rootdir"] },
          { id: proxmox.imageDatastore, type: "dir", content: ["iso", "vztmpl", "backup", "snippets", "import"] },
        ];
  if (!storages.some((storage) => storage.id === proxmox.backupDatastore))
    storages.push({ id: proxmox.backupDatastore, type: "nfs", content: ["backup"], shared: true });
  return {
    nodes: proxmox.nodes.map((node) => ({ name: node.name, cores: node.cores, memoryMiB: node.memoryMiB, bridges: [bridge] })),
    storages,
    templates: options.withTemplates
      ? model.templates.map((template) => ({
          vmid: template.vmId,
          name: template.name,
          node: template.node,
          storage: proxmox.datastore,
          diskGiB: SEEDED_TEMPLATE_DISK_GIB,
          bridge,
        }))
      : [],
  };
}

/**
 * The seed of an environment file, validated as `npm run synth` validates it (alone, not with the
 * other environments). Throws an Error listing every `file: path: rule` problem.
 */
export function seedFromEnvironmentFile(file: string, options: EnvironmentSeedOptions = {}): SimulatorSeed {
  let model: EnvironmentModel;
  try {
    [model] = loadEnvironments([{ file: path.basename(file), text: fs.readFileSync(file, "utf8") }], stockPersonaCatalog);
  } catch (error) {
    if (error instanceof EnvironmentValidationError) throw new Error(error.issues.map(formatIssue).join("\n"), { cause: error });
    throw error;
  }
  return seedFromEnvironment(model, options);
}
