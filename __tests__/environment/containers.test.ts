// Container personas in environments: how their machines resolve, and the rules on LXC templates.
import { renderInventory } from "../../artifacts/inventory";
import type { ContainerMachinePlan } from "../../environment/model";
import type { EnvironmentInput } from "../../environment/schema";
import { personaCatalog } from "../../personas/catalog";
import { STOCK_PERSONAS, timeServerPersona } from "../../personas/stock-personas";
import { firstRegistry, issueLines, patchedEnvironment, resolveInput, synthInput } from "../helpers";

const TEMPLATE_URL = "http://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst";

/** The base environment with an LXC template and a tools-host container on it. */
function withContainer(change: (document: EnvironmentInput) => void = () => undefined): EnvironmentInput {
  return patchedEnvironment((document) => {
    document.containerTemplates = { "debian-12": { url: TEMPLATE_URL } };
    document.machines.push({ name: "tools-1", persona: "tools-host", ip: "10.9.0.110" });
    change(document);
  });
}

describe("container machines", () => {
  test("resolve to an unprivileged container with nesting (the tools-host persona asks for it), its template volume and mount point", () => {
    const model = resolveInput(withContainer());
    const tools = model.machines.find((machine) => machine.name === "tools-1") as ContainerMachinePlan;
    expect({
      kind: tools.kind,
      vmId: tools.vmId,
      container: tools.container,
      template: tools.template,
      dataDisks: tools.dataDisks,
      lifecycle: tools.lifecycle,
    }).toEqual({
      kind: "container",
      vmId: 502,
      container: { unprivileged: true, nesting: true },
      template: {
        key: "debian-12",
        source: { kind: "download", url: TEMPLATE_URL, checksum: undefined },
        fileName: "test-debian-12-standard_12.12-1_amd64.tar.zst",
        volumeId: "local:vztmpl/test-debian-12-standard_12.12-1_amd64.tar.zst",
        osType: "debian",
      },
      dataDisks: [{ purpose: "tools-data", sizeGiB: 32, datastore: "local-lvm", slot: "mp0", serial: "tools-data", mountPoint: "/srv/tools-data" }],
      lifecycle: { protection: true, preventDestroy: true, keepUnreferencedDisks: true, stopOnDestroy: true },
    });
    expect(model.machines.filter((machine) => machine.kind === "vm").map((machine) => machine.name)).toEqual(["dns-1", "docker-1"]);
  });

  test("a container persona without settings of its own is unprivileged and does not nest", () => {
    const resolverPersona = { ...timeServerPersona, name: "time-container", container: {} };
    const model = resolveInput(
      withContainer((document) => {
        document.machines.push({ name: "ntp-ct-1", persona: "time-container", ip: "10.9.0.123" });
      }),
      { personas: personaCatalog(...STOCK_PERSONAS, resolverPersona) },
    );
    const machine = model.machines.find((candidate) => candidate.name === "ntp-ct-1") as ContainerMachinePlan;
    expect(machine.container).toEqual({ unprivileged: true, nesting: false });
  });

  test("an OCI template becomes a .tar named after the image, pulled; an explicit file name wins", () => {
    const model = resolveInput(
      withContainer((document) => {
        document.containerTemplates = {
          "debian-12": { oci: "docker.io/library/debian:12" },
          alpine: { oci: "ghcr.io/example/alpine:3.22", fileName: "alpine.tar", osType: "alpine" },
        };
      }),
    );
    expect(model.containerTemplates.map((template) => [template.key, template.source, template.volumeId, template.osType])).toEqual([
      ["alpine", { kind: "oci", reference: "ghcr.io/example/alpine:3.22" }, "local:vztmpl/test-alpine.tar", "alpine"],
      ["debian-12", { kind: "oci", reference: "docker.io/library/debian:12" }, "local:vztmpl/test-debian_12.tar", "debian"],
    ]);
  });

  test("the images stack puts the template on each node that runs such a container, the environment stack creates the container from it", () => {
    const json = synthInput(withContainer());
    expect(Object.keys(json.resource.proxmox_virtual_environment_container)).toEqual(["tools-1"]);
    expect(json.resource.proxmox_virtual_environment_container["tools-1"]).toMatchObject({
      operating_system: { template_file_id: "local:vztmpl/test-debian-12-standard_12.12-1_amd64.tar.zst", type: "debian" },
      protection: true,
      lifecycle: { prevent_destroy: true, ignore_changes: ["operating_system[0].template_file_id"] },
      depends_on: ["proxmox_virtual_environment_vm.dns-1"],
    });
  });

  test.each<[string, (document: EnvironmentInput) => void, string[]]>([
    [
      "a container persona whose template containerTemplates does not declare",
      (document) => {
        delete document.containerTemplates;
      },
      [
        "environment test: machines[2].persona: persona 'tools-host' runs as an LXC container from template 'debian-12', which containerTemplates does not declare",
      ],
    ],
    [
      "a template with both a URL and an OCI image",
      (document) => {
        document.containerTemplates = { "debian-12": { url: TEMPLATE_URL, oci: "docker.io/library/debian:12" } };
      },
      ["environment test: containerTemplates.debian-12: needs exactly one of url (a template file to download) or oci (an image to pull)"],
    ],
    [
      "a template with neither",
      (document) => {
        document.containerTemplates = { "debian-12": {} };
      },
      ["environment test: containerTemplates.debian-12: needs exactly one of url (a template file to download) or oci (an image to pull)"],
    ],
    [
      "a URL that does not end in a template file name, without fileName",
      (document) => {
        document.containerTemplates = { "debian-12": { url: "https://templates.example.test/latest" } };
      },
      ["environment test: containerTemplates.debian-12.url: does not end in a template file name (.tar, .tar.zst, .tar.xz, .tar.gz): set fileName"],
    ],
    [
      "a checksum on an OCI image",
      (document) => {
        document.containerTemplates = { "debian-12": { oci: "docker.io/library/debian:12", checksum: "sha256:00" } };
      },
      ["environment test: containerTemplates.debian-12.checksum: applies to url only: an OCI image is verified by its registry digest"],
    ],
    [
      "an OCI image stored compressed",
      (document) => {
        document.containerTemplates = { "debian-12": { oci: "docker.io/library/debian:12", fileName: "debian.tar.zst" } };
      },
      ["environment test: containerTemplates.debian-12.fileName: must end in .tar for an OCI image (Proxmox stores pulled images uncompressed)"],
    ],
    [
      "a distribution Proxmox cannot set up",
      (document) => {
        document.containerTemplates = { "debian-12": { url: TEMPLATE_URL, osType: "unmanaged" as never } };
      },
      [
        "environment test: containerTemplates.debian-12.osType: must be one of debian, devuan, ubuntu, centos, fedora, opensuse, archlinux, alpine, gentoo, nixos",
      ],
    ],
    [
      "a stateful container that turns off its protection without allowDataLoss",
      (document) => {
        document.machines[2].lifecycle = { protection: false };
      },
      [
        "environment test: machines[2].lifecycle.protection: turning off protection lets a destroy delete the data of stateful persona tools-host: list 'tools-1' in allowDataLoss to allow it",
      ],
    ],
  ])("%s is an issue", (_, change, lines) => {
    expect(issueLines(() => resolveInput(withContainer(change)))).toEqual(lines);
  });
});

