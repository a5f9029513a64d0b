// `npm run bench`: synth speed of our path against cdktf's default path, on synthetic labs of 10,
// 100 and 1000 machines and on the bundled example, plus the test suite and binding generation.
// Options: --sizes=10,100 (machine counts), --quick (one run per figure, no test suite or bindings).
// Then the secret scan on hostile strings (bench/secret-scan-bench.ts) and the rehearsal of the
// bundled lab (bench/rehearsal-bench.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import type { Command, Run } from "./measure";
import { canMeasureRss, runOnce, runRepeatedly } from "./measure";
import type { OtherTiming, PathResult, SynthRow } from "./report";
import { marginalPerMachine, otherTable, synthTable, targetsTable } from "./report";
import { spreadOf } from "./spread";
import { defaultEnvironmentCount, writeSyntheticLab } from "./synthetic-lab";
import { sameTree } from "./same-tree";
import { printRehearsalBench } from "./rehearsal-bench";
import { printSecretScanBench } from "./secret-scan-bench";

const PROJECT_ROOT = path.resolve(__dirname, "..");
/** cdktf-cli must not phone home or check for updates (there is no network here). */
const CDKTF_CLI_ENV = { CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1" };

/** A lab to synthesize: its environment directory (undefined: the bundled `environments/`). */
interface Lab {
  readonly label: string;
  readonly machines: number;
  readonly environmentsDir?: string;
}

/** Runs per figure; the slow paths get fewer at 1000 machines to keep the whole run near 10 minutes. */
function runsFor(which: "fast" | "tsNode" | "cdktfCli", machines: number, quick: boolean): number {
  if (quick) return 1;
  if (which === "fast") return 5;
  return machines >= 1000 ? 2 : 3;
}

/** `--sizes=10,100` and `--quick` from the command line. */
function parseArgs(argv: readonly string[]): { sizes: number[]; quick: boolean } {
  const quick = argv.includes("--quick");
  const sizesArg = argv.find((arg) => arg.startsWith("--sizes="));
  const sizes = sizesArg ? sizesArg.slice("--sizes=".length).split(",").map(Number) : quick ? [10] : [10, 100, 1000];
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`--sizes takes machine counts such as --sizes=10,100, not ${sizesArg}`);
  return { sizes, quick };
}

/** Machines in the bundled example (every `machines` list of environments/*.yaml). */
function bundledMachineCount(): { machines: number; environments: number } {
  const dir = path.join(PROJECT_ROOT, "environments");
  const files = fs.readdirSync(dir).filter((file) => /\.ya?ml$/.test(file));
  const machines = files.reduce((sum, file) => {
    const document = yaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as { machines?: unknown[] };
    return sum + (document.machines?.length ?? 0);
  }, 0);
  return { machines, environments: files.length };
}

/** The wall-time and RSS spreads of runs. */
function resultOf(runs: readonly Run[]): PathResult {
  const rss = runs.flatMap((run) => (run.peakRssMiB === undefined ? [] : [run.peakRssMiB]));
  const cpu = runs.flatMap((run) => (run.cpuMs === undefined ? [] : [run.cpuMs]));
  return {
    wallMs: spreadOf(runs.map((run) => run.wallMs)),
    peakRssMiB: rss.length > 0 ? spreadOf(rss) : undefined,
    cpuMs: cpu.length > 0 ? spreadOf(cpu) : undefined,
  };
}

/** Progress on stderr, so that stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** (a), (b) and (c) on one lab; (a) and (b) must write the same files. */
function benchLab(lab: Lab, outRoot: string, quick: boolean): SynthRow {
  // a synthetic lab's first synth writes its registries (CI or not); the bundled one's are committed and must be current
  const labEnv = { HOMELAB_ENVIRONMENTS_DIR: lab.environmentsDir, HOMELAB_REGISTRY: lab.environmentsDir ? "update" : "frozen" };
  const outDir = (name: string) => path.join(outRoot, lab.label.replace(/[^a-z0-9]+/gi, "-"), name);
  const fast: Command = { argv: ["node", "synth/run-app.js"], cwd: PROJECT_ROOT, env: { ...labEnv, CDKTF_OUTDIR: outDir("a") } };
  const tsNode: Command = { argv: ["npx", "ts-node", "main.ts"], cwd: PROJECT_ROOT, env: { ...labEnv, CDKTF_OUTDIR: outDir("b") } };
  const cdktfCli: Command = {
    argv: ["npx", "cdktf", "synth", "--output", outDir("c")],
    cwd: PROJECT_ROOT,
    env: { ...labEnv, ...CDKTF_CLI_ENV, CDKTF_OUTDIR: undefined },
  };

  progress(`${lab.label}: (a) node synth/run-app.js`);
  runOnce(fast); // warm-up: the bundle and its code cache are built once, not per edit of a YAML file
  const fastRuns = runRepeatedly(fast, runsFor("fast", lab.machines, quick));
  progress(`${lab.label}: (b) npx ts-node main.ts`);
  const tsNodeRuns = runRepeatedly(tsNode, runsFor("tsNode", lab.machines, quick));
  progress(`${lab.label}: (c) npx cdktf synth`);
  const cdktfRuns = runRepeatedly(cdktfCli, runsFor("cdktfCli", lab.machines, quick));
  for (const [name, other] of [
    ["(b)", outDir("b")],
    ["(c)", outDir("c")],
  ]) {
    const difference = sameTree(outDir("a"), other);
    if (difference) throw new Error(`${lab.label}: (a) and ${name} wrote different output: ${difference}`);
  }
  return {
    lab: lab.label,
    machines: lab.machines,
    fast: resultOf(fastRuns),
    tsNode: resultOf(tsNodeRuns),
    cdktfCli: resultOf(cdktfRuns),
  };
}

