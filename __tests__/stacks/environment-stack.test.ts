import { Testing } from "cdktf";
import { ProxmoxProvider } from "../../.gen/providers/proxmox/provider";
import type { EnvironmentInput } from "../../environment/schema";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { patchedEnvironment, resolveInput, synthInput } from "../helpers";

/** The base environment with a certificate authority (stateful, depends on networking) between its DNS and docker hosts. */
function withCertificateAuthority(change: (document: EnvironmentInput) => void = () => undefined): EnvironmentInput {
  return patchedEnvironment((document) => {
    document.machines.splice(1, 0, { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" });
    change(document);
  });
}

describe("EnvironmentStack", () => {
  const model = resolveInput(withCertificateAuthority());
  const json = Testing.synth(new EnvironmentStack(Testing.app(), model.name, { model }), true);
  const vms = JSON.parse(json).resource.proxmox_virtual_environment_vm as Record<string, Record<string, unknown>>;

  test("configures the provider without any secret and pins bpg/proxmox 0.111.x", () => {
    expect(json).toHaveProviderWithProperties(ProxmoxProvider, {
      endpoint: "https://pve.test:8006/",
      insecure: false,
      ssh: [{ agent: true, username: "root" }],
    });
    const parsed = JSON.parse(json);
    const provider = parsed.provider.proxmox[0];
    for (const secretKey of ["api_token", "password", "auth_ticket", "private_key"]) {
      expect(JSON.stringify(provider)).not.toContain(secretKey);
    }
    expect(parsed.terraform.required_providers.proxmox.source).toMatch(/bpg\/proxmox$/);
    expect(parsed.terraform.required_providers.proxmox.version).toMatch(/^0\.111\.\d+$/);
  });

  test("synthesizes one proxmox_virtual_environment_vm per machine, named after it, so plans read `proxmox_virtual_environment_vm.dns-1`", () => {
    expect(Object.keys(vms).sort()).toEqual(["ca-1", "dns-1", "docker-1"]);
    expect(Object.values(vms).map((vm) => vm.name)).toEqual(Object.keys(vms));
  });

  test("builds each machine from its persona: template, size, data disks, tags", () => {
    expect(vms["docker-1"]).toMatchObject({
      clone: { vm_id: 591, full: true },
      cpu: { cores: 4 },
      memory: { dedicated: 8192 },
      tags: ["apps", "docker", "env-test", "persona-docker-host"],
    });
    expect((vms["docker-1"].disk as unknown[]).length).toBe(2);
    expect(vms["dns-1"]).toMatchObject({ clone: { vm_id: 590 }, cpu: { cores: 1 }, memory: { dedicated: 2048 } });
    expect((vms["dns-1"].disk as unknown[]).length).toBe(1);
  });

  test("protects stateful personas and their disks; stateless ones stay disposable", () => {
    for (const name of ["ca-1", "docker-1"]) {
      expect(vms[name]).toMatchObject({
        protection: true,
        delete_unreferenced_disks_on_destroy: false,
        stop_on_destroy: true,
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(vms["dns-1"]).toMatchObject({ protection: false, delete_unreferenced_disks_on_destroy: true });
    expect(vms["dns-1"].lifecycle).toEqual({ ignore_changes: ["clone"] });
  });

  test("turns persona dependencies into depends_on between VMs and into the start order", () => {
    expect(vms["dns-1"].depends_on).toBeUndefined();
    expect(vms["ca-1"].depends_on).toEqual(["proxmox_virtual_environment_vm.dns-1"]);
    // docker-host depends on monitoring and time-server too, which this environment does not have
    expect(vms["docker-1"].depends_on).toEqual(["proxmox_virtual_environment_vm.dns-1", "proxmox_virtual_environment_vm.ca-1"]);
    expect([vms["dns-1"], vms["ca-1"], vms["docker-1"]].map((vm) => (vm.startup as { order: number }).order)).toEqual([1, 2, 4]);
  });

  test("places the network on the environment's bridge and VLAN with cloud-init DNS", () => {
    expect(vms["ca-1"]).toMatchObject({
      network_device: [expect.objectContaining({ bridge: "vmbr0", vlan_id: 90, model: "virtio", firewall: false })],
      initialization: {
        dns: { servers: ["10.9.0.53"], domain: "test.home.arpa" },
        ip_config: [{ ipv4: { address: "10.9.0.54/24", gateway: "10.9.0.1" } }],
      },
    });
  });

  test("allocates VMIDs in file order from the range start, skipping pinned and template VMIDs", () => {
    const allocated = resolveInput(
      patchedEnvironment((document) => {
        document.vmids = { start: 590, end: 599 };
        document.proxmox.nodes = [{ name: "pve1" }];
        document.machines = [
          { name: "dns-1", persona: "networking", ip: "10.9.0.53" },
          { name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54", vmid: 593 },
          { name: "docker-1", persona: "docker-host", ip: "10.9.0.101" },
          { name: "docker-2", persona: "docker-host", ip: "10.9.0.102" },
        ];
      }),
    );
    expect(allocated.machines.map((m) => [m.name, m.vmId])).toEqual([
      ["dns-1", 592],
      ["ca-1", 593],
      ["docker-1", 594],
      ["docker-2", 595],
    ]);
  });

  test("places a machine on its own node and clones across nodes when the template lives elsewhere", () => {
    const vm = synthInput(
      patchedEnvironment((document) => {
        document.proxmox.nodes = [{ name: "pve1" }, { name: "pve2" }];
        document.machines = [{ name: "dns-1", persona: "networking", ip: "10.9.0.53", node: "pve2", size: "large" }];
      }),
    ).resource.proxmox_virtual_environment_vm["dns-1"];
    expect(vm).toMatchObject({ node_name: "pve2", clone: { vm_id: 590, node_name: "pve1" }, cpu: { cores: 4 } });
  });
});

describe("state backend", () => {
  test("defaults to local state at the project root, through a relative path", () => {
    const { terraform } = synthInput(patchedEnvironment(() => undefined));
    expect(terraform.backend).toEqual({ local: { path: "../../../terraform.test.tfstate" } });
  });

  test("takes a custom local path relative to the project root", () => {
    const { terraform } = synthInput(patchedEnvironment((document) => void (document.backend = { type: "local", path: "state/test.tfstate" })));
    expect(terraform.backend).toEqual({ local: { path: "../../../state/test.tfstate" } });
  });

  test("selects pg without a connection string (Terraform reads PG_CONN_STR)", () => {
    const { terraform } = synthInput(
      patchedEnvironment((document) => void (document.backend = { type: "pg" })),
      "home-lab",
    );
    expect(terraform.backend).toEqual({ pg: { schema_name: "homelab_home_lab" } });
  });

  test("selects s3, with path-style and skipped AWS checks for a self-hosted endpoint", () => {
    const aws = synthInput(patchedEnvironment((document) => void (document.backend = { type: "s3", bucket: "tfstate", region: "eu-west-1" })));
    expect(aws.terraform.backend).toEqual({ s3: { bucket: "tfstate", key: "homelab/test.tfstate", region: "eu-west-1", encrypt: true } });
    const minio = synthInput(
      patchedEnvironment((document) => void (document.backend = { type: "s3", bucket: "tfstate", region: "garage", endpoint: "https://s3.home.arpa" })),
    );
    expect(minio.terraform.backend.s3).toMatchObject({
      endpoints: { s3: "https://s3.home.arpa" },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
    });
    expect(JSON.stringify(minio.terraform.backend)).not.toMatch(/access_key|secret_key/);
  });
});
