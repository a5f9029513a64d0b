import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { EnvironmentInput } from "../environment/schema";

/** Machines per environment a /22 holds comfortably: 4 blocks of 250 host addresses. */
const MAX_MACHINES_PER_ENVIRONMENT = 1000;

/** Width of each environment's VMID range. */
const VMID_RANGE_SIZE = 10_000;

/** The infrastructure every environment starts with (one of each), before its docker hosts. */
const INFRA_PERSONAS = ["networking", "certificate-authority", "time-server", "monitoring"] as const;

/** Short host name part per persona. */
const ROLE_OF: Readonly<Record<string, string>> = {
  networking: "dns",
  "certificate-authority": "ca",
  "time-server": "ntp",
  monitoring: "mon",
  "docker-host": "docker",
};

/** Proxmox nodes per synthetic environment: machines are spread over them round-robin. */
const NODES_PER_ENVIRONMENT = 4;

/** The SSH key of the bundled example (a real ed25519 public key line). */
const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@homelab";

/** The default number of environments a lab of `machineCount` machines is spread over: 2 for tiny labs, else 4. */
export function defaultEnvironmentCount(machineCount: number): number {
  return machineCount <= 10 ? 2 : 4;
}

/**
 * The address of the `host`-th machine of environment `env`: environments sit on 10.(64+4·env).0.0/22
 * and take 250 addresses per /24 (.4 to .253), so the gateway (.1) and the DNS entries stay clear.
 */
function machineIp(env: number, host: number): string {
  return `10.${64 + 4 * env}.${Math.floor(host / 250)}.${4 + (host % 250)}`;
}

/**
 * One synthetic environment of `machineCount` machines: one machine of each infrastructure persona,
 * then docker hosts of alternating sizes with compose stacks, spread over four nodes. Valid under
 * every fleet rule together with its siblings: names, IPs (own /22 and VLAN), VMID ranges and
 * endpoints are all distinct, and nodes declare no capacity.
 */
function syntheticEnvironment(env: number, machineCount: number): EnvironmentInput {
  if (machineCount < 1 || machineCount > MAX_MACHINES_PER_ENVIRONMENT) {
    throw new RangeError(`an environment holds 1 to ${MAX_MACHINES_PER_ENVIRONMENT} synthetic machines, not ${machineCount}`);
  }
  const site = `site${env + 1}`;
  const nodes = Array.from({ length: NODES_PER_ENVIRONMENT }, (_, index) => ({ name: `${site}-pve${index + 1}` }));
  const vmidStart = VMID_RANGE_SIZE * (env + 1);
  const vmidEnd = vmidStart + VMID_RANGE_SIZE - 1;
  const machines = Array.from({ length: machineCount }, (_, host) => {
    const persona = host < INFRA_PERSONAS.length ? INFRA_PERSONAS[host] : "docker-host";
    const dockerHost = persona === "docker-host";
    return {
      name: `${site}-${ROLE_OF[persona]}-${host + 1}`,
      persona,
      ip: machineIp(env, host),
      node: nodes[host % nodes.length].name,
      ...(dockerHost ? { size: host % 2 === 0 ? ("medium" as const) : ("large" as const), composeStacks: ["whoami"] } : {}),
    };
  });
  return {
    description: `Synthetic benchmark environment ${site} (${machineCount} machines)`,
    proxmox: { endpoint: `https://pve.${site}.bench.home.arpa:8006/`, insecure: true, sshUser: "terraform", nodes },
    network: {
      cidr: `10.${64 + 4 * env}.0.0/22`,
      gateway: `10.${64 + 4 * env}.0.1`,
      dnsServers: [machineIp(env, 0)],
      domain: `${site}.bench.home.arpa`,
      vlan: 100 + env,
    },
    vmids: { start: vmidStart, end: vmidEnd },
    templates: {
      "debian-12": {
        name: "tmpl-debian-12-v1",
        vmid: vmidEnd - 100,
        image: { url: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2" },
      },
      "ubuntu-2404": {
        name: "tmpl-ubuntu-2404-v1",
        vmid: vmidEnd - 101,
        image: { url: "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img" },
      },
    },
    backend: { type: "local" },
    access: { user: "ops", sshKeys: [SSH_KEY] },
    machines,
  };
}

/**
 * Writes a synthetic lab of `machineCount` machines into `directory` as `site<N>.yaml` files, the
 * machines split as evenly as possible over `environmentCount` environments. Returns the file paths.
 */
export function writeSyntheticLab(directory: string, machineCount: number, environmentCount = defaultEnvironmentCount(machineCount)): string[] {
  if (environmentCount < 1 || environmentCount > machineCount) {
    throw new RangeError(`cannot spread ${machineCount} machines over ${environmentCount} environments`);
  }
  fs.mkdirSync(directory, { recursive: true });
  return Array.from({ length: environmentCount }, (_, env) => {
    const share = Math.floor(machineCount / environmentCount) + (env < machineCount % environmentCount ? 1 : 0);
    const file = path.join(directory, `site${env + 1}.yaml`);
    fs.writeFileSync(file, yaml.dump(syntheticEnvironment(env, share), { lineWidth: -1 }));
    return file;
  });
}
