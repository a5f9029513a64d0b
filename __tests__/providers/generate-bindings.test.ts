import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../helpers";

describe("the binding generator (`npm ci`'s prepare, `npm run get`)", () => {
  test("runs no terraform (no version probe, no update check over the network) and prints one line", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bindings-"));
    try {
      // a copy of providers/bpg-proxmox, so that the checkout's .gen/ never disappears under a running test
      fs.mkdirSync(path.join(work, "providers"));
      fs.cpSync(path.join(PROJECT_ROOT, "providers", "bpg-proxmox"), path.join(work, "providers", "bpg-proxmox"), { recursive: true });
      fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(work, "node_modules"), "dir");
      // a terraform first on PATH that says when it is run, and complains as a misconfigured one does
      const bin = path.join(work, "bin");
      fs.mkdirSync(bin);
      const calls = path.join(work, "terraform-calls");
      fs.writeFileSync(
        path.join(bin, "terraform"),
        `#!/bin/sh\necho "$@" >> "${calls}"\necho '{"terraform_version":"1.11.4"}'\necho 'Warning: Unable to open CLI configuration file' >&2\n`,
        { mode: 0o755 },
      );
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["CHECKPOINT_DISABLE", "TERRAFORM_BINARY_NAME"].includes(name)));
      const result = spawnSync(process.execPath, ["providers/bpg-proxmox/generate-bindings.js", "--force"], {
        cwd: work,
        env: { ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        encoding: "utf8",
      });
      expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
        status: 0,
        stdout: "generated bpg/proxmox bindings into .gen/providers/proxmox\n",
        stderr: "",
      });
      expect(fs.existsSync(calls)).toBe(false);
      expect(fs.existsSync(path.join(work, ".gen", "providers", "proxmox", "provider", "index.ts"))).toBe(true);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
