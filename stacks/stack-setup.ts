import type { TerraformStack } from "cdktf";
import { Aspects } from "cdktf";
import { LocalProvider } from "@cdktf/provider-local/lib/provider";
import type { EnvironmentModel } from "../environment/model";
import { STACK_CONSTRUCT_IDS } from "../environment/stack-names";
import { LiteralStrings } from "./literal-strings";
import { configureProxmoxProvider } from "./proxmox-provider";
import { configureStateBackend } from "./state-backend";

/**
 * What every stack of an environment starts with: the bpg/proxmox provider (no secret), the local
 * provider for the files `cdktf deploy` writes, the environment's state backend under the
 * stack's own state name, and {@link LiteralStrings}: every string the stack writes is a literal
 * to Terraform, whatever the environment holds.
 */
export function setUpEnvironmentStack(stack: TerraformStack, stateName: string, model: EnvironmentModel): void {
  configureProxmoxProvider(stack, model.proxmox);
  new LocalProvider(stack, STACK_CONSTRUCT_IDS["the local provider"]);
  configureStateBackend(stack, model.name, stateName, model.backend);
  Aspects.of(stack).add(new LiteralStrings());
}
