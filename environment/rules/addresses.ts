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

/** The layer-2 segment an environment's machines share addresses on. */
function segmentOf(spec: EnvironmentSpec): string {
  return spec.network.vlan === undefined ? "the untagged network" : `VLAN ${spec.network.vlan}`;
}

/**
 * `network.cidr` is a network address; the gateway and every machine IP are host addresses inside
 * it (machines never take the gateway's); no two machines of any environment share an IP on the
 * same VLAN.
 */
export const addressRules: DocumentRule = (documents) => {
  const issues: ValidationIssue[] = [];
  const owners = new Map<string, Location & { readonly machine: string }>();
  for (const { file, spec } of documents) {
    const subnet = subnetOf(spec.network.cidr);
    if (subnet.cidr !== spec.network.cidr) {
      issues.push({ file, path: "network.cidr", message: `${spec.network.cidr} has host bits set (did you mean ${subnet.cidr}?)` });
    }
    const gatewayProblem = unusableReason(spec.network.gateway, subnet);
    if (gatewayProblem) issues.push({ file, path: "network.gateway", message: gatewayProblem });
    spec.machines.forEach((machine, index) => {
      const path = `machines[${index}].ip`;
      const problem = unusableReason(machine.ip, subnet) ?? (machine.ip === spec.network.gateway ? `${machine.ip} is the gateway address` : undefined);
      if (problem) issues.push({ file, path, message: problem });
      const key = `${segmentOf(spec)} ${machine.ip}`;
      const owner = owners.get(key);
      if (owner) issues.push({ file, path, message: `${machine.ip} is already used by ${owner.machine} ${referTo(file, owner)} on ${segmentOf(spec)}` });
      else owners.set(key, { file, path, machine: machine.name });
    });
  }
  return issues;
};
