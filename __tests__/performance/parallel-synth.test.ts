import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as fc from "fast-check";
import { EnvironmentModel } from "../../stacks/environment-model";
import { PARALLEL_SYNTH_MIN_MACHINES_VARIABLE, splitIntoShards } from "../../stacks/parallel-synth";
import { writeSyntheticLab } from "../../bench/synthetic-lab";
import { sameTree } from "../../bench/same-tree";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const RUN_APP = path.join(PROJECT_ROOT, "scripts", "run-app.js");

/** A stand-in model: the split reads only the name and the number of machines. */
const model = (name: string, machines: number): EnvironmentModel => ({ name, machines: new Array(machines) }) as unknown as EnvironmentModel;
const names = (shards: EnvironmentModel[][]): string[][] => shards.map((shard) => shard.map((m) => m.name));
const machines = (shard: readonly EnvironmentModel[]): number => shard.reduce((sum, m) => sum + m.machines.length, 0);

describe("splitting environments into shards", () => {
  it("balances machine counts, heaviest shard first, each shard in input order", () => {
    const equal = ["site1", "site2", "site3", "site4"].map((name) => model(name, 250));
    expect(names(splitIntoShards(equal, 2))).toEqual([
      ["site1", "site3"],
      ["site2", "site4"],
    ]);
    expect(names(splitIntoShards([model("a", 5), model("b", 4), model("c", 4)], 2))).toEqual([["b", "c"], ["a"]]);
    expect(names(splitIntoShards([model("only", 9)], 2))).toEqual([["only"], []]);
  });

  it("is deterministic: the same environments in any order give the same shards", () => {
    const lab = fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), machines: fc.integer({ min: 1, max: 300 }) }), {
      minLength: 1,
      maxLength: 8,
      selector: (env) => env.name,
    });
    fc.assert(
      fc.property(lab, fc.boolean(), (envs, reverse) => {
        const models = envs.map((env) => model(env.name, env.machines));
        const shards = splitIntoShards(models, 2);
        const sortedByName = [...models].sort((a, b) => (a.name < b.name ? -1 : 1));
        const reordered = splitIntoShards(reverse ? [...models].reverse() : sortedByName, 2);
        expect(shards.map((shard) => names([shard])[0].sort())).toEqual(reordered.map((shard) => names([shard])[0].sort()));
        // every environment once, in input order; the heavier shard first; no better than one environment apart
        expect(shards.flat().sort((a, b) => models.indexOf(a) - models.indexOf(b))).toEqual(models);
        for (const shard of shards) expect(shard).toEqual(models.filter((m) => shard.includes(m)));
        expect(machines(shards[0])).toBeGreaterThanOrEqual(machines(shards[1]));
        expect(machines(shards[0]) - machines(shards[1])).toBeLessThanOrEqual(Math.max(...envs.map((env) => env.machines)));
      }),
    );
  });
});

/** Machines of the test lab, and the threshold the test sets so that it counts as large (the real one takes seconds to synthesize). */
const LAB_MACHINES = 40;

describe("synthesizing a large lab in two processes (scripts/run-app.js)", () => {
  let work: string;
  let lab: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "parallel-synth-"));
    lab = path.join(work, "lab");
    writeSyntheticLab(lab, LAB_MACHINES);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Runs `npm run synth` on the lab into `outdir`; `runner` replaces the script the second process runs ("" keeps one process). */
  async function synth(outdir: string, runner: string) {
    const env = {
      ...process.env,
      HOMELAB_ENVIRONMENTS_DIR: lab,
      CDKTF_OUTDIR: outdir,
      HOMELAB_APP_RUNNER: runner,
      [PARALLEL_SYNTH_MIN_MACHINES_VARIABLE]: String(LAB_MACHINES),
    };
    return promisify(execFile)(process.execPath, [RUN_APP], { cwd: PROJECT_ROOT, env }).then(
      ({ stderr }) => ({ status: 0, stderr }),
      (error: { code: number; stderr: string }) => ({ status: error.code, stderr: error.stderr }),
    );
  }

  it("writes byte for byte what one process writes, and a failing second process leaves the output as it was", async () => {
    const recordingRunner = path.join(work, "recording-runner.js");
    fs.writeFileSync(recordingRunner, `require("fs").writeFileSync(${JSON.stringify(path.join(work, "worker-ran"))}, process.env.HOMELAB_SYNTH_SHARD);\nrequire(${JSON.stringify(RUN_APP)});\n`);
    const failingRunner = path.join(work, "failing-runner.js");
    fs.writeFileSync(failingRunner, 'console.error("shard worker exploded");\nprocess.exit(1);\n');
    const kept = path.join(work, "kept");
    fs.mkdirSync(kept);
    fs.writeFileSync(path.join(kept, "previous.txt"), "previous output");

    const [single, parallel, failing] = await Promise.all([
      synth(path.join(work, "single"), ""),
      synth(path.join(work, "parallel"), recordingRunner),
      synth(kept, failingRunner),
    ]);

    expect(single).toEqual({ status: 0, stderr: "" });
    expect(parallel).toEqual({ status: 0, stderr: "" });
    expect(fs.readFileSync(path.join(work, "worker-ran"), "utf8")).toBe("1/2");
    expect(sameTree(path.join(work, "single"), path.join(work, "parallel"))).toBeUndefined();

    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain("shard worker exploded");
    expect(failing.stderr).toContain("synthesizing site2, site4 in a second process failed (exit 1); nothing was written");
    expect(fs.readdirSync(kept)).toEqual(["previous.txt"]);
    expect(fs.readdirSync(work).sort()).toEqual(["failing-runner.js", "kept", "lab", "parallel", "recording-runner.js", "single", "worker-ran"]);
  });
});
