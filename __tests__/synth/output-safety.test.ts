import type { ChildProcess } from "child_process";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeSyntheticLab } from "../../bench/synthetic-lab";
import { runSynth } from "../../main";
import { SynthOutputError } from "../../synth/output-error";
import { synthesizeEnvironments } from "../../synth/synthesize";
import { bundledModels, copyBundledEnvironments, listFiles, PROJECT_ROOT, readTree, RUN_APP, synthProcessEnv } from "../helpers";

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "output-safety-"));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs a synth in-process of the bundled environments into `outdir`; returns the exit code and what it printed. */
function synth(outdir: string): { code: number; out: string[]; problems: string[] } {
  const out: string[] = [];
  const problems: string[] = [];
  const models = bundledModels();
  const code = runSynth({
    projectRoot: PROJECT_ROOT,
    models: () => models,
    outdir,
    print: (line) => out.push(line),
    printProblem: (line) => problems.push(line),
  });
  return { code, out, problems };
}

/** What is left beside `outdir` of a synth: staging, previous and lock files. */
function leftoversBeside(outdir: string): string[] {
  return fs.readdirSync(path.dirname(outdir)).filter((entry) => entry.startsWith(`${path.basename(outdir)}.`));
}

/** A process that runs until killed (its pid is a live synth's, for lock tests). */
function liveProcess(): ChildProcess {
  return spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
}

describe("synth replaces only what is its own", () => {
  test("refuses a directory that is not a cdktf output, and leaves its files", () => {
    const outdir = path.join(work, "mine");
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, "thesis.tex"), "years of work");
    const result = synth(outdir);
    expect(result).toEqual({
      code: 1,
      out: [],
      problems: [
        `${path.relative(process.cwd(), outdir)}: is not a cdktf output (no manifest.json): synth replaces the whole directory, so it refuses to; remove it or set CDKTF_OUTDIR to another directory`,
      ],
    });
    expect(readTree(outdir)).toEqual({ "thesis.tex": Buffer.from("years of work").toString("base64") });
    expect(leftoversBeside(outdir)).toEqual([]);
  });

  test("refuses a regular file, and a path under one", () => {
    const file = path.join(work, "notes.txt");
    fs.writeFileSync(file, "keep me");
    expect(() => synthesizeEnvironments(bundledModels(), file)).toThrow(
      new SynthOutputError(file, "is not a directory: synth replaces that path with its output; remove it or set CDKTF_OUTDIR to another directory"),
    );
    expect(() => synthesizeEnvironments(bundledModels(), path.join(file, "cdktf.out"))).toThrow(/is not a directory, so it cannot hold the output$/);
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");
    expect(fs.readdirSync(work)).toEqual(["notes.txt"]);
  });

  test("replaces an empty directory and a previous cdktf output, and says so in one line", () => {
    const outdir = path.join(work, "cdktf.out");
    fs.mkdirSync(outdir);
    expect(synth(outdir)).toMatchObject({
      code: 0,
      problems: [],
      out: [expect.stringMatching(/^synthesized 4 stacks of 2 environments \(11 machines\) into .*cdktf\.out in \d+\.\d\d s$/)],
    });
    expect(synth(outdir).code).toBe(0);
    expect(listFiles(outdir)).toContain("manifest.json");
    expect(leftoversBeside(outdir)).toEqual([]);
  });
});

