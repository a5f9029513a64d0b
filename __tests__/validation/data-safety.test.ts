import { Testing, TerraformStack } from "cdktf";
import { Persona } from "../../personas/persona";
import { personaCatalog } from "../../personas/persona-catalog";
import { PersonaMachine } from "../../personas/persona-machine";
import { STOCK_PERSONAS, dockerHostPersona } from "../../personas/stock-personas";
import { EnvironmentModel } from "../../stacks/environment-model";
import { EnvironmentInput } from "../../stacks/environment-schema";
import { defineEnvironment } from "../../stacks/load-environments";
import { minimalEnvironment, synthEnvironmentJson } from "../foundation/helpers";
import { issueLines } from "./helpers";

/** The minimal environment with docker-1 (a stateful docker-host) given `lifecycle`, and `allowDataLoss` when set. */
function withDockerLifecycle(lifecycle: NonNullable<EnvironmentInput["machines"][number]["lifecycle"]>, allowDataLoss?: string[]): EnvironmentInput {
  const base = minimalEnvironment();
  return {
    ...base,
    machines: base.machines.map((machine) => (machine.name === "docker-1" ? { ...machine, lifecycle } : machine)),
    ...(allowDataLoss ? { allowDataLoss } : {}),
  };
}

/** Builds one machine of a model straight from its plan, as a consumer composing constructs would; returns its synthesized VM. */
function buildMachine(model: EnvironmentModel, name: string, plan: Partial<EnvironmentModel["machines"][number]> = {}): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), "test");
  const machine = model.machines.find((m) => m.name === name)!;
  new PersonaMachine(stack, name, { plan: { ...machine, ...plan }, environment: model.spec, environmentName: model.name });
  const vms = JSON.parse(Testing.synth(stack)).resource.proxmox_virtual_environment_vm as Record<string, Record<string, unknown>>;
  return Object.values(vms)[0];
}

describe("data safety of stateful personas", () => {
  test("an environment cannot turn off a stateful machine's guards without naming it in allowDataLoss", () => {
    expect(issueLines(() => defineEnvironment("test", withDockerLifecycle({ preventDestroy: false })))).toEqual([
      "environment test: machines[2].lifecycle.preventDestroy: turning off preventDestroy lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    ]);
  });

  test("naming another machine in allowDataLoss does not open this one", () => {
    expect(issueLines(() => defineEnvironment("test", withDockerLifecycle({ protection: false }, ["ca-1"])))).toEqual([
      "environment test: machines[2].lifecycle.protection: turning off protection lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    ]);
  });

  test("with the explicit opt-in by name, the VM becomes disposable", () => {
    const json = synthEnvironmentJson(withDockerLifecycle({ protection: false, keepDisksOnDestroy: false, preventDestroy: false }, ["docker-1"]));
    const vm = json.resource.proxmox_virtual_environment_vm["docker-1"];
    expect(vm).toMatchObject({ protection: false, delete_unreferenced_disks_on_destroy: true });
    expect(vm.lifecycle).toBeUndefined();
    // the other stateful machine keeps every guard
    expect(json.resource.proxmox_virtual_environment_vm["ca-1"]).toMatchObject({ protection: true, delete_unreferenced_disks_on_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("a stateless machine may add guards without any opt-in", () => {
    const base = minimalEnvironment();
    const input = { ...base, machines: base.machines.map((m) => (m.name === "dns-1" ? { ...m, lifecycle: { protection: true } } : m)) };
    expect(synthEnvironmentJson(input).resource.proxmox_virtual_environment_vm["dns-1"]).toMatchObject({ protection: true });
  });

  test("a consumer's stateful persona gets the same rule", () => {
    const database: Persona = { ...dockerHostPersona, name: "database", dependsOn: [] };
    const input: EnvironmentInput = { ...minimalEnvironment(), machines: [{ name: "db-1", persona: "database", ip: "10.9.0.70", lifecycle: { protection: false } }] };
    expect(issueLines(() => defineEnvironment("test", input, { personas: personaCatalog(...STOCK_PERSONAS, database), source: "environments/test.ts" }))).toEqual([
      "environments/test.ts: machines[0].lifecycle.protection: turning off protection lets a destroy delete the data of stateful persona database: list 'db-1' in allowDataLoss to allow it",
    ]);
  });

  test("PersonaMachine itself refuses a plan built in code that turns off a stateful machine's guards", () => {
    const model = defineEnvironment("test", minimalEnvironment());
    expect(() => buildMachine(model, "docker-1", { lifecycle: { keepDisksOnDestroy: false } })).toThrow(
      "PersonaMachine docker-1: turning off keepDisksOnDestroy lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    );
    const optedIn = { ...model, spec: { ...model.spec, allowDataLoss: ["docker-1"] } };
    expect(buildMachine(optedIn, "docker-1", { lifecycle: { keepDisksOnDestroy: false } })).toMatchObject({
      delete_unreferenced_disks_on_destroy: true,
      protection: true,
      lifecycle: { prevent_destroy: true },
    });
  });
});
