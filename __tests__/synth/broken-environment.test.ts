import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { copyBundledEnvironments, readTree, RUN_APP, synthProcessEnv } from "../helpers";

describe("`npm run synth` on a broken environment", () => {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-synth-"));
  const outdir = path.join(workdir, "cdktf.out");
  afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

  test("prints only the precise errors with their lines, exits 1 and leaves the previous cdktf.out as it was", () => {
    copyBundledEnvironments(workdir, {
      "lab.yaml": [["  vlan: 20", "  vlna: 20"]],
      "prod.yaml": [["    ip: 10.2.30.53", "    ip: 10.2.30.1"]],
    });
    fs.mkdirSync(path.join(outdir, "stacks", "lab"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), '{"previous": true}\n');
    fs.writeFileSync(path.join(outdir, "stacks", "lab", "cdk.tf.json"), '{"resource": {}}\n');
    const before = readTree(outdir);

    // what `npm run synth` runs, from another directory with its environments (relative to it)
    const result = spawnSync(process.execPath, [RUN_APP], {
      cwd: workdir,
      env: synthProcessEnv({ HOMELAB_ENVIRONMENTS_DIR: "environments", CDKTF_OUTDIR: outdir, HOMELAB_REGISTRY: "frozen" }),
      encoding: "utf8",
    });

    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "environments/lab.yaml:23:3: network.vlna: unknown key 'vlna' (did you mean 'vlan'?)",
      "environments/prod.yaml:47:5: machines[0].ip: 10.2.30.1 is the gateway address",
      "2 problems found; nothing was synthesized.",
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(1);
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(workdir).sort()).toEqual(["cdktf.out", "environments"]);
  });
});
