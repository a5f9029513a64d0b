import { didYouMean } from "../did-you-mean";
import { dataLossMessage, dataLossSettings } from "../lifecycle";
import type { ValidationIssue } from "../issues";
import type { DocumentRule, ModelRule } from "./rule";

/**
 * Every name in `rebuild` is a machine of the environment. (A name in `allowDataLoss` may also be
 * a machine that is only in the registry: one being retired; a name that is in neither is a
 * warning of the registry notices, since it can never let data go.)
 */
export const rebuildRules: DocumentRule = (documents) =>
  documents.flatMap(({ file, spec }): ValidationIssue[] => {
    const names = spec.machines.map((machine) => machine.name);
    return (spec.rebuild ?? []).flatMap((name, index) =>
      names.includes(name) ? [] : [{ file, path: `rebuild[${index}]`, message: `no machine named '${name}' in this environment${didYouMean(name, names)}` }],
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
