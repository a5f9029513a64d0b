import { didYouMean } from "../did-you-mean";
import { dataLossMessage, dataLossSettings } from "../lifecycle";
import type { ValidationIssue } from "../issues";
import type { DocumentRule, ModelRule } from "./rule";

/** Every name in `allowDataLoss` is a machine of the environment. */
export const allowDataLossRules: DocumentRule = (documents) =>
  documents.flatMap(({ file, spec }): ValidationIssue[] => {
    const names = spec.machines.map((machine) => machine.name);
    return (spec.allowDataLoss ?? []).flatMap((name, index) =>
      names.includes(name)
        ? []
        : [{ file, path: `allowDataLoss[${index}]`, message: `no machine named '${name}' in this environment${didYouMean(name, names)}` }],
    );
  });

/** A stateful persona's machine turns off a data guard in `lifecycle` only when the environment names it in `allowDataLoss`. */
export const dataSafetyRules: ModelRule = (models) =>
  models.flatMap(({ file, machines }) =>
    machines.flatMap((machine) =>
      dataLossSettings(machine).map((setting) => ({
        file,
        path: `machines[${machine.index}].lifecycle.${setting}`,
        message: dataLossMessage(machine, setting),
      })),
    ),
  );
