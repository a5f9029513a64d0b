import { Testing } from "cdktf";
import type { EnvironmentModel, VmMachinePlan } from "../../environment/model";
import type { Persona } from "../../environment/persona";
import type { EnvironmentInput } from "../../environment/schema";
import { personaCatalog } from "../../personas/catalog";
import { PersonaMachine } from "../../personas/persona-machine";
import { dockerHostPersona, STOCK_PERSONAS } from "../../personas/stock-personas";
import { issueLines, patchedEnvironment, proxmoxStack, resolveInput, synthInput } from "../helpers";

type Lifecycle = NonNullable<EnvironmentInput["machines"][number]["lifecycle"]>;

/** The base environment plus a certificate authority, with docker-1 (a stateful docker-host) given `lifecycle`, and `allowDataLoss` when set. */
function withDockerLifecycle(lifecycle: Lifecycle, allowDataLoss?: string[]): EnvironmentInput {
  return patchedEnvironment((document) => {
    document.machines.splice(1, 0, { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" });
    document.machines[2].lifecycle = lifecycle;
    if (allowDataLoss) document.allowDataLoss = allowDataLoss;
  });
}

/** Builds one machine of a model straight from its plan, as a consumer composing constructs would; returns its synthesized VM. */
function buildMachine(model: EnvironmentModel, name: string, plan: Partial<VmMachinePlan> = {}): Record<string, unknown> {
  const stack = proxmoxStack();
  const machine = model.machines.find((m) => m.name === name);
  if (machine?.kind !== "vm") throw new Error(`${name} is not a VM of the model`);
  new PersonaMachine(stack, name, { plan: { ...machine, ...plan }, environment: model });
  const vms = JSON.parse(Testing.synth(stack, true)).resource.proxmox_virtual_environment_vm as Record<string, Record<string, unknown>>;
  return Object.values(vms)[0];
}

describe("data safety of stateful personas", () => {
  test("an environment cannot turn off a stateful machine's guards without naming it in allowDataLoss", () => {
    expect(issueLines(() => resolveInput(withDockerLifecycle({ preventDestroy: false })))).toEqual([
      "environment test: machines[2].lifecycle.preventDestroy: turning off preventDestroy lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    ]);
  });

  test("naming another machine in allowDataLoss does not open this one", () => {
    expect(issueLines(() => resolveInput(withDockerLifecycle({ protection: false }, ["ca-1"])))).toEqual([
      "environment test: machines[2].lifecycle.protection: turning off protection lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    ]);
  });

  test("with the explicit opt-in by name, the VM becomes disposable", () => {
    const json = synthInput(withDockerLifecycle({ protection: false, keepUnreferencedDisks: false, preventDestroy: false }, ["docker-1"]));
    const vm = json.resource.proxmox_virtual_environment_vm["docker-1"];
    expect(vm).toMatchObject({ protection: false, delete_unreferenced_disks_on_destroy: true });
    expect(vm.lifecycle).toEqual({ ignore_changes: ["clone"] });
    // the other stateful machine keeps every guard
    expect(json.resource.proxmox_virtual_environment_vm["ca-1"]).toMatchObject({
      protection: true,
      delete_unreferenced_disks_on_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("a stateless machine may add guards without any opt-in", () => {
    const input = patchedEnvironment((document) => void (document.machines[0].lifecycle = { protection: true }));
    expect(synthInput(input).resource.proxmox_virtual_environment_vm["dns-1"]).toMatchObject({ protection: true });
  });

  test("a consumer's stateful persona gets the same rule", () => {
    const database: Persona = { ...dockerHostPersona, name: "database", dependsOn: [] };
    const input = patchedEnvironment(
      (document) => void (document.machines = [{ name: "db-1", persona: "database", ip: "10.9.0.70", lifecycle: { protection: false } }]),
    );
    expect(issueLines(() => resolveInput(input, { personas: personaCatalog(...STOCK_PERSONAS, database), source: "environments/test.ts" }))).toEqual([
      "environments/test.ts: machines[0].lifecycle.protection: turning off protection lets a destroy delete the data of stateful persona database: list 'db-1' in allowDataLoss to allow it",
    ]);
  });

  test("PersonaMachine itself refuses, at synth, a plan built in code that turns off a stateful machine's guards", () => {
    const model = resolveInput(patchedEnvironment(() => undefined));
    const docker = model.machines.find((machine) => machine.name === "docker-1")!;
    const unguarded = { lifecycle: { ...docker.lifecycle, keepUnreferencedDisks: false } };
    expect(() => buildMachine(model, "docker-1", unguarded)).toThrow(
      "[test/docker-1] lifecycle.keepUnreferencedDisks: turning off keepUnreferencedDisks lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    );
    expect(buildMachine(model, "docker-1", { ...unguarded, allowDataLoss: true })).toMatchObject({
      delete_unreferenced_disks_on_destroy: true,
      protection: true,
      lifecycle: { prevent_destroy: true },
    });
  });
});
