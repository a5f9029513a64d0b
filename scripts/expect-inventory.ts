/**
 * `node --import tsx scripts/expect-inventory.ts <env> <list.json>`: checks the output of
 * `ansible-inventory --list` for an environment against its model: exactly the model's machines,
 * each with `ansible_host` = its static IP, its services and its kind, in every group the model puts
 * it in (persona, services, kind: `proxmox_vm` or `proxmox_container`, apps), and the app catalogue.
 * `HOMELAB_ENVIRONMENTS_DIR` as for render-artifacts.ts.
 * Prints one line per mismatch and exits 1 on any.
 */
import * as fs from "fs";
import * as path from "path";
import { machineGroups } from "../environment/inventory-groups";
import { projectEnvironments } from "../main";

/** The parts of `ansible-inventory --list` read here. */
interface InventoryList {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | InventoryList["_meta"];
}

const projectRoot = path.resolve(__dirname, "..");

function mismatches(environment: string, list: InventoryList): string[] {
  const model = projectEnvironments(projectRoot).find((m) => m.name === environment);
  if (!model) return [`no environment named ${environment}`];
  const problems: string[] = [];
  const hostvars = list._meta.hostvars;
  const expectedHosts = model.machines.map((machine) => machine.name).sort();
  const actualHosts = Object.keys(hostvars).sort();
  if (expectedHosts.join() !== actualHosts.join()) problems.push(`hosts are [${actualHosts}], expected [${expectedHosts}]`);
  const members = (group: string) => (list[group] as { hosts?: string[] } | undefined)?.hosts ?? [];
  for (const machine of model.machines) {
    const vars = hostvars[machine.name] ?? {};
    if (vars.ansible_host !== machine.ip) problems.push(`${machine.name}: ansible_host is ${String(vars.ansible_host)}, expected ${machine.ip}`);
    const services = machine.services.map((service) => service.name);
    if (JSON.stringify(vars.services) !== JSON.stringify(services))
      problems.push(`${machine.name}: services are ${JSON.stringify(vars.services)}, expected ${JSON.stringify(services)}`);
    if (vars.machine_kind !== machine.kind) problems.push(`${machine.name}: machine_kind is ${String(vars.machine_kind)}, expected ${machine.kind}`);
    for (const group of machineGroups(machine, model.apps)) {
      if (!members(group).includes(machine.name)) problems.push(`${machine.name}: not in group ${group}`);
    }
    const allowed = ((vars.firewall_allow as { port: number; protocol: string }[] | undefined) ?? []).map(({ port, protocol }) => `${port}/${protocol}`);
    for (const app of model.apps.filter((a) => a.machine === machine.name)) {
      if (!allowed.includes(`${app.port}/tcp`)) problems.push(`${machine.name}: firewall_allow lacks ${app.port}/tcp of app ${app.name}`);
      if (!((vars.compose_stacks as string[] | undefined) ?? []).includes(app.stack))
        problems.push(`${machine.name}: compose_stacks lacks ${app.stack} of app ${app.name}`);
    }
  }
  const listed = ((Object.values(hostvars)[0]?.apps as { name: string; hostname: string }[] | undefined) ?? []).map((app) => `${app.name} ${app.hostname}`);
  const expectedApps = model.apps.map((app) => `${app.name} ${app.hostname}`);
  if (listed.join() !== expectedApps.join()) problems.push(`apps are [${listed}], expected [${expectedApps}]`);
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
