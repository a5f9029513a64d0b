/**
 * `node --import tsx scripts/expect-inventory.ts <env> <list.json>`: checks the output of
 * `ansible-inventory --list` for an environment against its model: exactly the model's machines,
 * each with `ansible_host` = its static IP, its services and its kind, in its persona group, its
 * persona's layer groups, its services' groups and its kind's group (`proxmox_vm`, `proxmox_container`).
 * Prints one line per mismatch and exits 1 on any.
 */
import * as fs from "fs";
import * as path from "path";
import { machineKindGroup, personaGroup, serviceGroup } from "../artifacts/inventory";
import { loadProjectEnvironments } from "../main";

/** The parts of `ansible-inventory --list` read here. */
interface InventoryList {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | InventoryList["_meta"];
}

const projectRoot = path.resolve(__dirname, "..");

function mismatches(environment: string, list: InventoryList): string[] {
  const model = loadProjectEnvironments(projectRoot).find((m) => m.name === environment);
  if (!model) return [`no bundled environment named ${environment}`];
  const problems: string[] = [];
  const hostvars = list._meta.hostvars;
  const expectedHosts = model.machines.map((machine) => machine.name).sort();
  const actualHosts = Object.keys(hostvars).sort();
  if (expectedHosts.join() !== actualHosts.join()) problems.push(`hosts are [${actualHosts}], expected [${expectedHosts}]`);
  const members = (group: string) => (list[group] as { hosts?: string[] } | undefined)?.hosts ?? [];
  for (const machine of model.machines) {
    if (hostvars[machine.name]?.ansible_host !== machine.ip)
      problems.push(`${machine.name}: ansible_host is ${String(hostvars[machine.name]?.ansible_host)}, expected ${machine.ip}`);
    const services = machine.services.map((service) => service.name);
    if (JSON.stringify(hostvars[machine.name]?.services) !== JSON.stringify(services))
      problems.push(`${machine.name}: services are ${JSON.stringify(hostvars[machine.name]?.services)}, expected ${JSON.stringify(services)}`);
    if (hostvars[machine.name]?.machine_kind !== machine.kind)
      problems.push(`${machine.name}: machine_kind is ${String(hostvars[machine.name]?.machine_kind)}, expected ${machine.kind}`);
    for (const group of [
      personaGroup(machine.persona.name),
      ...machine.persona.inventoryGroups,
      ...services.map(serviceGroup),
      machineKindGroup(machine.kind),
    ]) {
      if (!members(group).includes(machine.name)) problems.push(`${machine.name}: not in group ${group}`);
    }
  }
  return problems;
}

function run(args: readonly string[]): number {
  if (args.length !== 2) {
    console.error("usage: node --import tsx scripts/expect-inventory.ts <env> <list.json>");
    return 1;
  }
  const problems = mismatches(args[0], JSON.parse(fs.readFileSync(args[1], "utf8")) as InventoryList);
  for (const problem of problems) console.error(`${args[0]}: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = run(process.argv.slice(2));
