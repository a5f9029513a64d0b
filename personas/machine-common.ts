import type { Construct } from "constructs";
import { dataLossMessage, dataLossSettings } from "../environment/lifecycle";
import type { EnvironmentModel, MachinePlan } from "../environment/model";

/** What every persona's machine carries, VM or container alike. */

/** Its Proxmox tags: the persona's, `persona-<name>` and `env-<environment>`. */
export function machineTags(plan: MachinePlan, environment: EnvironmentModel): string[] {
  return [...(plan.persona.tags ?? []), `persona-${plan.persona.name}`, `env-${environment.name}`];
}

/** Its description in the Proxmox UI. */
export function machineDescription(plan: MachinePlan, environment: EnvironmentModel): string {
  return `${plan.persona.description}. Persona ${plan.persona.name} in environment ${environment.name}; managed by homelab-cdktf.`;
}

/** The data-loss rule of the environment check, where the lifecycle is applied, so that plans built in code obey it too. */
export function validateDataSafety(construct: Construct, plan: MachinePlan): void {
  construct.node.addValidation({ validate: () => dataLossSettings(plan).map((setting) => `lifecycle.${setting}: ${dataLossMessage(plan, setting)}`) });
}
