import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkSynthOutput, SynthOutputError } from "../../checks/provider-schema";
import { PROJECT_ROOT } from "../helpers";

const CLI = path.join(PROJECT_ROOT, "checks", "provider-schema", "cli.ts");
const VM = "proxmox_virtual_environment_vm";

function stackDoc(vmBody: Record<string, unknown>): Record<string, unknown> {
  return {
    terraform: { required_providers: { proxmox: { source: "bpg/proxmox", version: "0.111.1" } } },
    provider: { proxmox: [{ endpoint: "https://pve:8006/" }] },
    resource: {
      [VM]: { "lab-dns-1": { node_name: "pve1", clone: { vm_id: 9000 }, ...vmBody } },
      local_file: { inventory: { filename: "hosts.yml", content: "all: {}" } },
    },
  };
}

const CLEAN = stackDoc({});
const BOGUS = stackDoc({ bogus: true });
const DEPRECATED = stackDoc({ timeout_move_disk: 600 });

const tempDirs: string[] = [];

/** A temporary synth output: `stacks/<name>/cdk.tf.json` per entry (a string is written as is). */
function synthOutput(stacks: Record<string, unknown>): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-schema-"));
  tempDirs.push(outDir);
  for (const [name, doc] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(outDir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(outDir, "stacks", name, "cdk.tf.json"), typeof doc === "string" ? doc : JSON.stringify(doc, null, 2));
  }
  return outDir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("checkSynthOutput", () => {
  test("checks every stacks/*/cdk.tf.json and returns the problems sorted", () => {
    const outDir = synthOutput({ prod: BOGUS, lab: DEPRECATED, dev: CLEAN });
    fs.mkdirSync(path.join(outDir, "stacks", "not-a-stack"));
    fs.writeFileSync(path.join(outDir, "manifest.json"), "{}");
    expect(checkSynthOutput(outDir).problems).toEqual([
      expect.objectContaining({
        severity: "warning",
        stack: "lab",
        address: `${VM}.lab-dns-1`,
        path: "timeout_move_disk",
      }),
      expect.objectContaining({ severity: "error", stack: "prod", address: `${VM}.lab-dns-1`, path: "bogus" }),
    ]);
    expect(checkSynthOutput(outDir)).toMatchObject({ stacks: ["dev", "lab", "prod"], resources: 3, dataSources: 0 });
  });

  test("an unparseable stack is one error naming the file; the other stacks are still checked", () => {
    const outDir = synthOutput({ broken: '{"resource": ', prod: BOGUS });
    const file = path.join(outDir, "stacks", "broken", "cdk.tf.json");
    expect(checkSynthOutput(outDir).problems).toEqual([
      {
        severity: "error",
        stack: "broken",
        address: "cdk.tf.json",
        path: "",
        message: expect.stringContaining(`cannot parse ${file}: `),
      },
      expect.objectContaining({ stack: "prod", path: "bogus" }),
    ]);
  });

  test("a missing output directory throws a SynthOutputError telling to synth first", () => {
    const missing = path.join(os.tmpdir(), "provider-schema-does-not-exist");
    expect(() => checkSynthOutput(missing).problems).toThrow(SynthOutputError);
    expect(() => checkSynthOutput(missing).problems).toThrow(/npm run synth/);
  });

  test("an output directory without stacks throws a SynthOutputError", () => {
    expect(() => checkSynthOutput(synthOutput({})).problems).toThrow(/no stacks in .*npm run synth/);
  });
});

describe("cli", () => {
  jest.setTimeout(30_000);

  function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: PROJECT_ROOT, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const NO_STACK_TRACE = /^\s+at /m;

  test("exits 0 with a summary when every stack is clean", () => {
    const { status, stdout, stderr } = runCli(synthOutput({ lab: CLEAN, prod: CLEAN }));
    expect(stdout).toBe("checked 2 stacks, 2 resources, 0 data sources: 0 errors, 0 warnings\n");
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  test("exits 0 when there are only warnings, and labels them", () => {
    const { status, stdout } = runCli(synthOutput({ lab: DEPRECATED }));
    expect(stdout).toContain(`warning: lab: ${VM}.lab-dns-1: timeout_move_disk: attribute "timeout_move_disk" is deprecated\n`);
    expect(stdout).toContain(": 0 errors, 1 warning\n");
    expect(status).toBe(0);
  });

  test("exits 1 on a bogus attribute, printing it on one line", () => {
    const { status, stdout } = runCli(synthOutput({ lab: BOGUS }));
    expect(stdout).toContain(`error: lab: ${VM}.lab-dns-1: bogus: unknown attribute "bogus"\n`);
    expect(stdout).toContain(": 1 error, 0 warnings\n");
    expect(status).toBe(1);
  });

  test("exits 1 with one clear line and no stack trace when the output directory is missing", () => {
    const { status, stdout, stderr } = runCli(path.join(os.tmpdir(), "provider-schema-does-not-exist"));
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([expect.stringContaining('run "npm run synth" first')]);
    expect(stderr).not.toMatch(NO_STACK_TRACE);
    expect(status).toBe(1);
  });

  test("exits 1 naming the file when a stack is not JSON, without a stack trace", () => {
    const outDir = synthOutput({ lab: "not json" });
    const { status, stdout, stderr } = runCli(outDir);
    expect(stdout).toContain(`error: lab: cdk.tf.json: cannot parse ${path.join(outDir, "stacks", "lab", "cdk.tf.json")}: `);
    expect(stderr).not.toMatch(NO_STACK_TRACE);
    expect(status).toBe(1);
  });
});
