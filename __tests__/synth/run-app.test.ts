import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeEnvironments } from "../../synth/synthesize";
import { bundledModels, copyBundledEnvironments, PROJECT_ROOT, readTree, RUN_APP, synthProcessEnv } from "../helpers";

describe("the synth runner (synth/run-app.js, behind `npm run synth` and cdktf.json's app)", () => {
  let work: string;
  let cache: string;
  let project: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-"));
    cache = path.join(work, "cache");
    // the bundled environments only, whatever else a user keeps in environments/
    project = path.join(work, "project");
    copyBundledEnvironments(project);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Runs `node synth/run-app.js` from `cwd` with its own bundle cache, the bundled environments, writing into `outdir`; `shell` is where npm says the command was typed. */
  function runApp(cwd: string, outdir: string, shell?: string) {
    // frozen: a test never writes registries (it fails instead when they are stale)
    const env = synthProcessEnv({
      HOMELAB_APP_CACHE_DIR: cache,
      CDKTF_OUTDIR: outdir,
      HOMELAB_ENVIRONMENTS_DIR: path.join(project, "environments"),
      INIT_CWD: shell,
      HOMELAB_REGISTRY: "frozen",
    });
    return spawnSync(process.execPath, [RUN_APP], { cwd, env, encoding: "utf8" });
  }

  it("writes byte for byte what synthesizing in-process writes, from any directory, says so in one line, and rebuilds its bundle only when an input changed", () => {
    const reference = path.join(work, "reference");
    synthesizeEnvironments(bundledModels(), reference, { projectRoot: PROJECT_ROOT });
    const first = runApp(project, path.join(work, "a"));
    expect([first.stderr, first.status]).toEqual(["", 0]);
    expect(first.stdout).toMatch(/^synthesized 4 stacks of 2 environments \(11 machines\) into \.\.\/a in \d+\.\d\d s\n$/);
    const bundle = path.join(cache, "app.js");
    const built = fs.statSync(bundle).mtimeMs;
    expect(readTree(path.join(work, "a"))).toEqual(readTree(reference));

    // run from elsewhere by npm, which says where the command was typed: file names are relative to that
    const second = runApp(os.tmpdir(), path.join(work, "b"), project);
    expect([second.stderr, second.status]).toEqual(["", 0]);
    expect(readTree(path.join(work, "b"))).toEqual(readTree(reference));
    expect(fs.statSync(bundle).mtimeMs).toBe(built);

    const manifest = JSON.parse(fs.readFileSync(path.join(cache, "manifest.json"), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(["main.ts", "environment/schema.ts", "tsconfig.json"]));
    // an input that looks changed (another mtime) makes the next run rebuild
    const entry = path.join(PROJECT_ROOT, "main.ts");
    const mtime = fs.statSync(entry).mtime;
    fs.utimesSync(entry, mtime, new Date(mtime.getTime() + 1000));
    try {
      expect(runApp(project, path.join(work, "c")).status).toBe(0);
      expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(built);
    } finally {
      fs.utimesSync(entry, mtime, mtime);
    }
  });

  it("writes the inventory, the var file and local state into the project whatever CDKTF_OUTDIR is, and no absolute path", () => {
    const outdir = path.join(work, "elsewhere", "out");
    expect(runApp(project, outdir).status).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "lab", "cdk.tf.json"), "utf8"));
    const stackDir = path.join(outdir, "stacks", "lab");
    expect(path.resolve(stackDir, json.resource.local_file.ansible_inventory.filename)).toBe(
      path.join(PROJECT_ROOT, "ansible", "inventories", "lab", "hosts.yml"),
    );
    expect(path.resolve(stackDir, json.terraform.backend.local.path)).toBe(path.join(PROJECT_ROOT, "terraform.lab.tfstate"));
    const images = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "lab-images", "cdk.tf.json"), "utf8"));
    expect(path.resolve(path.join(outdir, "stacks", "lab-images"), images.resource.local_file.packer_var_file.filename)).toBe(
      path.join(PROJECT_ROOT, "packer", "vars", "lab.pkrvars.json"),
    );
    for (const text of Object.values(readTree(outdir)).map((content) => Buffer.from(content, "base64").toString("utf8"))) {
      expect(text).not.toMatch(/"\/(work|tmp|home|root)\//);
    }
  });

  it("prints a defect (not an input problem) with the TypeScript file and line it came from, and exits 1", () => {
    const bundle = path.join(cache, "app.js");
    const text = fs.readFileSync(bundle, "utf8");
    expect(text).toContain("function runSynth(run) {");
    // a defect planted in the built bundle, on the line the source map knows (the bundle is rebuilt only when a source changes)
    fs.writeFileSync(bundle, text.replace("function runSynth(run) {", 'function runSynth(run) { throw new Error("a planted defect");'));
    try {
      const result = runApp(project, path.join(work, "d"));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("a planted defect");
      expect(result.stderr).toMatch(/main\.ts:\d+:\d+/);
    } finally {
      fs.writeFileSync(bundle, text);
    }
  });
});
