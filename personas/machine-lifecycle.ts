import type { VmLifecycleProps } from "../constructs/proxmox-vm";
import type { MachineLifecycleSpec } from "../stacks/environment-schema";
import { Persona } from "./persona";

/** The `machines[].lifecycle` settings that keep a machine's data through a destroy. */
const DATA_GUARDS = ["protection", "keepDisksOnDestroy", "preventDestroy"] as const;

/**
 * The settings of `lifecycle` that would let a destroy delete a stateful persona's data (turned
 * off explicitly); none for a stateless persona, whose machines are disposable anyway.
 */
export function dataLossSettings(persona: Persona, lifecycle: MachineLifecycleSpec = {}): (keyof MachineLifecycleSpec)[] {
  return persona.stateful ? DATA_GUARDS.filter((setting) => lifecycle[setting] === false) : [];
}

/** The rule a data-losing setting breaks, worded the same for environment files and for code. */
export function dataLossMessage(machineName: string, persona: Persona, setting: keyof MachineLifecycleSpec): string {
  return `turning off ${setting} lets a destroy delete the data of stateful persona ${persona.name}: list '${machineName}' in allowDataLoss to allow it`;
}

/**
 * What a machine's VM does on destroy: a stateful persona's machine is protected, keeps its disks,
 * refuses a destroy and stops rather than shuts down; a stateless one is disposable. `lifecycle`
 * overrides the persona's defaults (check {@link dataLossSettings} first).
 */
export function machineLifecycle(persona: Persona, lifecycle: MachineLifecycleSpec = {}): VmLifecycleProps {
  return {
    protection: lifecycle.protection ?? persona.stateful,
    preventDestroy: lifecycle.preventDestroy ?? persona.stateful,
    keepUnreferencedDisks: lifecycle.keepDisksOnDestroy ?? persona.stateful,
    stopOnDestroy: persona.stateful,
  };
}
