// The `home` environment, declared in TypeScript instead of YAML and validated by the same rules.
import type { EnvironmentInput, EnvironmentModel, PersonaCatalog } from "homelab-cdktf";
import { defineEnvironment, loadEnvironments } from "homelab-cdktf";
import { homePersonas } from "./home-personas";

/** What errors about this environment name as their file. */
export const HOME_SOURCE = "home-environment.ts";

/** The environment as written: the same keys as an `environments/<env>.yaml` file. */
export const homeInput: EnvironmentInput = {
  description: "The house: DNS, time, a certificate authority, Home Assistant and a media server",
  proxmox: {
    endpoint: "https://pve.home.arpa:8006/",
    insecure: true,
    nodes: [{ name: "pve", cores: 24, memoryMiB: 98304 }],
    datastore: "local-zfs",
    bridge: "vmbr0",
  },
  network: {
    cidr: "192.168.40.0/24",
    gateway: "192.168.40.1",
    dnsServers: ["192.168.40.53"],
    domain: "home.arpa",
    vlan: 40,
  },
  vmids: { start: 4000, end: 4099 },
  templates: {
    "debian-12": {
      name: "tmpl-debian-12-v1",
      vmid: 4090,
      image: { url: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2" },
    },
    "ubuntu-2404": {
      name: "tmpl-ubuntu-2404-v1",
      vmid: 4091,
      image: { url: "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img" },
    },
  },
  access: {
    user: "ops",
    sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@home"],
  },
  machines: [
    { name: "dns", persona: "networking", ip: "192.168.40.53" },
    { name: "ca", persona: "certificate-authority", ip: "192.168.40.54" },
    { name: "ntp", persona: "time-server", ip: "192.168.40.123" },
    { name: "metrics", persona: "monitoring", ip: "192.168.40.60" },
    { name: "hass", persona: "home-assistant", ip: "192.168.40.70" },
    { name: "media", persona: "media-server", ip: "192.168.40.80" },
  ],
};

/**
 * The validated, resolved `home` environment; throws `EnvironmentValidationError` (one
 * `file: path: rule` issue per problem) when the input or a persona is wrong.
 */
export function homeEnvironment(input: EnvironmentInput = homeInput, personas: PersonaCatalog = homePersonas): EnvironmentModel {
  const [home] = loadEnvironments([defineEnvironment("home", input, { source: HOME_SOURCE })], personas);
  return home;
}
