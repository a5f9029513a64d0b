import type { EnvironmentModel } from "../environment-model";
import { ValidationIssue } from "../validation-issue";
import { capacityRules } from "./capacity-rules";
import { dataSafetyRules } from "./data-safety-rules";
import { FleetRule } from "./fleet-rule";
import { ipRules } from "./ip-rules";
import { machineNameRules } from "./name-rules";
import { nodeRules } from "./node-rules";
import { vmIdRules } from "./vmid-rules";

/** Every fleet rule family, in the order their issues are gathered. */
export const FLEET_RULES: readonly FleetRule[] = [machineNameRules, nodeRules, ipRules, vmIdRules, capacityRules, dataSafetyRules];

/** Checks environments loaded together against every fleet rule (cross-file clashes included). */
export function validateFleet(fleet: readonly EnvironmentModel[]): ValidationIssue[] {
  return FLEET_RULES.flatMap((rule) => rule(fleet));
}
