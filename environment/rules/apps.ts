import type { ValidationIssue } from "../issues";
import type { EnvironmentModel } from "../model";
import { runsService, SERVICE_NAMES } from "../service-names";
import type { Location, ModelRule } from "./rule";
import { referTo } from "./rule";

/** DNS caps a full host name at 253 characters. */
const MAX_FQDN_LENGTH = 253;

/** The first place each key was seen, for "already taken (apps[0].name)". */
class FirstSeen {
  private readonly places = new Map<string, Location>();

  constructor(private readonly file: string) {}

  /** Where `key` was seen before, or undefined (and `path` is recorded as its place). */
  claim(key: string, path: string): Location | undefined {
    const earlier = this.places.get(key);
    if (!earlier) this.places.set(key, { file: this.file, path });
    return earlier;
  }
}

/** The issues of one environment's app catalogue. */
function catalogueIssues(model: EnvironmentModel): ValidationIssue[] {
  const { file, apps, machines, network } = model;
  const issues: ValidationIssue[] = [];
  const push = (path: string, message: string) => issues.push({ file, path, message });
  if (apps.length === 0) return issues;
  for (const [service, why] of [
    [SERVICE_NAMES.reverseProxy, "their reverse proxy sites, and the target of their DNS names"],
    [SERVICE_NAMES.certificateAuthority, "the lab CA their certificates come from by ACME"],
  ] as const) {
    if (!machines.some((machine) => runsService(machine, service)))
      push("apps", `the apps need a machine with the ${service} service (${why}); this environment has none`);
  }
  const machinesByName = new Map(machines.map((machine) => [machine.name, machine]));
  const names = new FirstSeen(file);
  const hostnames = new FirstSeen(file);
  const ports = new FirstSeen(file);
  const stacks = new FirstSeen(file);
  const volumes = new Map<string, { total: number; apps: string[]; reported: boolean }>();
  for (const app of apps) {
    const at = (key: string) => `apps[${app.index}].${key}`;
    const machine = machinesByName.get(app.machine);
    const name = names.claim(app.name, at("name"));
    if (name) push(at("name"), `app name '${app.name}' is already taken ${referTo(file, name)}`);

    const hostname = hostnames.claim(app.hostname, at("hostname"));
    const namesake = machines.find((other) => `${other.name}.${network.domain}` === app.hostname);
    if (app.hostname === network.domain) {
      push(at("hostname"), `${app.hostname} is the domain itself: an app needs a name inside it`);
    } else if (!app.hostname.endsWith(`.${network.domain}`)) {
      push(at("hostname"), `${app.hostname} is outside the environment's domain ${network.domain}: its DNS serves names inside it only`);
    } else if (namesake) {
      push(at("hostname"), `${app.hostname} is the name of machine ${namesake.name}: an app needs a name of its own`);
    } else if (hostname) {
      push(at("hostname"), `hostname ${app.hostname} is already taken ${referTo(file, hostname)}`);
    } else if (app.hostname.length > MAX_FQDN_LENGTH) {
      push(at("hostname"), `${app.hostname} is ${app.hostname.length} characters, more than the ${MAX_FQDN_LENGTH} DNS allows`);
    }
    if (!machine) continue; // resolution reports an unknown machine; the model only has known ones

    if (machine.firewall.some((open) => open.port === app.port && open.protocol === "tcp")) {
      const own = machine.firewall.map((open) => `${open.port}/${open.protocol}`).join(", ");
      push(at("port"), `port ${app.port} is taken on ${machine.name} by its own services (${own})`);
    } else {
      const port = ports.claim(`${machine.name} ${app.port}`, at("port"));
      if (port) push(at("port"), `port ${app.port} on ${machine.name} is already taken by another app ${referTo(file, port)}`);
    }
    const stack = stacks.claim(`${machine.name} ${app.stack}`, at("stack"));
    if (stack) push(at("stack"), `stack '${app.stack}' already runs on ${machine.name} for another app ${referTo(file, stack)}: one app per stack and machine`);

    if (app.volumeGiB !== undefined) {
      const disk = machine.dataDisks[0];
      const used = volumes.get(machine.name) ?? { total: 0, apps: [], reported: false };
      used.total += app.volumeGiB;
      used.apps.push(`${app.name}: ${app.volumeGiB}`);
      volumes.set(machine.name, used);
      if (!disk) push(at("volumeGiB"), `${machine.name} has no data disk for app volumes (persona ${machine.persona.name})`);
      else if (used.total > disk.sizeGiB && !used.reported) {
        used.reported = true;
        push(
          at("volumeGiB"),
          `the apps on ${machine.name} need ${used.total} GiB of volumes, more than its ${disk.sizeGiB} GiB data disk ${disk.purpose} (${used.apps.join(", ")})`,
        );
      }
    }
  }
  return issues;
}

/**
 * Each environment's app catalogue is sound: the apps have a reverse proxy and a lab CA; names and
 * hostnames are unique; a hostname lies inside the domain and is no machine's; an app's port is
 * none of its machine's service ports nor another app's there; a machine runs a stack for one app
 * at most; the apps' declared volumes fit their machine's first data disk.
 */
export const appRules: ModelRule = (models) => models.flatMap(catalogueIssues);
