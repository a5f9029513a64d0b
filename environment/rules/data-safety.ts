import { dataLossMessage, dataLossSettings } from "../lifecycle";
import type { ModelRule } from "./rule";

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
