/**
 * `node --import tsx converge/contract-inventory.ts <hosts.yml> <apps.yml>`: rewrites, in place, an
 * inventory rendered by `scripts/render-artifacts.ts` into the inventory contract of ansible/README.md
 * when the renderer does not emit it yet (no `svc_*` group), and adds the app catalogue of
 * `<apps.yml>`. A stopgap of issue 14 phase 1: once the environment model's service table and app
 * catalogue render the contract themselves (phase 2), the file passes through unchanged and this
 * script goes. Exits 1 with a message on an inventory it cannot read.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";

type Vars = Record<string, unknown>;
interface Group {
  hosts?: Record<string, Vars>;
  vars?: Vars;
}
interface Inventory {
  all: { vars: Vars; children: Record<string, Group> };
}
interface App {
  name: string;
  machine: string;
  stack: string;
  port: number;
  hostname: string;
}
interface Port {
  port: number;
  protocol: "tcp" | "udp";
}

/** The contract's services of each stock persona. */
const PERSONA_SERVICES: Record<string, string[]> = {
  networking: ["dns", "reverse_proxy"],
  "certificate-authority": ["certificate_authority"],
  "time-server": ["ntp"],
  monitoring: ["metrics", "dashboard", "docker"],
  "docker-host": ["docker", "compose_apps"],
  "tools-host": ["docker", "compose_apps"],
};

/** The ports each service accepts from the network. */
const SERVICE_PORTS: Record<string, Port[]> = {
  dns: [
    { port: 53, protocol: "tcp" },
    { port: 53, protocol: "udp" },
  ],
  reverse_proxy: [
    { port: 80, protocol: "tcp" },
    { port: 443, protocol: "tcp" },
  ],
  certificate_authority: [{ port: 443, protocol: "tcp" }],
  ntp: [{ port: 123, protocol: "udp" }],
  metrics: [{ port: 9090, protocol: "tcp" }],
  dashboard: [{ port: 3000, protocol: "tcp" }],
};

/** Every machine: SSH and the node exporter. */
const BASE_PORTS: Port[] = [
  { port: 22, protocol: "tcp" },
  { port: 9100, protocol: "tcp" },
];

function upgrade(inventory: Inventory, apps: App[]): void {
  const groups = inventory.all.children;
  const hosts = new Map<string, Vars>();
  for (const [name, group] of Object.entries(groups)) {
    if (name.startsWith("persona_")) for (const [host, vars] of Object.entries(group.hosts ?? {})) hosts.set(host, vars);
    else if (!name.startsWith("proxmox_")) delete groups[name]; // the old layer groups (infra_*, apps) are not part of the contract; the machine kinds are
  }
  const join = (group: string, host: string) => {
    groups[group] ??= { hosts: {} };
    groups[group].hosts![host] = {};
  };
  for (const [host, vars] of hosts) {
    const services = PERSONA_SERVICES[String(vars.persona)];
    if (!services) throw new Error(`${host}: persona ${String(vars.persona)} has no service list here`);
    vars.services = services;
    for (const service of services) join(`svc_${service}`, host);
    const appPorts = apps.filter((app) => app.machine === host).map((app): Port => ({ port: app.port, protocol: "tcp" }));
    vars.firewall_allow = [...BASE_PORTS, ...services.flatMap((service) => SERVICE_PORTS[service] ?? []), ...appPorts];
    if (Array.isArray(vars.data_disks)) {
      vars.data_disks = (vars.data_disks as Vars[]).map((disk) => ({
        serial: String(disk.purpose).slice(0, 20),
        purpose: disk.purpose,
        size_gib: disk.size_gib,
        mount_point: `/srv/${String(disk.purpose)}`,
      }));
    }
  }
  for (const app of apps) {
    if (!hosts.has(app.machine)) throw new Error(`app ${app.name}: machine ${app.machine} is not in the inventory`);
    join(`app_${app.name}`, app.machine);
    const vars = hosts.get(app.machine)!;
    const stacks = (vars.compose_stacks as string[] | undefined) ?? [];
    if (!stacks.includes(app.stack)) vars.compose_stacks = [...stacks, app.stack];
  }
  inventory.all.vars.apps = apps;
  inventory.all.children = Object.fromEntries(
    Object.keys(groups)
      .sort()
      .map((name) => [name, groups[name]]),
  );
}

function run(args: readonly string[]): number {
  if (args.length !== 2) {
    console.error("usage: node --import tsx converge/contract-inventory.ts <hosts.yml> <apps.yml>");
    return 1;
  }
  const [inventoryFile, appsFile] = args;
  try {
    const text = fs.readFileSync(inventoryFile, "utf8");
    const inventory = yaml.load(text) as Inventory;
    const apps = (yaml.load(fs.readFileSync(appsFile, "utf8")) as App[] | null) ?? [];
    if ("apps" in inventory.all.vars) return 0; // the renderer emits the whole contract (issue 14 phase 2)
    upgrade(inventory, apps);
    const header = text.split("\n")[0];
    fs.writeFileSync(
      inventoryFile,
      `${header}\n# Upgraded to the inventory contract by converge/contract-inventory.ts.\n${yaml.dump(inventory, { lineWidth: -1, noRefs: true })}`,
    );
    return 0;
  } catch (error) {
    console.error(`contract-inventory: ${inventoryFile}: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = run(process.argv.slice(2));
