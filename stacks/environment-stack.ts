import type { Construct } from "constructs";
import type { TerraformResource } from "cdktf";
import { TerraformStack } from "cdktf";
import { inventoryPath, renderInventory } from "../artifacts/inventory";
import type { ProxmoxBackupJob } from "../constructs/backup-job";
import { ProjectFile } from "../constructs/project-file";
import { RetiringVm } from "../constructs/retiring-vm";
import type { EnvironmentModel } from "../environment/model";
import { ENVIRONMENT_STACK_IDS } from "../environment/stack-names";
import { PersonaContainer } from "../personas/persona-container";
import { PersonaMachine } from "../personas/persona-machine";
import { addBackupJob } from "./backup-job";
import { setUpEnvironmentStack } from "./stack-setup";

/** Props of {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /** The validated, resolved environment. */
  readonly model: EnvironmentModel;
}

/** Terraform names start with a letter or `_` and hold no dots: `lab-dns-1` -> `lab-dns-1`, `1a` -> `_1a`. */
function terraformName(name: string): string {
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/**
 * One environment as one Terraform stack: the bpg/proxmox provider (no secret in it: the API token
 * comes from `PROXMOX_VE_API_TOKEN` at deploy time), the environment's state backend, every
 * machine built from its persona (a VM, or an LXC container for a container persona), each created
 * after the machines of the personas it depends on, the backup job of its stateful machines, and
 * the Ansible inventory of those machines. Their templates come from the `<env>-images` stack and
 * `packer build` (see docs/workflow.md).
 */
export class EnvironmentStack extends TerraformStack {
  /** The environment this stack was built from. */
  public readonly model: EnvironmentModel;
  /** The VM machines by name, in creation (dependency) order. */
  public readonly machines: ReadonlyMap<string, PersonaMachine>;
  /** VMs of retiring machines by name: kept one more deploy, stopped and unprotected. */
  public readonly retiring: ReadonlyMap<string, RetiringVm>;
  /** The container machines by name, in creation (dependency) order. */
  public readonly containers: ReadonlyMap<string, PersonaContainer>;
  /** The backup job of the stateful machines; undefined when the environment has none. */
  public readonly backupJob?: ProxmoxBackupJob;
  /** The Ansible inventory file `cdktf deploy` writes. */
  public readonly inventory: ProjectFile;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { model } = props;
    this.model = model;

    setUpEnvironmentStack(this, model.name, model);

    // A retiring VM keeps its address; every machine waits until it is stopped (a new machine may take over its IP).
    const retiring = new Map<string, RetiringVm>();
    for (const plan of model.retiring) {
      const vm = new RetiringVm(this, plan.name, { name: plan.name, node: plan.node, vmId: plan.vmId, stopOnDestroy: plan.stateful });
      vm.resource.overrideLogicalId(terraformName(plan.name));
      retiring.set(plan.name, vm);
    }
    this.retiring = retiring;

    // Dependencies sit at a lower start order, so creating machines by start order means every
    // dependency exists before its dependents (stable sort: file order within one level).
    const byStartOrder = [...model.machines].sort((a, b) => a.startOrder - b.startOrder);
    const machines = new Map<string, PersonaMachine>();
    const containers = new Map<string, PersonaContainer>();
    const resources = new Map<string, TerraformResource>();
    for (const plan of byStartOrder) {
      const props = {
        environment: model,
        dependsOn: [...[...retiring.values()].map((vm) => vm.resource), ...plan.dependsOn.map((name) => resources.get(name)!)],
      };
      let resource: TerraformResource;
      if (plan.kind === "vm") {
        const machine = new PersonaMachine(this, plan.name, { ...props, plan });
        machines.set(plan.name, machine);
        resource = machine.vm.resource;
      } else {
        const container = new PersonaContainer(this, plan.name, { ...props, plan });
        containers.set(plan.name, container);
        resource = container.container.resource;
      }
      resource.overrideLogicalId(terraformName(plan.name));
      resources.set(plan.name, resource);
    }
    this.machines = machines;
    this.containers = containers;
    this.backupJob = model.backup && addBackupJob(this, model.backup);
    // written once every machine exists; its addresses are the model's static IPs, never the guest agent's
    this.inventory = new ProjectFile(this, ENVIRONMENT_STACK_IDS["the Ansible inventory file"], {
      path: inventoryPath(model.name),
      content: renderInventory(model),
      dependsOn: [...resources.values()],
    });
    this.inventory.resource.overrideLogicalId("ansible_inventory");
  }
}
