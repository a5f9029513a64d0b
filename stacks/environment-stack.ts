import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ProxmoxProvider } from "../.gen/providers/proxmox/provider";
import { PersonaMachine } from "../personas/persona-machine";
import { EnvironmentModel } from "./environment-model";
import { configureStateBackend } from "./state-backend";

/** The bpg/proxmox release whose schema is vendored in providers/bpg-proxmox/schema.json. */
export const PROXMOX_PROVIDER_VERSION = "0.111.1";

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
 * comes from `PROXMOX_VE_API_TOKEN` at deploy time), the environment's state backend, and every
 * machine built from its persona, each created after the machines of the personas it depends on.
 */
export class EnvironmentStack extends TerraformStack {
  /** The environment this stack was built from. */
  public readonly model: EnvironmentModel;
  /** Machines by name, in creation (dependency) order. */
  public readonly machines: ReadonlyMap<string, PersonaMachine>;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { model } = props;
    const { spec } = model;
    this.model = model;

    new ProxmoxProvider(this, "proxmox", {
      endpoint: spec.proxmox.endpoint,
      insecure: spec.proxmox.insecure,
      ssh: [{ agent: true, username: spec.proxmox.sshUser }],
    });
    this.addOverride("terraform.required_providers.proxmox.version", PROXMOX_PROVIDER_VERSION);
    configureStateBackend(this, model.name, spec.backend);

    // Dependencies sit at a lower start order, so creating machines by start order means every
    // dependency exists before its dependents (stable sort: file order within one level).
    const byStartOrder = [...model.machines].sort((a, b) => a.startOrder - b.startOrder);
    const machines = new Map<string, PersonaMachine>();
    for (const plan of byStartOrder) {
      const dependencies = new Set(plan.persona.dependsOn ?? []);
      const machine = new PersonaMachine(this, plan.name, {
        plan,
        environment: spec,
        environmentName: model.name,
        dependsOn: [...machines.values()].filter((m) => dependencies.has(m.plan.persona.name)).map((m) => m.vm.resource),
      });
      machine.vm.resource.overrideLogicalId(terraformName(plan.name));
      machines.set(plan.name, machine);
    }
    this.machines = machines;
  }
}
