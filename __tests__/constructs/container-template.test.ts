import { Testing } from "cdktf";
import type { ContainerTemplateProps } from "../../constructs/container-template";
import { ContainerTemplate } from "../../constructs/container-template";
import { proxmoxStack } from "../helpers";

const download: ContainerTemplateProps = {
  node: "pve2",
  datastore: "local",
  fileName: "lab-debian-12-standard_12.12-1_amd64.tar.zst",
  url: "http://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst",
};

describe("ContainerTemplate", () => {
  test("downloads a template file as a vztmpl volume, never again when upstream changes, checksum verified when given", () => {
    const stack = proxmoxStack();
    const template = new ContainerTemplate(stack, "debian", { ...download, checksum: "sha512:abc123" });
    const files = JSON.parse(Testing.synth(stack, true)).resource.proxmox_download_file;
    expect(Object.values(files)).toEqual([
      expect.objectContaining({
        node_name: "pve2",
        datastore_id: "local",
        content_type: "vztmpl",
        url: download.url,
        file_name: download.fileName,
        overwrite: false,
        checksum: "abc123",
        checksum_algorithm: "sha512",
      }),
    ]);
    expect(template.volumeId).toBe("local:vztmpl/lab-debian-12-standard_12.12-1_amd64.tar.zst");
    expect(template.node.defaultChild).toBe(template.resource);
  });

  test("pulls an OCI image as a template when given a reference", () => {
    const stack = proxmoxStack();
    new ContainerTemplate(stack, "alpine", {
      node: "pve1",
      datastore: "local",
      fileName: "lab-alpine_3.22.tar",
      ociReference: "docker.io/library/alpine:3.22",
    });
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.values(json.resource.proxmox_oci_image)).toEqual([
      expect.objectContaining({ node_name: "pve1", datastore_id: "local", reference: "docker.io/library/alpine:3.22", file_name: "lab-alpine_3.22.tar" }),
    ]);
    expect(json.resource.proxmox_download_file).toBeUndefined();
  });

  test.each<[string, Partial<ContainerTemplateProps>, string]>([
    [
      "both a URL and an OCI image",
      { ociReference: "docker.io/library/debian:12" },
      "needs exactly one of url (a template file to download) or ociReference (an image to pull)",
    ],
    ["a file name that is not a tar archive", { fileName: "debian.qcow2" }, "fileName: must be a file name ending in .tar"],
    ["a compressed file name for an OCI image", { url: undefined, ociReference: "docker.io/library/debian:12" }, "fileName: must end in .tar for an OCI image"],
  ])("rejects %s at synth", (_, props, message) => {
    const stack = proxmoxStack();
    new ContainerTemplate(stack, "debian", { ...download, ...props });
    expect(() => Testing.synth(stack, true)).toThrow(`[test/debian] ${message}`);
  });
});
