import { Testing } from "cdktf";
import { renderPackerVarFile } from "../../artifacts/packer-vars";
import { defineEnvironment, loadEnvironments } from "../../environment/load/load-environments";
import { stockPersonaCatalog } from "../../personas/catalog";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { ImagesStack } from "../../stacks/images-stack";
import { issueLines, patchedEnvironment, resolveInput, synthStack } from "../helpers";

describe("ImagesStack", () => {
  const model = resolveInput(
    patchedEnvironment((document) => {
      document.templates["debian-12"].image = { url: "https://example.test/debian.qcow2", checksum: "sha256:abc123" };
    }),
  );
  const json = synthStack(new ImagesStack(Testing.app(), "test-images", { model }));

  it("downloads each used cloud image onto the template's node as an importable disk image", () => {
    expect(Testing.synth(new ImagesStack(Testing.app(), "test-images", { model }))).toHaveResourceWithProperties(
      { tfResourceType: "proxmox_download_file" },
      {
        node_name: "pve1",
        datastore_id: "local",
        content_type: "import",
        url: "https://example.test/debian.qcow2",
        file_name: "test-debian.qcow2",
        checksum: "abc123",
        checksum_algorithm: "sha256",
      },
    );
    expect(
      Object.values(json.resource.proxmox_download_file)
        .map((file) => file.file_name)
        .sort(),
    ).toEqual(["test-debian.qcow2", "test-ubuntu.qcow2"]);
  });

  it("imports each image as a stopped base template VM at the derived base VMID", () => {
    const vms = Object.values(json.resource.proxmox_virtual_environment_vm);
    expect(vms.map((vm) => [vm.name, vm.vm_id, vm.template, vm.started]).sort()).toEqual([
      ["base-test-debian-12", 599, true, false],
      ["base-test-ubuntu-2404", 598, true, false],
    ]);
    expect(vms[0].disk[0].import_from).toMatch(/^\$\{proxmox_download_file\..*\.id\}$/);
  });

  it("writes the Packer var file to packer/vars/<env>.pkrvars.json after the base VMs", () => {
    const [file] = Object.values(json.resource.local_file);
    expect(file).toMatchObject({ filename: "../../../packer/vars/test.pkrvars.json", file_permission: "0644", content: renderPackerVarFile(model) });
    expect(file.depends_on).toHaveLength(2);
  });

  it("keeps its own state beside the environment's", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.test-images.tfstate" } });
  });

  it("downloads once what the URL names: no upstream size check on refresh (overwrite off), an hour for a large image", () => {
    for (const file of Object.values(json.resource.proxmox_download_file)) expect(file).toMatchObject({ overwrite: false, upload_timeout: 3600 });
  });
});

describe("each stack its own state, also where the file places it", () => {
  const backends = (backend: object) => {
    const model = resolveInput(patchedEnvironment((document) => void (document.backend = backend as typeof document.backend)));
    const environment = synthStack(new EnvironmentStack(Testing.app(), "test", { model })).terraform.backend;
    const images = synthStack(new ImagesStack(Testing.app(), "test-images", { model })).terraform.backend;
    return { environment, images };
  };

  it.each([
    [{ type: "local", path: "state/lab.tfstate" }, { local: { path: "../../../state/lab.tfstate" } }, { local: { path: "../../../state/lab-images.tfstate" } }],
    [{ type: "local", path: "state/lab" }, { local: { path: "../../../state/lab" } }, { local: { path: "../../../state/lab-images" } }],
    [{ type: "pg", schemaName: "homelab" }, { pg: { schema_name: "homelab" } }, { pg: { schema_name: "homelab_images" } }],
    [
      { type: "s3", bucket: "tfstate", region: "eu-west-1", key: "lab/terraform.tfstate" },
      { s3: { bucket: "tfstate", key: "lab/terraform.tfstate", region: "eu-west-1", encrypt: true } },
      { s3: { bucket: "tfstate", key: "lab/terraform-images.tfstate", region: "eu-west-1", encrypt: true } },
    ],
  ])("%j: the environment stack where the file says, the images stack beside it", (backend, environment, images) => {
    expect(backends(backend)).toEqual({ environment, images });
  });

  it("refuses two stacks of the fleet that would share one state", () => {
    const sharing = (name: string) =>
      defineEnvironment(
        name,
        patchedEnvironment((document) => {
          document.backend = { type: "local", path: "state/shared.tfstate" };
          document.vmids = name === "a" ? { start: 500, end: 599 } : { start: 600, end: 699 };
          document.templates["debian-12"].vmid = name === "a" ? 590 : 690;
          document.templates["ubuntu-2404"].vmid = name === "a" ? 591 : 691;
          document.machines = document.machines.map((machine, index) => ({
            ...machine,
            name: `${name}-${machine.name}`,
            ip: `10.9.0.${name === "a" ? 10 + index : 20 + index}`,
          }));
        }),
      );
    expect(issueLines(() => loadEnvironments([sharing("a"), sharing("b")], stockPersonaCatalog))).toEqual([
      "environment b: backend.path: stack b would keep its state where stack a (environment a) keeps its own",
      "environment b: backend.path: stack b-images would keep its state where stack a-images (environment a) keeps its own",
    ]);
  });
});

describe("ImagesStack and LXC templates", () => {
  const twoNodes = (containerTemplates: Record<string, unknown>) =>
    resolveInput(
      patchedEnvironment((document) => {
        document.proxmox.nodes.push({ name: "pve2" }, { name: "pve3" });
        document.containerTemplates = containerTemplates as never;
        document.machines.push(
          { name: "tools-1", persona: "tools-host", ip: "10.9.0.110", node: "pve2" },
          { name: "tools-2", persona: "tools-host", ip: "10.9.0.111" },
          { name: "tools-3", persona: "tools-host", ip: "10.9.0.112", node: "pve2" },
        );
      }),
    );

  it("puts a template file on each node that runs such a container, once per node, never re-downloaded", () => {
    const model = twoNodes({ "debian-12": { url: "http://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst" } });
    const stack = new ImagesStack(Testing.app(), "test-images", { model });
    const files = synthStack(stack).resource.proxmox_download_file;
    expect(Object.keys(files).filter((id) => id.startsWith("lxc-"))).toEqual(["lxc-test-debian-12-pve1", "lxc-test-debian-12-pve2"]);
    expect(files["lxc-test-debian-12-pve2"]).toMatchObject({
      node_name: "pve2",
      content_type: "vztmpl",
      file_name: "test-debian-12-standard_12.12-1_amd64.tar.zst",
      overwrite: false,
    });
    expect([...stack.containerTemplates.keys()]).toEqual(["debian-12/pve1", "debian-12/pve2"]);
  });

  it("pulls an OCI template with proxmox_oci_image instead", () => {
    const model = twoNodes({ "debian-12": { oci: "docker.io/library/debian:12" } });
    const json = synthStack(new ImagesStack(Testing.app(), "test-images", { model }));
    expect(Object.values(json.resource.proxmox_oci_image ?? {}).map((image) => [image.node_name, image.reference, image.file_name])).toEqual([
      ["pve1", "docker.io/library/debian:12", "test-debian_12.tar"],
      ["pve2", "docker.io/library/debian:12", "test-debian_12.tar"],
    ]);
  });
});
