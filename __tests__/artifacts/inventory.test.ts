import * as yaml from "js-yaml";
import { renderInventory } from "../../artifacts/inventory";
import type { EnvironmentInput } from "../../environment/schema";
import { bundledModels, patchedEnvironment, resolveInput, synthInput } from "../helpers";

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

  const inventory = inventoryOf(
    patchedEnvironment((document) => void document.machines.splice(1, 0, { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" })),
  );

  it("puts every machine in its persona group with its static IP and user, and in its persona's layer groups", () => {
    expect(inventory.all.children.persona_networking.hosts["dns-1"]).toMatchObject({
      ansible_host: "10.9.0.53",
      ansible_user: "ops",
      persona: "networking",
      vmid: 500,
    });
    expect(Object.keys(inventory.all.children.infra_networking.hosts)).toEqual(["dns-1"]);
    expect(Object.keys(inventory.all.children.infra_ca.hosts)).toEqual(["ca-1"]);
    expect(Object.keys(inventory.all.children.apps.hosts)).toEqual(["docker-1"]);
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

  it("carries the environment-wide vars on all", () => {
    expect(inventory.all.vars).toEqual({
      environment_name: "test",
      domain: "test.home.arpa",
      network_cidr: "10.9.0.0/24",
      gateway: "10.9.0.1",
      dns_servers: ["10.9.0.53"],
      admin_user: "ops",
    });
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