/** The first synth after an edit: bundle and code cache built from scratch (a fresh cache directory per run). */
function benchColdSynth(scratch: string, runs: number): OtherTiming {
  const results = Array.from({ length: runs }, (_, index) =>
    runOnce({
      argv: ["node", "synth/run-app.js"],
      cwd: PROJECT_ROOT,
      env: { HOMELAB_APP_CACHE_DIR: path.join(scratch, `cold-cache-${index}`), CDKTF_OUTDIR: path.join(scratch, "cold-out") },
    }),
  );
  return { what: "(a) first synth after an edit, bundled example (bundle + code cache rebuilt)", wallMs: spreadOf(results.map((run) => run.wallMs)) };
}

/**
 * `npm run get` (binding generation with `--force`), run in a scratch copy of providers/bpg-proxmox
 * so that the working tree's .gen/ never disappears under a running test or synth.
 */
function benchBindingGeneration(scratch: string, runs: number): OtherTiming {
  const copy = path.join(scratch, "bindings");
  fs.mkdirSync(path.join(copy, "providers"), { recursive: true });
  fs.cpSync(path.join(PROJECT_ROOT, "providers", "bpg-proxmox"), path.join(copy, "providers", "bpg-proxmox"), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const command: Command = { argv: ["node", "providers/bpg-proxmox/generate-bindings.js", "--force"], cwd: copy };
  return { what: "binding generation (`npm run get`: generate-bindings.js --force)", wallMs: spreadOf(runRepeatedly(command, runs).map((run) => run.wallMs)) };
}

/** `npm test` (tsc --noEmit, then jest) once; a failing suite is reported, not fatal. */
function benchTestSuite(): OtherTiming {
  const run = runOnce({ argv: ["npm", "test", "--silent"], cwd: PROJECT_ROOT, env: { CI: "true" }, allowFailure: true });
  return {
    what: "`npm test` (lint, layering, tsc --noEmit, jest)",
    wallMs: spreadOf([run.wallMs]),
    note: run.exitCode === 0 ? "passed" : `failed (exit ${run.exitCode})`,
  };
}

function main(): void {
  const { sizes, quick } = parseArgs(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bench-"));
  process.once("SIGINT", () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });
  const loadBefore = os.loadavg()[0];
  try {
    const bundled = bundledMachineCount();
    const labs: Lab[] = [
      { label: `bundled example (${bundled.machines} machines, ${bundled.environments} environments)`, machines: bundled.machines },
      ...sizes.map((machines) => {
        const environmentsDir = path.join(scratch, `lab-${machines}`);
        writeSyntheticLab(environmentsDir, machines);
        return { label: `${machines} machines, ${defaultEnvironmentCount(machines)} environments`, machines, environmentsDir };
      }),
    ];
    const rows = labs.map((lab) => benchLab(lab, path.join(scratch, "out"), quick));
    progress("cold synth, binding generation, test suite");
    const others = [benchColdSynth(scratch, quick ? 1 : 3), ...(quick ? [] : [benchBindingGeneration(scratch, 3), benchTestSuite()])];

    const cpus = os.cpus();
    console.log(`# homelab-cdktf synth benchmark\n`);
    console.log(
      `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
        `load average ${loadBefore.toFixed(2)} before and ${os.loadavg()[0].toFixed(2)} after.\n`,
    );
    console.log("(a) `node synth/run-app.js` (= `npm run synth` and cdktf.json's app), warm cache; (b) `npx ts-node main.ts`, the cdktf");
    console.log("template's default app (type-checks); (c) `npx cdktf synth` (runs (a)). Wall time: median (min–max, n=runs).");
    console.log(
      `Peak RSS: median of the largest process of each run; CPU: user + system time, median${canMeasureRss() ? "" : " (n/a: /usr/bin/time is not installed)"}.`,
    );
    console.log("(a), (b) and (c) wrote byte-identical output for every lab.\n");
    console.log(synthTable(rows));
    console.log(`\n(a) marginal wall time per machine between synthetic lab sizes: ${marginalPerMachine(rows.slice(1)) || "-"}.\n`);
    console.log(otherTable(others));
    console.log(`\n${targetsTable(rows)}`);
    printSecretScanBench(quick, progress);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
// after the synth figures: the rehearsal of the bundled lab (real toolchain against the simulator)
printRehearsalBench(parseArgs(process.argv.slice(2)).quick ? 1 : 3, progress).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
