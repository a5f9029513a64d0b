import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import type { DiskInterface } from "../constructs/proxmox-vm";
import { ProxmoxVm } from "../constructs/proxmox-vm";
import type { EnvironmentModel, VmMachinePlan } from "../environment/model";
import { machineDescription, machineTags, validateDataSafety } from "./machine-common";

/** Props of {@link PersonaMachine}. */
export interface PersonaMachineProps {
  /** The resolved machine: persona, node, VMID, IP, size, disks, template, lifecycle. */
  readonly plan: VmMachinePlan;
  /** The resolved environment it belongs to (network, access, name). */
  readonly environment: EnvironmentModel;
  /** Machines this one is created after (its persona's dependencies). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A machine playing a persona: the persona's intent (template, size, disks, tags, lifecycle)
 * applied to one placement (node, VMID, IP) of an environment, as a {@link ProxmoxVm}.
 */
export class PersonaMachine extends Construct {
  /** The VM construct (its `resource` is the L1 escape hatch). */
  public readonly vm: ProxmoxVm;
  /** The resolved machine this was built from. */
  public readonly plan: VmMachinePlan;

  constructor(scope: Construct, id: string, props: PersonaMachineProps) {
    super(scope, id);
    const { plan, environment } = props;
    const { network, access } = environment;
    this.plan = plan;
    this.vm = new ProxmoxVm(this, "machine", {
      name: plan.name,
      node: plan.node,
      vmId: plan.vmId,
      templateVmId: plan.template.vmId,
      templateNode: plan.template.node,
      followTemplate: plan.rebuild,
      cores: plan.resources.cores,
      memoryMiB: plan.resources.memoryMiB,
      bootDisk: { sizeGiB: plan.bootDisk.sizeGiB, datastore: plan.bootDisk.datastore, interface: plan.bootDisk.slot as DiskInterface },
      // data disks keep the slot the registry records for their purpose; they are backed up like the boot disk
      dataDisks: plan.dataDisks.map((disk) => ({
        sizeGiB: disk.sizeGiB,
        datastore: disk.datastore,
        interface: disk.slot as DiskInterface,
        serial: disk.serial,
        backup: true,
      })),
      nics: [{ bridge: network.bridge, vlan: network.vlan }],
      ipv4: { address: `${plan.ip}/${network.prefixLength}`, gateway: network.gateway },
      dnsServers: network.dnsServers,
      dnsDomain: network.domain,
      user: access.user,
      sshKeys: access.sshKeys,
      tags: machineTags(plan, environment),
      description: machineDescription(plan, environment),
      startOrder: plan.startOrder,
      lifecycle: plan.lifecycle,
      dependsOn: props.dependsOn,
    });
    validateDataSafety(this, plan);
  }
}
