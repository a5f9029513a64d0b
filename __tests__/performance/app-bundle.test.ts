import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadEnvironmentDirectory } from "../../stacks/load-environments";
import { synthesizeEnvironments } from "../../stacks/synthesize";
import { sameTree } from "../../bench/same-tree";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const RUN_APP = path.join(PROJECT_ROOT, "scripts", "run-app.js");

/** Runs `node scripts/run-app.js [entry]` with its own cache directory. */
function runApp(cacheDir: string, entry?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, entry ? [RUN_APP, entry] : [RUN_APP], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOMELAB_APP_CACHE_DIR: cacheDir, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the fast synth path (scripts/run-app.js)", () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-"));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it("rebuilds the bundle when an imported file changes, and only then", () => {
    const app = path.join(work, "app");
    const cache = path.join(work, "cache");
    fs.mkdirSync(path.join(app, "lib"), { recursive: true });
    fs.writeFileSync(path.join(app, "main.ts"), 'import { greeting } from "./lib/greeting";\nconsole.log(greeting());\n');
    fs.writeFileSync(path.join(app, "lib", "greeting.ts"), 'export const greeting = (): string => "hello " + require("path").basename(__dirname);\n');

    expect(runApp(cache, path.join(app, "main.ts")).stdout).toBe("hello lib\n");
    const built = fs.statSync(path.join(cache, "app.js")).mtimeMs;
    expect(runApp(cache, path.join(app, "main.ts")).stdout).toBe("hello lib\n");
    expect(fs.statSync(path.join(cache, "app.js")).mtimeMs).toBe(built);

    fs.writeFileSync(path.join(app, "lib", "greeting.ts"), 'export const greeting = (): string => "edited";\n');
    expect(runApp(cache, path.join(app, "main.ts")).stdout).toBe("edited\n");
  });

  it("reports an error of the app with the TypeScript file and line it came from, and exits 1", () => {
    const entry = path.join(work, "fails.ts");
    fs.writeFileSync(entry, 'const answer: number = 42;\nthrow new Error(`no synth today (${answer})`);\n');
    const result = runApp(path.join(work, "cache"), entry);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Error: no synth today (42)");
    expect(result.stderr).toContain(`${entry}:2:7`);
  });

  it("writes exactly what synthesizing in-process writes, for the bundled environments", () => {
    const reference = path.join(work, "reference");
    const fast = path.join(work, "fast");
    synthesizeEnvironments(loadEnvironmentDirectory(path.join(PROJECT_ROOT, "environments"), { root: PROJECT_ROOT }), reference);
    const result = runApp(path.join(PROJECT_ROOT, "node_modules", ".cache", "homelab-cdktf"), undefined, { CDKTF_OUTDIR: fast });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(sameTree(reference, fast)).toBeUndefined();
  });
});
