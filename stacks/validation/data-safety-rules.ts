import { dataLossMessage, dataLossSettings } from "../../personas/machine-lifecycle";
import { ValidationIssue } from "../validation-issue";
import { didYouMean } from "./did-you-mean";
import { FleetRule } from "./fleet-rule";

/**
 * A stateful persona's machine turns off a data guard in `lifecycle` only when the environment
 * names it in `allowDataLoss`; every name there is a machine of the environment.
 */
export const dataSafetyRules: FleetRule = (fleet) =>
  fleet.flatMap(({ file, spec, machines }) => {
    const issues: ValidationIssue[] = [];
    const names = spec.machines.map((machine) => machine.name);
    const allowed = spec.allowDataLoss ?? [];
    allowed.forEach((name, index) => {
      if (!names.includes(name)) issues.push({ file, path: `allowDataLoss[${index}]`, message: `no machine named '${name}' in this environment${didYouMean(name, names)}` });
    });
    for (const machine of machines) {
      if (allowed.includes(machine.name)) continue;
      for (const setting of dataLossSettings(machine.persona, machine.lifecycle)) {
        issues.push({ file, path: `machines[${machine.index}].lifecycle.${setting}`, message: dataLossMessage(machine.name, machine.persona, setting) });
      }
    }
    return issues;
  });
