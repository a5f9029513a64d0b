import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT, readTree } from "../helpers";

/** Copies the bundled environments into `directory`/environments with `edits` applied (old -> new text per file). */
function brokenEnvironments(directory: string, edits: Record<string, [string, string][]>): void {
  const target = path.join(directory, "environments");
  fs.mkdirSync(target);
  for (const file of fs.readdirSync(path.join(PROJECT_ROOT, "environments"))) {
    let text = fs.readFileSync(path.join(PROJECT_ROOT, "environments", file), "utf8");
    for (const [from, to] of edits[file] ?? []) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    fs.writeFileSync(path.join(target, file), text);
  }
}

describe("`npm run synth` on a broken environment", () => {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-synth-"));
  const outdir = path.join(workdir, "cdktf.out");
  afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

  test("prints only the precise errors, exits 1 and leaves the previous cdktf.out as it was", () => {
    brokenEnvironments(workdir, {
      "lab.yaml": [["  vlan: 20", "  vlna: 20"]],
      "prod.yaml": [["    ip: 10.2.30.53", "    ip: 10.2.30.1"]],
    });
    fs.mkdirSync(path.join(outdir, "stacks", "lab"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), '{"previous": true}\n');
    fs.writeFileSync(path.join(outdir, "stacks", "lab", "cdk.tf.json"), '{"resource": {}}\n');
    const before = readTree(outdir);

    // what `npm run synth` runs, from another directory with its environments
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "synth", "run-app.js")], {
      cwd: workdir,
      env: {
        ...process.env,
        HOMELAB_ENVIRONMENTS_DIR: "environments",
        CDKTF_OUTDIR: outdir,
        CHECKPOINT_DISABLE: "1",
        DISABLE_VERSION_CHECK: "1",
        HOMELAB_REGISTRY: "frozen",
      },
      encoding: "utf8",
    });

    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "environments/lab.yaml: network.vlna: unknown key 'vlna' (did you mean 'vlan'?)",
      "environments/prod.yaml: machines[0].ip: 10.2.30.1 is the gateway address",
      "2 problems found; nothing was synthesized.",
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(1);
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(workdir).sort()).toEqual(["cdktf.out", "environments"]);
  });
});
