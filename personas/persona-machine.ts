import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import type { DiskInterface } from "../constructs/proxmox-vm";
import { ProxmoxVm } from "../constructs/proxmox-vm";
import { dataLossMessage, dataLossSettings } from "../environment/lifecycle";
import type { EnvironmentModel, MachinePlan } from "../environment/model";

/** Props of {@link PersonaMachine}. */
export interface PersonaMachineProps {
  /** The resolved machine: persona, node, VMID, IP, size, disks, template, lifecycle. */
  readonly plan: MachinePlan;
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
  public readonly plan: MachinePlan;

  constructor(scope: Construct, id: string, props: PersonaMachineProps) {
    super(scope, id);
    const { plan, environment } = props;
    const { persona } = plan;
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
      tags: [...(persona.tags ?? []), `persona-${persona.name}`, `env-${environment.name}`],
      description: `${persona.description}. Persona ${persona.name} in environment ${environment.name}; managed by homelab-cdktf.`,
      startOrder: plan.startOrder,
      lifecycle: plan.lifecycle,
      dependsOn: props.dependsOn,
    });
    // The same rule as the environment check, where the lifecycle is applied, so that plans built in code obey it too.
    this.node.addValidation({ validate: () => dataLossSettings(plan).map((setting) => `lifecycle.${setting}: ${dataLossMessage(plan, setting)}`) });
  }
}
