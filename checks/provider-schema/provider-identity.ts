/** Which provider the checks are about, and how a configuration names it. */

/** The provider's source address, as the schema file keys it. */
export const PROVIDER_ADDRESS = "registry.terraform.io/bpg/proxmox";

/** The short source address written in `required_providers`. */
export const PROVIDER_SOURCE = "bpg/proxmox";

/** The local name of the provider: `provider.proxmox`, `required_providers.proxmox`. */
export const PROVIDER_LOCAL_NAME = "proxmox";

/** Resource and data source types of the provider start with this (`proxmox_virtual_environment_vm`). */
export const PROVIDER_TYPE_PREFIX = "proxmox_";
