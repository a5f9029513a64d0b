import * as path from "path";
import * as yaml from "js-yaml";
import { renderInventory } from "../../artifacts/inventory";
import { inventoryGroupNames } from "../../environment/inventory-groups";
import type { EnvironmentInput } from "../../environment/schema";
import { loadProjectEnvironments } from "../../main";
import { bundledModels, patchedEnvironment, PROJECT_ROOT, resolveInput, synthInput } from "../helpers";

interface Inventory {
  all: { vars: Record<string, unknown>; children: Record<string, { hosts: Record<string, Record<string, unknown>> }> };
}

/** The inventory of an environment written in code, parsed. */
function inventoryOf(input: EnvironmentInput): Inventory {
  return yaml.load(renderInventory(resolveInput(input))) as Inventory;
}

describe("renderInventory", () => {
  it.each(bundledModels().map((model) => [model.name, model] as const))("renders the %s inventory", (_name, model) => {
    expect(renderInventory(model)).toMatchSnapshot();
  });

  it("renders the inventory of the converge harness's environment (converge/environments/)", () => {
    const [converge] = loadProjectEnvironments(PROJECT_ROOT, path.join(PROJECT_ROOT, "converge", "environments"));
    expect(renderInventory(converge)).toMatchSnapshot();
  });

  const inventory = inventoryOf(
    patchedEnvironment((document) => void document.machines.splice(1, 0, { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" })),
  );

  it("puts every machine in its persona group with its static IP and user, and makes no other groups than persona_*, svc_* and its kind's", () => {
    expect(inventory.all.children.persona_networking.hosts["dns-1"]).toMatchObject({
      ansible_host: "10.9.0.53",
      ansible_user: "ops",
      persona: "networking",
      vmid: 500,
    });
    expect(Object.keys(inventory.all.children).filter((group) => !/^(persona|svc)_/.test(group))).toEqual(["proxmox_vm"]);
    // every machine of this environment is a VM
    const hosts = Object.entries(inventory.all.children).flatMap(([group, members]) => (group.startsWith("persona_") ? Object.keys(members.hosts) : []));
    expect(Object.keys(inventory.all.children.proxmox_vm.hosts).sort()).toEqual(hosts.sort());
  });

  it("puts every machine in the groups of its persona's services, with the services and the ports its firewall lets in", () => {
    expect(Object.keys(inventory.all.children.svc_dns.hosts)).toEqual(["dns-1"]);
    expect(Object.keys(inventory.all.children.svc_certificate_authority.hosts)).toEqual(["ca-1"]);
    expect(Object.keys(inventory.all.children.svc_docker.hosts)).toEqual(["docker-1"]);
    expect(inventory.all.children.persona_networking.hosts["dns-1"]).toMatchObject({
      services: ["dns", "reverse_proxy"],
      firewall_allow: [
        { port: 22, protocol: "tcp" },
        { port: 53, protocol: "tcp" },
        { port: 53, protocol: "udp" },
        { port: 80, protocol: "tcp" },
        { port: 443, protocol: "tcp" },
        { port: 9100, protocol: "tcp" },
      ],
    });
    expect(inventory.all.children.persona_docker_host.hosts["docker-1"]).toMatchObject({
      services: ["docker", "compose_apps"],
      firewall_allow: [
        { port: 22, protocol: "tcp" },
        { port: 9100, protocol: "tcp" },
      ],
    });
  });

  it("carries the environment-wide vars on all: the lab CA where there is one, the app catalogue even when empty", () => {
    expect(inventory.all.vars).toEqual({
      environment_name: "test",
      domain: "test.home.arpa",
      network_cidr: "10.9.0.0/24",
      gateway: "10.9.0.1",
      dns_servers: ["10.9.0.53"],
      dns_forwarders: ["10.9.0.1"],
      ntp_servers: [],
      admin_user: "ops",
      acme_mode: "lab",
      ca_url: "https://ca-1.test.home.arpa",
      apps: [],
    });
    const withoutCa = inventoryOf(patchedEnvironment(() => undefined)).all.vars;
    expect(Object.keys(withoutCa)).not.toContain("ca_url");
    expect(Object.keys(withoutCa)).not.toContain("acme_mode");
  });

  it("takes the NTP servers from the network, else from the time servers", () => {
    const withTimeServer = patchedEnvironment((document) => void (document.machines = [{ name: "ntp-1", persona: "time-server", ip: "10.9.0.123" }]));
    expect(inventoryOf(withTimeServer).all.vars.ntp_servers).toEqual(["10.9.0.123"]);
    const explicit = patchedEnvironment((document) => void (document.network.ntpServers = ["ntp.example.test"]));
    expect(inventoryOf(explicit).all.vars.ntp_servers).toEqual(["ntp.example.test"]);
  });

  it("gives a docker host its compose stacks and data disks (by serial, with a mount point) as host vars", () => {
    const docker = patchedEnvironment(
      (document) => void (document.machines = [{ name: "docker-1", persona: "docker-host", ip: "10.9.0.101", composeStacks: ["whoami"] }]),
    );
    expect(inventoryOf(docker).all.children.persona_docker_host.hosts["docker-1"]).toMatchObject({
      compose_stacks: ["whoami"],
      data_disks: [{ serial: "docker-volumes", purpose: "docker-volumes", size_gib: 100, mount_point: "/srv/docker-volumes" }],
    });
  });
});

describe("the app catalogue in the inventory", () => {
  const model = resolveInput(
    patchedEnvironment((document) => {
      document.machines.push(
        { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" },
        { name: "docker-2", persona: "docker-host", ip: "10.9.0.102", size: "small", composeStacks: ["whoami"] },
      );
      document.composeStackDirs = ["stacks"];
      document.apps = [
        { name: "uptime-kuma", machine: "docker-1", stack: "uptime-kuma", port: 3001, hostname: "status.test.home.arpa", env: { TZ: "Europe/Berlin" } },
        { name: "whoami", machine: "docker-2", stack: "whoami", port: 8080, description: "HTTP echo" },
        { name: "whoami-1", machine: "docker-1", stack: "whoami", port: 8081 },
      ];
    }),
  );
  const inventory = yaml.load(renderInventory(model)) as Inventory;
  const docker1 = inventory.all.children.persona_docker_host.hosts["docker-1"];
  const docker2 = inventory.all.children.persona_docker_host.hosts["docker-2"];

  it("lists every app on all (description only where written), and the stack folders", () => {
    expect(inventory.all.vars.apps).toEqual([
      { name: "uptime-kuma", machine: "docker-1", stack: "uptime-kuma", port: 3001, hostname: "status.test.home.arpa" },
      { name: "whoami", machine: "docker-2", stack: "whoami", port: 8080, hostname: "whoami.test.home.arpa", description: "HTTP echo" },
      { name: "whoami-1", machine: "docker-1", stack: "whoami", port: 8081, hostname: "whoami-1.test.home.arpa" },
    ]);
    expect(inventory.all.vars.compose_stack_dirs).toEqual(["stacks"]);
  });

  it("gives each app the group app_<name> holding its machine ('-' becomes '_')", () => {
    expect(
      Object.fromEntries(
        Object.entries(inventory.all.children)
          .filter(([group]) => group.startsWith("app_"))
          .map(([group, { hosts }]) => [group, Object.keys(hosts)]),
      ),
    ).toEqual({
      app_uptime_kuma: ["docker-1"],
      app_whoami: ["docker-2"],
      app_whoami_1: ["docker-1"],
    });
  });

  it("opens each app's port on its machine, runs its stack there (besides the machine's own) with its settings", () => {
    expect(docker1.firewall_allow).toEqual([
      { port: 22, protocol: "tcp" },
      { port: 3001, protocol: "tcp" },
      { port: 8081, protocol: "tcp" },
      { port: 9100, protocol: "tcp" },
    ]);
    expect(docker1.compose_stacks).toEqual(["uptime-kuma", "whoami"]);
    expect(docker1.compose_env).toEqual({ "uptime-kuma": { TZ: "Europe/Berlin", UPTIME_KUMA_PORT: "3001" }, whoami: { WHOAMI_PORT: "8081" } });
    expect(docker2.compose_stacks).toEqual(["whoami"]);
    expect(docker2.compose_env).toEqual({ whoami: { WHOAMI_PORT: "8080" } });
  });

  it("makes exactly the groups inventoryGroupNames names (with Ansible's own all and ungrouped)", () => {
    expect(["all", "ungrouped", ...Object.keys(inventory.all.children)].sort()).toEqual(inventoryGroupNames(model));
  });
});

describe("the inventory in the environment stack", () => {
  const input = patchedEnvironment(() => undefined);
  const json = synthInput(input);
  const files = Object.values(json.resource.local_file);

  it("is written to ansible/inventories/<env>/hosts.yml, relative to the stack directory, mode 0644", () => {
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      filename: "../../../ansible/inventories/test/hosts.yml",
      file_permission: "0644",
      content: renderInventory(resolveInput(input)),
    });
  });

  it("is written after every VM, and never reads an address from the guest agent", () => {
    expect([...files[0].depends_on].sort()).toEqual(
      Object.keys(json.resource.proxmox_virtual_environment_vm)
        .map((id) => `proxmox_virtual_environment_vm.${id}`)
        .sort(),
    );
    expect(JSON.stringify(files[0])).not.toMatch(/ipv4_addresses|\$\{/);
  });
});
