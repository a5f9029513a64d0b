import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { MachineRegistry } from "../environment/registry/machine-registry";
import { machineRegistrySchema, registryFileName } from "../environment/registry/machine-registry";
import type { LoggedRequest } from "../simulator/request-log";
import type { VmState } from "../simulator/state/cluster";
import { parseConfigValue } from "../simulator/state/property-formats";
import type { Rehearsal, RehearsalStep } from "../rehearsal/rehearsal";
import { describeRejected, stepErrors } from "../rehearsal/report";

/** The checkout under test. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** A step's output (terraform's, complete, or the run's), shortened for a failure message. */
function tail(step: RehearsalStep): string {
  const output = step.run?.terraformOutput || step.run?.output || "";
  return output.split("\n").slice(-60).join("\n");
}

/**
 * Fails unless no call of the step was refused by the API schema (400), unimplemented (501) or
 * unauthenticated (401): a wrong value in the synthesized JSON surfaces here as PVE's message.
 */
export function expectNoRejectedRequests(step: RehearsalStep): void {
  const rejected = describeRejected(step.requests);
  if (rejected.length > 0) throw new Error(`${step.name}: the simulator refused ${rejected.length} call(s):\n  ${rejected.join("\n  ")}`);
}

/** Fails unless the step succeeded and nothing was refused. */
export function expectStepOk(step: RehearsalStep): void {
  expectNoRejectedRequests(step);
  if (!step.ok) throw new Error(`${step.name} failed: ${(step.run ? stepErrors(step.run) : []).join(" | ")}\n${tail(step)}`);
}

/** Edits the scratch copy of the environment file (the YAML document as a plain object). */
export function editEnvironment(rehearsal: Rehearsal, edit: (document: EnvironmentDocument) => void): void {
  const file = path.join(rehearsal.project.environmentsDir, `${rehearsal.environment}.yaml`);
  const document = yaml.load(fs.readFileSync(file, "utf8")) as EnvironmentDocument;
  edit(document);
  fs.writeFileSync(file, yaml.dump(document, { lineWidth: -1 }));
}

/** The parts of an environment document the scenarios edit. */
export interface EnvironmentDocument {
  machines: { name: string; persona: string; ip: string; vmid?: number; size?: string; node?: string }[];
  templates: Record<string, { name: string; vmid: number; [key: string]: unknown }>;
  allowDataLoss?: string[];
  rebuild?: string[];
  apps?: { name: string; machine: string }[];
  [key: string]: unknown;
}

/** The scratch project's machine registry (`environments/<env>.lock.yaml`), parsed. */
export function scratchRegistry(rehearsal: Rehearsal): MachineRegistry {
  const file = path.join(rehearsal.project.environmentsDir, registryFileName(rehearsal.environment));
  return machineRegistrySchema.parse(yaml.load(fs.readFileSync(file, "utf8")));
}

/** The text of the scratch project's registry, for an unchanged-check. */
export function scratchRegistryText(rehearsal: Rehearsal): string {
  return fs.readFileSync(path.join(rehearsal.project.environmentsDir, registryFileName(rehearsal.environment)), "utf8");
}

/** Calls that change something (anything but GET). */
export function changingCalls(requests: readonly LoggedRequest[]): string[] {
  return requests.filter((call) => call.method !== "GET").map((call) => `${call.method} ${call.path}`);
}

/** What Terraform did to the VMs in a step, `[address, action]` in order. */
export function vmChanges(step: RehearsalStep): [string, string][] {
  return step.changes.filter((change) => change.address.startsWith("proxmox_virtual_environment_vm.")).map((change) => [change.address, change.action]);
}

/** The VM named `name` in the simulator (exactly one). */
export function vmNamed(rehearsal: Rehearsal, name: string): VmState {
  const vms = [...rehearsal.simulation.simulator.cluster.vms.values()].filter((vm) => vm.config.name === name);
  if (vms.length !== 1) throw new Error(`expected one VM named ${name}, found ${vms.length}`);
  return vms[0];
}

/** A config property string of a VM as a key/value map. */
export function configValues(vm: VmState, key: string): Record<string, string> {
  if (vm.config[key] === undefined) throw new Error(`VM ${vm.vmid} has no ${key}`);
  return parseConfigValue(key, vm.config[key]);
}

/** Calls of a step that match a method and a schema path template. */
export function callsTo(requests: readonly LoggedRequest[], method: string, template: string): LoggedRequest[] {
  return requests.filter((request) => request.method === method && request.template === template);
}

/** `ansible-inventory --list` of an inventory file, parsed (the pinned ansible-core of `npm run tools`, linked at `.tools/ansible`). */
export function ansibleInventory(file: string): { _meta: { hostvars: Record<string, Record<string, unknown>> }; [group: string]: unknown } {
  const output = execFileSync(path.join(PROJECT_ROOT, ".tools", "ansible", "bin", "ansible-inventory"), ["-i", file, "--list"], {
    encoding: "utf8",
    env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: "True", ANSIBLE_NOCOLOR: "1" },
    timeout: 60_000,
  });
  return JSON.parse(output);
}

/** Every disk image volume of the simulated cluster, with the guests (VMs and containers) whose config refers to it. */
export function volumesAndOwners(rehearsal: Rehearsal): { volid: string; node?: string; referencedBy: number[] }[] {
  const { cluster } = rehearsal.simulation.simulator;
  return [...cluster.storages.values()].flatMap((storage) =>
    storage.allVolumes().map((volume) => ({
      volid: volume.volid,
      node: volume.node,
      // VMs and containers alike (a container's rootfs and mount points are volumes too)
      referencedBy: [...cluster.vms.values(), ...cluster.containers.values()]
        .filter(
          (guest) =>
            (volume.node === undefined || guest.node === volume.node) &&
            Object.values(guest.config).some((value) => value === volume.volid || value.startsWith(`${volume.volid},`)),
        )
        .map((guest) => guest.vmid),
    })),
  );
}
