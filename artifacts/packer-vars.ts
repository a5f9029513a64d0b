import type { EnvironmentModel } from "../environment/model";
import { templatesInUse } from "../environment/model";

/** Where an environment's Packer var file is written, relative to the project root. */
export function packerVarFilePath(environment: string): string {
  return `packer/vars/${environment}.pkrvars.json`;
}

/** One golden template as `packer/` builds it (the `templates` variable's element type). */
export interface PackerTemplateVars {
  /** Node the build VM and the template live on. */
  readonly node: string;
  /** Template VMID: exactly what the machines clone. */
  readonly vm_id: number;
  /** Template name: exactly what the machines' template is called. */
  readonly name: string;
  /** VMID of the imported cloud-image VM that Packer clones (the `<env>-images` stack creates it). */
  readonly base_vm_id: number;
  /** Where the cloud image came from (recorded in the template's description and the manifest). */
  readonly image_url: string;
  /** The image's `sha256:`/`sha512:` checksum, or `""` when the environment gives none. */
  readonly image_checksum: string;
  /** SSH user Packer connects as (cloud-init creates it with Packer's temporary key). */
  readonly build_user: string;
}

/** The content of `packer/vars/<env>.pkrvars.json`: every value is a variable declared in `packer/`. */
export interface PackerVars {
  /** Environment name (recorded in the template description). */
  readonly environment: string;
  /** Proxmox API URL (`.../api2/json`); the token comes from `PROXMOX_USERNAME`/`PROXMOX_TOKEN`. */
  readonly proxmox_url: string;
  /** Accept a self-signed Proxmox certificate. */
  readonly proxmox_insecure_skip_tls_verify: boolean;
  /** Datastore of the template disks (the machines' datastore). */
  readonly datastore: string;
  /** Bridge of the build VM's NIC. */
  readonly bridge: string;
  /** VLAN tag of the build VM's NIC, `""` when untagged. */
  readonly vlan_tag: string;
  /** The templates the environment uses, by template key. */
  readonly templates: Readonly<Record<string, PackerTemplateVars>>;
}

/** The Proxmox API URL Packer wants: the endpoint with `api2/json`. */
function apiUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/api2/json`;
}

/**
 * The Packer variables of an environment, from the model alone: node, template VMID and name, base
 * VMID, image source, datastore, bridge and build user of every template some machine clones. No
 * secret: Packer reads the Proxmox credentials from its environment.
 */
export function renderPackerVars(model: EnvironmentModel): PackerVars {
  const { proxmox, network } = model;
  const templates = Object.fromEntries(
    templatesInUse(model).map((template): [string, PackerTemplateVars] => [
      template.key,
      {
        node: template.node,
        vm_id: template.vmId,
        name: template.name,
        base_vm_id: template.baseVmId,
        image_url: template.image.url,
        image_checksum: template.image.checksum ?? "",
        build_user: template.buildUser,
      },
    ]),
  );
  return {
    environment: model.name,
    proxmox_url: apiUrl(proxmox.endpoint),
    proxmox_insecure_skip_tls_verify: proxmox.insecure,
    datastore: proxmox.datastore,
    bridge: network.bridge,
    vlan_tag: network.vlan === undefined ? "" : String(network.vlan),
    templates,
  };
}

/** {@link renderPackerVars} as the JSON text of the var file. */
export function renderPackerVarFile(model: EnvironmentModel): string {
  return `${JSON.stringify(renderPackerVars(model), null, 2)}\n`;
}
