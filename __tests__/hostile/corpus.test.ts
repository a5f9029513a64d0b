// The hostile-input corpus (__tests__/fixtures/hostile/<case>/case.yaml): each case sets up a
// project directory as an adversarial (or careless) user would, runs the synth entry in-process
// from there, and compares the exit code and every line printed; a failing case must leave the
// previous cdktf.out as it was and print no stack trace.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as yaml from "yaml";
import { runSynth } from "../../main";
import { copyBundledEnvironments, PROJECT_ROOT, readTree } from "../helpers";

/** Something a case makes in its project directory that git cannot hold, or that is too large to commit. */
type Make =
  | { readonly symlink: string; readonly to: string }
  | { readonly fifo: string }
  | { readonly directory: string }
  | {
      readonly file: string;
      /** The content, or its start. */
      readonly text?: string;
      /** The content as hex bytes (what is not text). */
      readonly hex?: string;
      /** Appended `times` times. */
      readonly repeat?: string;
      /** Appended `times` times, `{n}` numbered from 0. */
      readonly line?: string;
      readonly times?: number;
      /** The content's end. */
      readonly end?: string;
    };

/** One case of the corpus. */
interface Case {
  /** What the user did. */
  readonly what: string;
  /** Start from a copy of the bundled environments, these edits applied (old -> new text per file). @default an empty environments/ folder */
  readonly bundled?: Readonly<Record<string, readonly [string, string][]>>;
  /** What else to make. */
  readonly make?: readonly Make[];
  /** Whether a previous cdktf output is in cdktf.out (which a failing synth must leave as it was). @default true */
  readonly previousOutput?: boolean;
  /** The expected exit code. */
  readonly exit: number;
  /** Every line printed to stderr; one `...` stands for lines between the ones given, and `lines` then counts them all. */
  readonly stderr: readonly string[];
  /** How many lines stderr has, where `stderr` elides some. */
  readonly lines?: number;
  /** Strings the synthesized JSON of a stack holds (a case that succeeds), by stack. */
  readonly json?: Readonly<Record<string, readonly string[]>>;
}

const CORPUS = path.join(PROJECT_ROOT, "__tests__", "fixtures", "hostile");
const cases = fs
  .readdirSync(CORPUS)
  .sort()
  .map((name) => [name, yaml.parse(fs.readFileSync(path.join(CORPUS, name, "case.yaml"), "utf8")) as Case] as const);

/** Makes `item` inside `project`. */
function make(project: string, item: Make): void {
  const at = (relative: string) => {
    const target = path.join(project, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    return target;
  };
  if ("symlink" in item) fs.symlinkSync(item.to, at(item.symlink));
  else if ("fifo" in item) expect(spawnSync("mkfifo", [at(item.fifo)]).status).toBe(0);
  else if ("directory" in item) fs.mkdirSync(at(item.directory), { recursive: true });
  else if (item.hex !== undefined) fs.writeFileSync(at(item.file), Buffer.from(item.hex, "hex"));
  else {
    const lines = Array.from({ length: item.line === undefined ? 0 : (item.times ?? 0) }, (_, n) => item.line!.replace("{n}", String(n)));
    fs.writeFileSync(at(item.file), (item.text ?? "") + (item.repeat ?? "").repeat(item.times ?? 0) + lines.join("") + (item.end ?? ""));
  }
}

/** A path's content for a before/after comparison: a directory's files, a file's bytes, or nothing. */
function snapshotOf(target: string): unknown {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return undefined;
  return stat.isDirectory() ? readTree(target) : fs.readFileSync(target).toString("base64");
}

/** `actual` as `expected` writes it: with the lines `...` stands for cut out. */
function elided(actual: readonly string[], expected: readonly string[]): readonly string[] {
  const gap = expected.indexOf("...");
  if (gap === -1) return actual;
  const tail = expected.length - gap - 1;
  return [...actual.slice(0, gap), "...", ...actual.slice(actual.length - tail)];
}

let work: string;
const registryMode = process.env.HOMELAB_REGISTRY;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
  // each case is a first synth, which writes its registries in the case's project, in CI too
  process.env.HOMELAB_REGISTRY = "update";
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (registryMode === undefined) delete process.env.HOMELAB_REGISTRY;
  else process.env.HOMELAB_REGISTRY = registryMode;
});

test("the corpus has cases", () => {
  expect(cases.length).toBeGreaterThanOrEqual(20);
});

describe.each(cases)("%s", (name, hostile) => {
  test(hostile.what, () => {
    const project = path.join(work, name);
    // the project's Compose stacks, which the bundled environments' apps name
    fs.cpSync(path.join(PROJECT_ROOT, "ansible", "compose"), path.join(project, "ansible", "compose"), { recursive: true });
    // without their registries: each case is the environment's first synth, judged by the rules of its text
    if (hostile.bundled) copyBundledEnvironments(project, hostile.bundled, false);
    else fs.mkdirSync(path.join(project, "environments"));
    const outdir = path.join(project, "cdktf.out");
    if (hostile.previousOutput ?? true) {
      fs.mkdirSync(path.join(outdir, "stacks", "lab"), { recursive: true });
      fs.writeFileSync(path.join(outdir, "manifest.json"), '{"previous": true}\n');
      fs.writeFileSync(path.join(outdir, "stacks", "lab", "cdk.tf.json"), '{"resource": {}}\n');
    }
    for (const item of hostile.make ?? []) make(project, item);
    const before = snapshotOf(outdir);

    const stdout: string[] = [];
    const stderr: string[] = [];
    const exit = runSynth({
      projectRoot: project,
      shellDirectory: project,
      environmentsDir: "environments",
      outdir: "cdktf.out",
      print: (line) => stdout.push(line),
      printProblem: (line) => stderr.push(line),
    });

    expect({ exit, stderr: elided(stderr, hostile.stderr), lines: stderr.length }).toEqual({
      exit: hostile.exit,
      stderr: hostile.stderr,
      lines: hostile.lines ?? hostile.stderr.length,
    });
    expect(stderr.join("\n")).not.toMatch(/^\s+at /m);
    if (exit === 0) {
      // a first synth writes the registries too, and says so
      expect(stdout.filter((line) => !/^environments\/\w+\.lock\.yaml: machine registry updated /.test(line))).toEqual([
        expect.stringMatching(/^synthesized \d+ stacks of \d+ environments? \(\d+ machines\) into cdktf\.out in \d+\.\d\d s$/),
      ]);
      for (const [stack, contains] of Object.entries(hostile.json ?? {})) {
        const json = fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
        for (const text of contains) expect(json).toContain(text);
      }
    } else {
      expect(stdout).toEqual([]);
      expect(snapshotOf(outdir)).toEqual(before);
    }
    expect(fs.readdirSync(project).filter((entry) => entry.startsWith("cdktf.out."))).toEqual([]);
  });
});
