import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { ProxmoxVm } from "../constructs/proxmox-vm";
import type { MachinePlan } from "../stacks/environment-model";
import type { EnvironmentSpec } from "../stacks/environment-schema";
import { dataLossMessage, dataLossSettings, machineLifecycle } from "./machine-lifecycle";

/** Props of {@link PersonaMachine}. */
export interface PersonaMachineProps {
  /** The resolved machine: persona, node, VMID, IP, size, template. */
  readonly plan: MachinePlan;
  /** The environment it belongs to (network, datastore, bridge, access). */
  readonly environment: EnvironmentSpec;
  /** The environment's name (a Proxmox tag on the VM). */
  readonly environmentName: string;
  /** Machines this one is created after (its persona's dependencies). @default none */
  readonly dependsOn?: ITerraformDependable[];
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
    this.plan = plan;
    // The same rule as the environment check, here where the lifecycle is decided, so that plans built in code obey it too.
    const dataLoss = dataLossSettings(persona, plan.lifecycle);
    if (dataLoss.length > 0 && !(environment.allowDataLoss ?? []).includes(plan.name)) {
      throw new Error(`PersonaMachine ${plan.name}: ${dataLossMessage(plan.name, persona, dataLoss[0])}`);
    }
    this.vm = new ProxmoxVm(this, "machine", {
      name: plan.name,
      node: plan.node,
      vmId: plan.vmId,
      templateVmId: plan.template.vmId,
      templateNode: plan.template.node,
      cores: plan.resources.cores,
      memoryMiB: plan.resources.memoryMiB,
      bootDisk: { sizeGiB: plan.resources.bootDiskGiB, datastore: environment.proxmox.datastore },
      dataDisks: (persona.dataDisks ?? []).map((disk) => ({
        sizeGiB: disk.sizeGiB,
        datastore: disk.datastore ?? environment.proxmox.datastore,
        // data disks hold what must survive a rebuild of the VM; they are backed up like the boot disk
        backup: true,
      })),
      nics: [{ bridge: environment.proxmox.bridge, vlan: environment.network.vlan }],
      ipv4: { address: `${plan.ip}/${plan.prefixLength}`, gateway: environment.network.gateway },
      dnsServers: environment.network.dnsServers,
      dnsDomain: environment.network.domain,
      user: environment.access.user,
      sshKeys: environment.access.sshKeys,
      tags: [...(persona.tags ?? []), `persona-${persona.name}`, `env-${props.environmentName}`],
      description: `${persona.description}. Persona ${persona.name} in environment ${props.environmentName}; managed by homelab-cdktf.`,
      startOrder: plan.startOrder,
      lifecycle: machineLifecycle(persona, plan.lifecycle),
      dependsOn: props.dependsOn,
    });
  }
}
