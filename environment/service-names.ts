/**
 * The services the domain core itself relies on, by name. The stock service table
 * (personas/services.ts) defines them; a consumer's persona that plays one of these parts uses the
 * same name.
 */
export const SERVICE_NAMES = {
  /** Serves time: the NTP servers default to its machines. */
  time: "ntp",
  /** The environment's DNS: the forwarders default to the DNS servers that are none of its machines. */
  dns: "dns",
  /** Runs Compose workloads: an app's machine has it. */
  composeApps: "compose_apps",
  /** The reverse proxy in front of the apps: one site per app hostname, and the target of their DNS names. */
  reverseProxy: "reverse_proxy",
  /** The lab CA the reverse proxy gets the apps' certificates from by ACME. */
  certificateAuthority: "certificate_authority",
} as const;

/** Whether a machine (anything with `services`) runs the service called `name`. */
export function runsService(machine: { readonly services: readonly { readonly name: string }[] }, name: string): boolean {
  return machine.services.some((service) => service.name === name);
}
