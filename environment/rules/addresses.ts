import * as ipaddr from "ipaddr.js";
import type { EnvironmentSpec } from "../schema";
import type { ValidationIssue } from "../issues";
import type { DocumentRule, Location } from "./rule";
import { referTo } from "./rule";

/** The environment network as numbers to compare addresses with. */
interface Subnet {
  /** `network/prefix` with the host bits cleared. */
  readonly cidr: string;
  readonly range: [ipaddr.IPv4, number];
  readonly network: string;
  readonly broadcast: string;
}

function subnetOf(cidr: string): Subnet {
  const range = ipaddr.IPv4.parseCIDR(cidr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  return { cidr: `${network}/${range[1]}`, range, network, broadcast: ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString() };
}

/** Why `address` cannot be a host address of the subnet, or undefined when it can. */
function unusableReason(address: string, subnet: Subnet): string | undefined {
  if (!ipaddr.IPv4.parse(address).match(subnet.range)) return `${address} is outside ${subnet.cidr}`;
  if (address === subnet.network) return `${address} is the network address of ${subnet.cidr}`;
  if (address === subnet.broadcast) return `${address} is the broadcast address of ${subnet.cidr}`;
  return undefined;
}

/** The layer-2 network an environment's machines are on: a bridge and a VLAN (untagged is a network of its own). */
function l2NetworkOf(spec: EnvironmentSpec): string {
  return `${spec.proxmox.bridge} ${spec.network.vlan === undefined ? "untagged" : `VLAN ${spec.network.vlan}`}`;
}

/** Whether two subnets share any address. */
function overlaps(a: Subnet, b: Subnet): boolean {
  return ipaddr.IPv4.parse(a.network).match(b.range) || ipaddr.IPv4.parse(b.network).match(a.range);
}

/**
 * `network.cidr` is a network address; the gateway and every machine IP are host addresses inside
 * it (machines never take the gateway's). One L2 network is a bridge and a VLAN (untagged
 * included): an IP network lives on one L2 network of a bridge (the same or an overlapping CIDR
 * untagged and tagged, or on two VLANs, of one bridge is a mistake; another bridge is another
 * network), and no two machines of any environment share an IP on one L2 network.
 */
export const addressRules: DocumentRule = (documents) => {
  const issues: ValidationIssue[] = [];
  const owners = new Map<string, Location & { readonly machine: string }>();
  const networks: (Location & { readonly subnet: Subnet; readonly bridge: string; readonly l2: string })[] = [];
  for (const { file, spec } of documents) {
    const subnet = subnetOf(spec.network.cidr);
    const l2 = l2NetworkOf(spec);
    if (subnet.cidr !== spec.network.cidr) {
      issues.push({ file, path: "network.cidr", message: `${spec.network.cidr} has host bits set (did you mean ${subnet.cidr}?)` });
    }
    const { bridge } = spec.proxmox;
    const elsewhere = networks.find((other) => other.bridge === bridge && other.l2 !== l2 && overlaps(other.subnet, subnet));
    if (elsewhere) {
      issues.push({
        file,
        path: "network.cidr",
        message: `${subnet.cidr} overlaps ${elsewhere.subnet.cidr} ${referTo(file, elsewhere)} on ${elsewhere.l2}, another L2 network of the bridge than this one (${l2}): an IP network lives on one VLAN of a bridge (or untagged)`,
      });
    }
    networks.push({ file, path: "network.cidr", subnet, bridge, l2 });
    const gatewayProblem = unusableReason(spec.network.gateway, subnet);
    if (gatewayProblem) issues.push({ file, path: "network.gateway", message: gatewayProblem });
    spec.machines.forEach((machine, index) => {
      const path = `machines[${index}].ip`;
      const problem = unusableReason(machine.ip, subnet) ?? (machine.ip === spec.network.gateway ? `${machine.ip} is the gateway address` : undefined);
      if (problem) issues.push({ file, path, message: problem });
      const key = `${l2} ${machine.ip}`;
      const owner = owners.get(key);
      if (owner) issues.push({ file, path, message: `${machine.ip} is already used by ${owner.machine} ${referTo(file, owner)} on ${l2}` });
      else owners.set(key, { file, path, machine: machine.name });
    });
  }
  return issues;
};
