import * as fs from "fs";
import * as path from "path";
import { bundledOutputDir, listFiles } from "../helpers";
import { secretFindings } from "./secret-scan";

describe("the synthesized output of the bundled environments", () => {
  test("holds no secret-looking value anywhere (every file, every string, every key)", () => {
    const outdir = bundledOutputDir();
    const files = listFiles(outdir);
    expect(files).toEqual(expect.arrayContaining(["stacks/lab/cdk.tf.json", "stacks/prod/cdk.tf.json"]));
    const findings = files.flatMap((file) => {
      const text = fs.readFileSync(path.join(outdir, file), "utf8");
      return secretFindings(file.endsWith(".json") ? JSON.parse(text) : text.split("\n"), file);
    });
    expect(findings).toEqual([]);
  });
});

describe("the secret scan", () => {
  const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ops@homelab";

  test("lets SSH public keys, checksums, references and ordinary text through", () => {
    expect(
      secretFindings({
        keys: [publicKey],
        checksum: "sha256:6f1e6ae7cb5f4bd5c1b2e0e2ad4d0c6b8f1d9d1b62e6e3f5a4c7b1e0d9c8f7a6",
        api_token: "${var.proxmox_api_token}",
        private_key_file: "~/.ssh/id_ed25519",
        description: "Docker Compose workload host. Persona docker-host in environment lab; managed by homelab-cdktf.",
      }),
    ).toEqual([]);
  });

  test.each([
    ["a PEM private key", { content: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----" }],
    ["a PVE API token", { provider: [{ api_token: "terraform@pve!ci=0b1d7e4c-3f4a-4c1e-9a2b-7d5e6f708192" }] }],
    ["an AWS access key", { env: ["AKIAIOSFODNN7EXAMPLE"] }],
    ["a password under its key", { user_account: { password: "hunter2" } }],
    ["a credential assignment inside a file's content", { content: "ansible_user: ops\nansible_password: hunter2\n" }],
    ["a random token", { value: "q8X2vLk9Zp4Rt7Wm1Nc6Hy3Bd5Fg0Js2" }],
  ])("finds %s", (_, planted) => {
    expect(secretFindings(planted)).not.toEqual([]);
  });
});
