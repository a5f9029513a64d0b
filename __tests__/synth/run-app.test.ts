import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundledOutputDir, PROJECT_ROOT, readTree } from "../helpers";

const RUN_APP = path.join(PROJECT_ROOT, "synth", "run-app.js");

describe("the synth runner (synth/run-app.js, behind `npm run synth` and cdktf.json's app)", () => {
  let work: string;
  let cache: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-"));
    cache = path.join(work, "cache");
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Runs `node synth/run-app.js` from `cwd` with its own bundle cache, writing into `outdir`. */
  function runApp(cwd: string, outdir: string) {
    // frozen: a test never writes the checkout's registries (it fails instead when they are stale)
    const env = {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      DISABLE_VERSION_CHECK: "1",
      HOMELAB_APP_CACHE_DIR: cache,
      CDKTF_OUTDIR: outdir,
      HOMELAB_REGISTRY: "frozen",
    };
    return spawnSync(process.execPath, [RUN_APP], { cwd, env, encoding: "utf8" });
  }

  it("prints an unexpected error with the TypeScript file and line it came from, and exits 1 (building its bundle first)", () => {
    const blocker = path.join(work, "a-file");
    fs.writeFileSync(blocker, "");
    const result = runApp(PROJECT_ROOT, path.join(blocker, "cdktf.out"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("ENOTDIR");
    expect(result.stderr).toMatch(/synth\/staged-output\.ts:\d+:\d+/);
  });

  it("writes byte for byte what synthesizing in-process writes, from any directory, and rebuilds its bundle only when an input changed", () => {
    const bundle = path.join(cache, "app.js");
    const built = fs.statSync(bundle).mtimeMs;
    const reference = readTree(bundledOutputDir());
    const first = runApp(os.tmpdir(), path.join(work, "a"));
    expect([first.stderr, first.status]).toEqual(["", 0]);
    expect(readTree(path.join(work, "a"))).toEqual(reference);

    const second = runApp(PROJECT_ROOT, path.join(work, "nested", "b"));
    expect([second.stderr, second.status]).toEqual(["", 0]);
    expect(readTree(path.join(work, "nested", "b"))).toEqual(reference);
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
    for (const content of Object.values(reference)) {
      const text = Buffer.from(content, "base64").toString("utf8");
      expect(text).not.toContain(PROJECT_ROOT);
      expect(text).not.toContain(os.tmpdir());
    }

    const manifest = JSON.parse(fs.readFileSync(path.join(cache, "manifest.json"), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(["main.ts", "environment/schema.ts", "tsconfig.json"]));
    // an input that looks changed (another mtime) makes the next run rebuild
    const entry = path.join(PROJECT_ROOT, "main.ts");
    const mtime = fs.statSync(entry).mtime;
    fs.utimesSync(entry, mtime, new Date(mtime.getTime() + 1000));
    try {
      expect(runApp(PROJECT_ROOT, path.join(work, "c")).status).toBe(0);
      expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(built);
    } finally {
      fs.utimesSync(entry, mtime, mtime);
    }
  });
});