describe("containers in the machine registry", () => {
  const registry = firstRegistry(withContainer());

  test("a container is recorded with its kind, the template file it was created from, and its root file system and mount points", () => {
    expect(registry.machines["tools-1"]).toMatchObject({
      kind: "container",
      template: { file: "test-debian-12-standard_12.12-1_amd64.tar.zst" },
      bootDisk: { slot: "rootfs" },
      dataDisks: { "tools-data": { slot: "mp0", sizeGiB: 32 } },
      protected: true,
    });
    // a VM keeps recording its golden template, and no kind
    expect(registry.machines["dns-1"]).not.toHaveProperty("kind");
    expect(registry.machines["dns-1"].template).toMatchObject({ vmid: expect.any(Number) });
  });

  test("a new LXC template leaves an existing container as it is: the registry keeps the file it was created from", () => {
    const bumped = withContainer((document) => {
      document.containerTemplates = { "debian-12": { url: TEMPLATE_URL.replace("12.12-1", "12.13-1") } };
    });
    const model = resolveInput(bumped, { registry });
    expect(model.registry.machines["tools-1"].template).toEqual({ file: "test-debian-12-standard_12.12-1_amd64.tar.zst" });
    // and so does the inventory, which names the template the machine was made from
    expect(renderInventory(model)).toContain("template: test-debian-12-standard_12.12-1_amd64.tar.zst");
    expect(renderInventory(resolveInput(bumped))).toContain("template: test-debian-12-standard_12.13-1_amd64.tar.zst");
  });

  test("rebuild names VMs only, and a guarded container is not retired over two deploys: its guards come off first", () => {
    expect(
      issueLines(() =>
        resolveInput(
          withContainer((document) => void (document.rebuild = ["tools-1"])),
          { registry },
        ),
      ),
    ).toEqual([
      "environment test: rebuild[0]: 'tools-1' is an LXC container, which keeps the template it was created from (rebuild re-clones VMs): remove it from rebuild",
    ]);
    const removed = withContainer((document) => {
      document.machines = document.machines.filter((machine) => machine.name !== "tools-1");
      document.allowDataLoss = ["tools-1"];
    });
    expect(issueLines(() => resolveInput(removed, { registry }))).toEqual([
      "environment test: machines: container 'tools-1' (VMID 502) is guarded (protection or prevent_destroy), and containers do not retire over two deploys as VMs do: first turn its guards off in its lifecycle and deploy, then remove or replace it",
    ]);
  });

  test("a VM persona that becomes a container persona replaces the machine: refused for a stateful one without allowDataLoss", () => {
    const asContainer = patchedEnvironment((document) => {
      document.containerTemplates = { "debian-12": { url: TEMPLATE_URL } };
    });
    const before = firstRegistry(asContainer);
    const docker = asContainer.machines.findIndex((machine) => machine.persona === "docker-host");
    const changed = patchedEnvironment((document) => {
      document.containerTemplates = { "debian-12": { url: TEMPLATE_URL } };
      document.machines[docker].persona = "tools-host";
    });
    expect(issueLines(() => resolveInput(changed, { registry: before }))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^environment test: machines\\[${docker}\\]\\.persona: persona tools-host makes stateful machine '[a-z0-9-]+' an LXC container: its VM \\(VMID \\d+\\) would be destroyed with its disks scsi0 `,
        ),
      ),
    ]);
  });
});
