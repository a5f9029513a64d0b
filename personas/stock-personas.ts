import type { Persona } from "../environment/persona";
import { SERVICES } from "./services";

/** DNS resolver and reverse proxy: the first thing a lab needs, so it depends on nothing. */
export const networkingPersona: Persona = {
  name: "networking",
  description: "DNS resolver and reverse proxy for the environment",
  template: "debian-12",
  size: "small",
  services: [SERVICES.dns, SERVICES.reverse_proxy],
  tags: ["infra", "networking"],
  stateful: false,
};

/** Internal certificate authority: its keys are data, so it is stateful. */
export const certificateAuthorityPersona: Persona = {
  name: "certificate-authority",
  description: "Internal ACME certificate authority",
  template: "debian-12",
  size: "small",
  dataDisks: [{ sizeGiB: 8, purpose: "ca-data" }],
  services: [SERVICES.certificate_authority],
  tags: ["infra", "pki"],
  dependsOn: ["networking"],
  stateful: true,
};

/** NTP server: every TLS handshake and log line depends on the clock. */
export const timeServerPersona: Persona = {
  name: "time-server",
  description: "NTP server (chrony) for the environment",
  template: "debian-12",
  size: "small",
  services: [SERVICES.ntp],
  tags: ["infra", "ntp"],
  dependsOn: ["networking"],
  stateful: false,
};

/** Metrics and logs: keeps its time series on a data disk. */
export const monitoringPersona: Persona = {
  name: "monitoring",
  description: "Metrics, logs and alerting",
  template: "ubuntu-2404",
  size: "medium",
  dataDisks: [{ sizeGiB: 64, purpose: "monitoring-data" }],
  services: [SERVICES.metrics, SERVICES.dashboard, SERVICES.docker],
  tags: ["infra", "monitoring"],
  dependsOn: ["networking", "certificate-authority", "time-server"],
  stateful: true,
};

/** Runs Docker Compose workloads; their volumes live on a data disk. */
export const dockerHostPersona: Persona = {
  name: "docker-host",
  description: "Docker Compose workload host",
  template: "ubuntu-2404",
  size: "large",
  dataDisks: [{ sizeGiB: 100, purpose: "docker-volumes" }],
  services: [SERVICES.docker, SERVICES.compose_apps],
  tags: ["apps", "docker"],
  dependsOn: ["networking", "certificate-authority", "time-server", "monitoring"],
  stateful: true,
};

/**
 * Internal tools and CI runners as Docker Compose stacks, in an unprivileged LXC container: lighter
 * than a VM, nesting on for Docker, its Compose volumes on a mount point that is backed up.
 */
export const toolsHostPersona: Persona = {
  name: "tools-host",
  description: "Internal tools and CI runners as Docker Compose stacks, in an LXC container",
  template: "debian-12",
  container: { nesting: true },
  size: "medium",
  dataDisks: [{ sizeGiB: 32, purpose: "tools-data" }],
  services: [SERVICES.docker, SERVICES.compose_apps],
  tags: ["apps", "lxc", "tools"],
  dependsOn: ["networking", "certificate-authority", "time-server"],
  stateful: true,
};

/** Every stock persona, in deploy order. */
export const STOCK_PERSONAS: readonly Persona[] = [
  networkingPersona,
  certificateAuthorityPersona,
  timeServerPersona,
  monitoringPersona,
  dockerHostPersona,
  toolsHostPersona,
];