describe("what terraform init left in stack folders", () => {
  test("survives a synth, for every stack the new output still has", () => {
    const outdir = path.join(work, "cdktf.out");
    synthesizeEnvironments(bundledModels(), outdir);
    const lab = path.join(outdir, "stacks", "lab");
    fs.mkdirSync(path.join(lab, ".terraform", "providers"), { recursive: true });
    fs.writeFileSync(path.join(lab, ".terraform", "providers", "plugin"), "binary");
    fs.writeFileSync(path.join(lab, ".terraform.lock.hcl"), "# lock\n");
    fs.mkdirSync(path.join(outdir, "stacks", "gone", ".terraform"), { recursive: true });
    synthesizeEnvironments(bundledModels(), outdir);
    expect(fs.readFileSync(path.join(lab, ".terraform", "providers", "plugin"), "utf8")).toBe("binary");
    expect(fs.readFileSync(path.join(lab, ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
    expect(fs.existsSync(path.join(outdir, "stacks", "gone"))).toBe(false);
  });
});

describe("one synth at a time, and nothing left behind", () => {
  test("removes the staging and previous folders of synths that were killed", () => {
    const outdir = path.join(work, "cdktf.out");
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    const live = liveProcess();
    try {
      for (const leftover of [`cdktf.out.staging-${dead}`, `cdktf.out.previous-${dead}`, `cdktf.out.staging-${live.pid}`]) {
        fs.mkdirSync(path.join(work, leftover, "stacks"), { recursive: true });
      }
      expect(synth(outdir).code).toBe(0);
      // a live synth's staging folder is its own business
      expect(leftoversBeside(outdir)).toEqual([`cdktf.out.staging-${live.pid}`]);
    } finally {
      live.kill();
    }
  });

  test("waits while another synth holds the lock, takes over a dead one's, and fails in one line when the wait is over", async () => {
    const outdir = path.join(work, "cdktf.out");
    const holder = liveProcess();
    fs.writeFileSync(`${outdir}.lock`, `${holder.pid}\n`);
    try {
      expect(() => synthesizeEnvironments(bundledModels(), outdir, { lockWaitMs: 300 })).toThrow(
        `${outdir}: another synth (pid ${holder.pid}) is writing it and did not finish within 0.3 s; try again when it is done`,
      );
      expect(fs.existsSync(outdir)).toBe(false);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
    }
    // the holder is gone: its lock is stale
    synthesizeEnvironments(bundledModels(), outdir, { lockWaitMs: 300 });
    expect(leftoversBeside(outdir)).toEqual([]);
  });

  test("two synths of one out dir at once: both succeed, one after the other", async () => {
    copyBundledEnvironments(work);
    const outdir = path.join(work, "cdktf.out");
    const env = synthProcessEnv({ CDKTF_OUTDIR: outdir, HOMELAB_ENVIRONMENTS_DIR: path.join(work, "environments") });
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [RUN_APP], { cwd: work, env, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    expect(await Promise.all([run(), run()])).toEqual([
      { code: 0, stderr: "" },
      { code: 0, stderr: "" },
    ]);
    expect(listFiles(outdir)).toContain("stacks/lab/cdk.tf.json");
    expect(leftoversBeside(outdir)).toEqual([]);
  }, 60_000);

  // a fresh cache: the runner builds its bundle with esbuild (a child process) just before the synth
  test.each([
    ["with the bundle built", undefined],
    ["right after the bundle was rebuilt", "fresh-cache"],
  ])(
    "a synth stopped by SIGTERM ends with its output whole and nothing beside it, %s",
    async (_when, cache) => {
      const environments = path.join(work, "environments");
      writeSyntheticLab(environments, 400); // a synthesis long enough that the signal lands inside it on a busy machine
      const outdir = path.join(work, "cdktf.out");
      const child = spawn(process.execPath, [RUN_APP], {
        cwd: work,
        env: synthProcessEnv({ CDKTF_OUTDIR: outdir, HOMELAB_ENVIRONMENTS_DIR: environments, HOMELAB_APP_CACHE_DIR: cache && path.join(work, cache) }),
        stdio: "ignore",
      });
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      const staging = `${outdir}.staging-${child.pid}`;
      // bounded: the staging folder exists for the second or so the synthesis takes
      for (let polls = 0; polls < 4000 && !fs.existsSync(staging) && child.exitCode === null; polls++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(fs.existsSync(staging)).toBe(true);
      child.kill("SIGTERM");
      expect(await ended).toBe("SIGTERM");
      expect(leftoversBeside(outdir)).toEqual([]);
      expect(listFiles(outdir)).toEqual(expect.arrayContaining(["manifest.json", "stacks/site1/cdk.tf.json", "stacks/site4-images/cdk.tf.json"]));
    },
    60_000,
  );
});

/** Whether this machine lets a test make a mount namespace of its own (root with CAP_SYS_ADMIN: this project's machines and CI). */
const canMount = spawnSync("unshare", ["-m", "true"]).status === 0;

describe("out dirs synth cannot replace", () => {
  /** Runs the synth runner in a mount namespace of its own, after `setup` (shell) made its mounts. */
  function synthInNamespace(setup: string, outdir: string) {
    copyBundledEnvironments(work);
    const env = synthProcessEnv({ CDKTF_OUTDIR: outdir, HOMELAB_ENVIRONMENTS_DIR: path.join(work, "environments") });
    return spawnSync("unshare", ["-m", "sh", "-c", `${setup} && cd "${work}" && exec "${process.execPath}" "${RUN_APP}"`], { env, encoding: "utf8" });
  }

  (canMount ? test : test.skip)("a read-only out dir: one line, exit 1, the previous output as it was", () => {
    const outdir = path.join(work, "cdktf.out");
    synthesizeEnvironments(bundledModels(), outdir);
    const before = readTree(outdir);
    const result = synthInNamespace(`mount --bind "${outdir}" "${outdir}" && mount -o remount,bind,ro "${outdir}"`, outdir);
    expect([result.stderr.trimEnd().split("\n"), result.status]).toEqual([["cdktf.out: is not writable (read-only?): nothing was written"], 1]);
    expect(readTree(outdir)).toEqual(before);
    expect(leftoversBeside(outdir)).toEqual([]);
  });

  (canMount ? test : test.skip)("a read-only project directory: one line, exit 1, nothing written", () => {
    const outdir = path.join(work, "out", "cdktf.out");
    fs.mkdirSync(path.dirname(outdir));
    const result = synthInNamespace(
      `mount --bind "${path.dirname(outdir)}" "${path.dirname(outdir)}" && mount -o remount,bind,ro "${path.dirname(outdir)}"`,
      outdir,
    );
    expect([result.stderr.trimEnd().split("\n"), result.status]).toEqual([
      [`out/cdktf.out: its directory ${path.dirname(outdir)} is not writable (read-only?): nothing was written`],
      1,
    ]);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });

  (canMount ? test : test.skip)("a mount point: one line, exit 1, nothing written", () => {
    const outdir = path.join(work, "cdktf.out");
    fs.mkdirSync(outdir);
    const result = synthInNamespace(`mount -t tmpfs tmpfs "${outdir}"`, outdir);
    expect([result.stderr.trimEnd().split("\n"), result.status]).toEqual([
      ["cdktf.out: is a mount point, which synth cannot replace: set CDKTF_OUTDIR to a directory inside it"],
      1,
    ]);
    expect(leftoversBeside(outdir)).toEqual([]);
  });
});
