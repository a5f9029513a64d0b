import { Testing } from "cdktf";
import { renderPackerVarFile } from "../../artifacts/packer-vars";
import { ImagesStack } from "../../stacks/images-stack";
import { patchedEnvironment, resolveInput, synthStack } from "../helpers";

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
});
