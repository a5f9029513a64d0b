import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundledOutputDir, PROJECT_ROOT, readTree } from "../helpers";

const RUN_APP = path.join(PROJECT_ROOT, "synth", "run-app.js");

/** Runs `node synth/run-app.js` from `cwd` with extra environment variables. */
function runApp(cwd: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [RUN_APP], {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", ...env },
    encoding: "utf8",
  });
}

describe("the synth runner (synth/run-app.js, behind `npm run synth` and cdktf.json's app)", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("writes byte for byte what synthesizing in-process writes, from any directory, with no absolute path", () => {
    const first = runApp(PROJECT_ROOT, { CDKTF_OUTDIR: path.join(work, "a") });
    const second = runApp(os.tmpdir(), { CDKTF_OUTDIR: path.join(work, "nested", "b") });
    expect([first.stderr, second.stderr]).toEqual(["", ""]);
    expect([first.status, second.status]).toEqual([0, 0]);
    const reference = readTree(bundledOutputDir());
    expect(readTree(path.join(work, "a"))).toEqual(reference);
    expect(readTree(path.join(work, "nested", "b"))).toEqual(reference);
    for (const content of Object.values(reference)) {
      const text = Buffer.from(content, "base64").toString("utf8");
      expect(text).not.toContain(PROJECT_ROOT);
      expect(text).not.toContain(os.tmpdir());
    }
  });

  it("rebuilds its bundle when a file the app imports changes, and only then", () => {
    const cache = path.join(work, "cache");
    const out = path.join(work, "out");
    const bundle = path.join(cache, "app.js");
    const entry = path.join(PROJECT_ROOT, "main.ts");
    expect(runApp(PROJECT_ROOT, { HOMELAB_APP_CACHE_DIR: cache, CDKTF_OUTDIR: out }).status).toBe(0);
    const built = fs.statSync(bundle).mtimeMs;
    expect(runApp(PROJECT_ROOT, { HOMELAB_APP_CACHE_DIR: cache, CDKTF_OUTDIR: out }).status).toBe(0);
    expect(fs.statSync(bundle).mtimeMs).toBe(built);

    const manifest = JSON.parse(fs.readFileSync(path.join(cache, "manifest.json"), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(["main.ts", "environment/schema.ts", "tsconfig.json"]));
    // an input that looks changed (another mtime) makes the next run rebuild
    const mtime = fs.statSync(entry).mtime;
    fs.utimesSync(entry, mtime, new Date(mtime.getTime() + 1000));
    try {
      expect(runApp(PROJECT_ROOT, { HOMELAB_APP_CACHE_DIR: cache, CDKTF_OUTDIR: out }).status).toBe(0);
      expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(built);
    } finally {
      fs.utimesSync(entry, mtime, mtime);
    }
  });

  it("prints an unexpected error with the TypeScript file and line it came from, and exits 1", () => {
    const blocker = path.join(work, "a-file");
    fs.writeFileSync(blocker, "");
    const result = runApp(PROJECT_ROOT, { CDKTF_OUTDIR: path.join(blocker, "cdktf.out") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("ENOTDIR");
    expect(result.stderr).toMatch(/synth\/staged-output\.ts:\d+:\d+/);
  });
});
