import type { MachineLifecycle, MachinePlan } from "./model";
import type { Persona } from "./persona";
import type { LifecycleOverrides } from "./schema";

/** The data guards of a machine's lifecycle: what `machines[].lifecycle` may turn off, and the resolved lifecycle calls the same. */
const DATA_GUARDS = ["protection", "keepUnreferencedDisks", "preventDestroy"] as const satisfies readonly (keyof MachineLifecycle & keyof LifecycleOverrides)[];

/**
 * What a machine's VM does on destroy: a stateful persona's machine is protected, keeps its
 * unreferenced disks, refuses a destroy and stops rather than shuts down; a stateless one is
 * disposable. `overrides` (the machine's `lifecycle`) change the persona's defaults.
 */
export function resolveLifecycle(persona: Persona, overrides: LifecycleOverrides = {}): MachineLifecycle {
  return {
    protection: overrides.protection ?? persona.stateful,
    preventDestroy: overrides.preventDestroy ?? persona.stateful,
    keepUnreferencedDisks: overrides.keepUnreferencedDisks ?? persona.stateful,
    stopOnDestroy: persona.stateful,
  };
}

/**
 * The `machines[].lifecycle` keys of the data guards a stateful persona's machine has turned off
 * without being named in `allowDataLoss`; none for a stateless persona, whose machines are disposable.
 */
export function dataLossSettings(machine: Pick<MachinePlan, "persona" | "lifecycle" | "allowDataLoss">): (keyof LifecycleOverrides)[] {
  if (!machine.persona.stateful || machine.allowDataLoss) return [];
  return DATA_GUARDS.filter((guard) => !machine.lifecycle[guard]);
}

/** The rule a data-losing setting breaks, worded the same for environment files and for code. */
export function dataLossMessage(machine: Pick<MachinePlan, "name" | "persona">, setting: keyof LifecycleOverrides): string {
  return `turning off ${setting} lets a destroy delete the data of stateful persona ${machine.persona.name}: list '${machine.name}' in allowDataLoss to allow it`;
}
