import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { ProxmoxContainer } from "../constructs/proxmox-container";
import type { ContainerMachinePlan, EnvironmentModel } from "../environment/model";
import { machineDescription, machineTags, validateDataSafety } from "./machine-common";

/** The number of a mount point slot: `mp2` -> 2. */
function mountPointNumber(slot: string): number {
  return Number(slot.slice("mp".length));
}

/** Props of {@link PersonaContainer}. */
export interface PersonaContainerProps {
  /** The resolved machine: persona, node, VMID, IP, size, mount points, LXC template, lifecycle. */
  readonly plan: ContainerMachinePlan;
  /** The resolved environment it belongs to (network, access, name). */
  readonly environment: EnvironmentModel;
  /** Machines this one is created after (its persona's dependencies). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A machine playing a container persona: the persona's intent (LXC template, size, data, tags,
 * lifecycle) applied to one placement (node, VMID, IP) of an environment, as a
 * {@link ProxmoxContainer}. Its data disks become mount points at their mount points; root gets the
 * environment's SSH keys (Ansible's base play creates the admin user from them).
 */
export class PersonaContainer extends Construct {
  /** The container construct (its `resource` is the L1 escape hatch). */
  public readonly container: ProxmoxContainer;
  /** The resolved machine this was built from. */
  public readonly plan: ContainerMachinePlan;

  constructor(scope: Construct, id: string, props: PersonaContainerProps) {
    super(scope, id);
    const { plan, environment } = props;
    const { network, access } = environment;
    this.plan = plan;
    this.container = new ProxmoxContainer(this, "machine", {
      name: plan.name,
      node: plan.node,
      vmId: plan.vmId,
      templateFileId: plan.template.volumeId,
      osType: plan.template.osType,
      cores: plan.resources.cores,
      memoryMiB: plan.resources.memoryMiB,
      rootDisk: { sizeGiB: plan.bootDisk.sizeGiB, datastore: plan.bootDisk.datastore },
      // mount points hold what must survive a rebuild of the container; vzdump backs them up with it.
      // The provider numbers them by position (mp0, mp1, ...), so they go in the order of the slots the registry keeps.
      mountPoints: [...plan.dataDisks]
        .sort((a, b) => mountPointNumber(a.slot) - mountPointNumber(b.slot))
        .map((disk) => ({ path: disk.mountPoint, sizeGiB: disk.sizeGiB, datastore: disk.datastore, backup: true })),
      nics: [{ bridge: network.bridge, vlan: network.vlan }],
      ipv4: { address: `${plan.ip}/${network.prefixLength}`, gateway: network.gateway },
      dnsServers: network.dnsServers,
      dnsDomain: network.domain,
      sshKeys: access.sshKeys,
      unprivileged: plan.container.unprivileged,
      nesting: plan.container.nesting,
      tags: machineTags(plan, environment),
      description: machineDescription(plan, environment),
      startOrder: plan.startOrder,
      lifecycle: { protection: plan.lifecycle.protection, preventDestroy: plan.lifecycle.preventDestroy },
      dependsOn: props.dependsOn,
    });
    validateDataSafety(this, plan);
  }
}
