import { Testing } from "cdktf";
import type { CloudImageTemplateProps } from "../../constructs/cloud-image-template";
import { CloudImageTemplate } from "../../constructs/cloud-image-template";
import { ProjectFile } from "../../constructs/project-file";
import { proxmoxStack } from "../helpers";

const baseProps: CloudImageTemplateProps = {
  node: "pve1",
  vmId: 9999,
  name: "base-lab-debian-12",
  url: "https://example.test/debian.qcow2",
  fileName: "lab-debian.qcow2",
  imageDatastore: "local",
  vmDatastore: "local-lvm",
  bridge: "vmbr0",
  user: "packer",
  sshKeys: [],
};

describe("CloudImageTemplate", () => {
  test("names its L1 VM as node.defaultChild", () => {
    const template = new CloudImageTemplate(proxmoxStack(), "debian-12", baseProps);
    expect(template.node.defaultChild).toBe(template.vm);
  });

  test.each<[string, Partial<CloudImageTemplateProps>, string]>([
    ["a VMID below Proxmox's range", { vmId: 99 }, "vmId: must be at least 100"],
    ["a checksum without its algorithm", { checksum: "abc123" }, "checksum: must be 'sha256:<hex>' or 'sha512:<hex>'"],
    ["a file name Proxmox cannot import", { fileName: "debian.iso" }, "fileName: must be a file name ending in .img, .qcow2 or .raw"],
    ["a VLAN tag out of range", { vlan: 5000 }, "vlan: must be at most 4094"],
  ])("rejects %s at synth, naming the construct path and the prop", (_, props, message) => {
    const stack = proxmoxStack();
    new CloudImageTemplate(stack, "debian-12", { ...baseProps, ...props });
    expect(() => Testing.synth(stack, true)).toThrow(`[test/debian-12] ${message}`);
  });
});

describe("ProjectFile", () => {
  test("names its local_file as node.defaultChild and keeps its path and content", () => {
    const file = new ProjectFile(proxmoxStack(), "notes", { path: "notes/hello.txt", content: "hello\n" });
    expect([file.node.defaultChild, file.path, file.content]).toEqual([file.resource, "notes/hello.txt", "hello\n"]);
  });

  test.each(["/etc/passwd", "../outside.txt", "notes/../../outside.txt"])("refuses %s at synth: the path must stay inside the project", (path) => {
    const stack = proxmoxStack();
    new ProjectFile(stack, "notes", { path, content: "" });
    expect(() => Testing.synth(stack, true)).toThrow(`[test/notes] path: ${path} must stay inside the project (relative, no '..')`);
  });
});
