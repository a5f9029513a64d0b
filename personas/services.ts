import type { Service, ServicePort } from "../environment/persona";

/**
 * The service table: persona -> services -> firewall ports -> Ansible plays -> inventory groups.
 * A stock persona lists its services (personas/stock-personas.ts); every machine of it joins the
 * group `svc_<service>` and gets the host vars `services` and `firewall_allow`; the play that
 * installs a service targets its group (a test checks every group here has one). A new service is
 * one entry here, and a play for its group.
 */

const tcp = (port: number): ServicePort => ({ port, protocol: "tcp" });
const udp = (port: number): ServicePort => ({ port, protocol: "udp" });

/** The stock services by name. */
export type ServiceName = "dns" | "reverse_proxy" | "certificate_authority" | "ntp" | "metrics" | "dashboard" | "docker" | "compose_apps";

/** The stock services: what the stock personas run and `ansible/` installs. */
export const SERVICES: Readonly<Record<ServiceName, Service>> = {
  dns: { name: "dns", description: "BIND9: the environment's DNS", ports: [udp(53), tcp(53)] },
  reverse_proxy: { name: "reverse_proxy", description: "Caddy: TLS-terminating reverse proxy for the environment's web services", ports: [tcp(80), tcp(443)] },
  certificate_authority: { name: "certificate_authority", description: "Step-CA: the environment's internal ACME certificate authority", ports: [tcp(443)] },
  ntp: { name: "ntp", description: "Chrony serving NTP to the environment", ports: [udp(123)] },
  metrics: { name: "metrics", description: "Prometheus, scraping every machine's node exporter", ports: [tcp(9090)] },
  dashboard: { name: "dashboard", description: "homepage, the environment's start page, served through the reverse proxy", ports: [tcp(3000)] },
  docker: { name: "docker", description: "Docker Engine", ports: [] },
  compose_apps: { name: "compose_apps", description: "Docker Compose workloads (each app declares its own ports)", ports: [] },
};

/** What every machine runs whatever its persona: how Ansible reaches it, and what the metrics service scrapes. */
export const BASE_SERVICES: readonly Service[] = [
  { name: "ssh", description: "OpenSSH: how Ansible reaches the machine", ports: [tcp(22)] },
  { name: "node_exporter", description: "Prometheus node exporter, scraped by the metrics service", ports: [tcp(9100)] },
];
