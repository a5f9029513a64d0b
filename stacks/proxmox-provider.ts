import type { TerraformStack } from "cdktf";
import { ProxmoxProvider } from "../.gen/providers/proxmox/provider";
import type { ProxmoxPlan } from "../environment/model";
import { STACK_CONSTRUCT_IDS } from "../environment/stack-names";

/** The bpg/proxmox release whose schema is vendored in providers/bpg-proxmox/schema.json. */
const PROXMOX_PROVIDER_VERSION = "0.111.1";

/**
 * Configures the bpg/proxmox provider of an environment's stack, pinned to
 * {@link PROXMOX_PROVIDER_VERSION}. No secret: the API token comes from `PROXMOX_VE_API_TOKEN` at
 * deploy time, and uploads go over SSH with the user's ssh-agent.
 */
export function configureProxmoxProvider(stack: TerraformStack, proxmox: ProxmoxPlan): ProxmoxProvider {
  const provider = new ProxmoxProvider(stack, STACK_CONSTRUCT_IDS["the bpg/proxmox provider"], {
    endpoint: proxmox.endpoint,
    insecure: proxmox.insecure,
    ssh: [{ agent: true, username: proxmox.sshUser }],
  });
  stack.addOverride("terraform.required_providers.proxmox.version", PROXMOX_PROVIDER_VERSION);
  return provider;
}
