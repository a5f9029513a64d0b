import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { serviceGroup } from "../../environment/inventory-groups";
import { SERVICE_NAMES } from "../../environment/service-names";
import { stockPersonaCatalog } from "../../personas/catalog";
import { BASE_SERVICES, SERVICES } from "../../personas/services";
import { STOCK_PERSONAS } from "../../personas/stock-personas";
import { PROJECT_ROOT } from "../helpers";

/** Every host pattern of every play under ansible/ (site.yml and playbooks/*.yml), parsed as YAML. */
function playHostPatterns(): string[] {
  const playbooks = path.join(PROJECT_ROOT, "ansible", "playbooks");
  const files = ["site.yml", ...(fs.existsSync(playbooks) ? fs.readdirSync(playbooks).map((file) => `playbooks/${file}`) : [])].filter((file) =>
    /\.ya?ml$/.test(file),
  );
  return files.flatMap((file) => {
    const plays = yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, "ansible", file), "utf8")) as { hosts?: string | string[] }[] | null;
    return (plays ?? []).flatMap((play) => (play.hosts === undefined ? [] : Array.isArray(play.hosts) ? play.hosts : [play.hosts]));
  });
}

/** The groups a host pattern such as `svc_dns:svc_reverse_proxy:!svc_ntp` adds (excluded and intersected groups aside). */
function targetedGroups(pattern: string): string[] {
  return pattern
    .split(/[:,]/)
    .map((part) => part.trim())
    .filter((part) => part !== "" && !part.startsWith("!") && !part.startsWith("&"));
}

describe("the service table", () => {
  test("names every service by its key", () => {
    for (const [key, service] of Object.entries(SERVICES)) expect(service.name).toBe(key);
  });

  test("says which services each stock persona runs", () => {
    expect(Object.fromEntries(STOCK_PERSONAS.map((persona) => [persona.name, (persona.services ?? []).map((service) => service.name)]))).toEqual({
      networking: ["dns", "reverse_proxy"],
      "certificate-authority": ["certificate_authority"],
      "time-server": ["ntp"],
      monitoring: ["metrics", "dashboard", "docker"],
      "docker-host": ["docker", "compose_apps"],
      "tools-host": ["docker", "compose_apps"],
    });
  });

  test("opens the ports each service listens on, and SSH and the node exporter everywhere", () => {
    const ports = (service: { ports: readonly { port: number; protocol: string }[] }) => service.ports.map(({ port, protocol }) => `${port}/${protocol}`);
    expect(Object.fromEntries(Object.values(SERVICES).map((service) => [service.name, ports(service)]))).toEqual({
      dns: ["53/udp", "53/tcp"],
      reverse_proxy: ["80/tcp", "443/tcp"],
      certificate_authority: ["443/tcp"],
      ntp: ["123/udp"],
      metrics: ["9090/tcp"],
      dashboard: ["3000/tcp"],
      docker: [],
      compose_apps: [],
    });
    expect(stockPersonaCatalog.baseServices.map(ports)).toEqual([["22/tcp"], ["9100/tcp"]]);
    expect(stockPersonaCatalog.baseServices).toBe(BASE_SERVICES);
  });

  test("every service's group is targeted by some play in ansible/", () => {
    const targeted = new Set(playHostPatterns().flatMap(targetedGroups));
    const groups = Object.values(SERVICES).map((service) => serviceGroup(service.name));
    expect(groups.filter((group) => !targeted.has(group))).toEqual([]);
  });

  test("defines every service the domain core relies on by name", () => {
    expect(Object.values(SERVICE_NAMES).filter((name) => !Object.hasOwn(SERVICES, name))).toEqual([]);
  });

  test("reads host patterns the way Ansible does", () => {
    expect(targetedGroups("svc_dns:svc_reverse_proxy:!svc_ntp:&infra")).toEqual(["svc_dns", "svc_reverse_proxy"]);
  });
});
