import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../main";
import { PROJECT_ROOT, readTree } from "../helpers";

/** What one run of `main` printed and returned. */
interface SynthRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The machine registry of `npm run synth` (main.ts, in-process): read with the environments, written (only) after a successful synth, refused to change in CI. */
describe("`npm run synth` and the machine registries", () => {
  let workdir: string;
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
    workdir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-registry-"));
    fs.mkdirSync(path.join(workdir, "environments"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "environments", "lab.yaml"), path.join(workdir, "environments", "lab.yaml"));
    process.chdir(workdir);
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(workdir, { recursive: true, force: true });
  });

  const registryFile = () => path.join(workdir, "environments", "lab.lock.yaml");
  /** Runs main as `npm run synth -- <args>` does, from the work directory, with `env` set (and CI unset unless given). */
  function synth(args: readonly string[], env: Record<string, string>): SynthRun {
    const saved = { ...process.env };
    const lines: string[] = [];
    const printed: string[] = [];
    const error = jest.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    const log = jest.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)));
    delete process.env.CI;
    delete process.env.HOMELAB_REGISTRY;
    // INIT_CWD: npm says the command was typed in the work directory
    Object.assign(process.env, { INIT_CWD: workdir, HOMELAB_ENVIRONMENTS_DIR: "environments", CDKTF_OUTDIR: path.join(workdir, "cdktf.out") }, env);
    process.exitCode = undefined;
    try {
      main(PROJECT_ROOT, args);
      const text = (output: string[]) => output.map((line) => `${line}\n`).join("");
      // the summary line (stacks, machines, seconds) aside
      const notices = printed.filter((line) => !line.startsWith("synthesized "));
      return { status: Number(process.exitCode ?? 0), stdout: text(notices), stderr: text(lines) };
    } finally {
      process.exitCode = undefined;
      error.mockRestore();
      log.mockRestore();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }

  test("a local synth writes the registry after synthesizing, says so, and leaves it alone when nothing changed", () => {
    const first = synth([], {});
    expect([first.status, first.stderr, first.stdout]).toEqual([
      0,
      "",
      "environments/lab.lock.yaml: machine registry updated (new registry of 7 machine(s)); commit it with its environment file\n",
    ]);
    expect(fs.readFileSync(registryFile(), "utf8")).toBe(fs.readFileSync(path.join(PROJECT_ROOT, "environments", "lab.lock.yaml"), "utf8"));
    const written = fs.statSync(registryFile()).mtimeMs;
    const second = synth([], {});
    expect([second.status, second.stderr, second.stdout]).toEqual([0, "", ""]);
    expect(fs.statSync(registryFile()).mtimeMs).toBe(written);
    expect(fs.readdirSync(path.join(workdir, "environments")).sort()).toEqual(["lab.lock.yaml", "lab.yaml"]);
  });

  test.each([
    ["CI=true", [], { CI: "true" }],
    ["--frozen", ["--frozen"], {}],
    ["HOMELAB_REGISTRY=frozen", [], { HOMELAB_REGISTRY: "frozen" }],
  ])("%s fails with one line when the registry would change, and writes nothing", (_how, args, env) => {
    const result = synth(args, env);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "environments/lab.lock.yaml: the machine registry would change (new registry of 7 machine(s)): run `npm run synth` locally and commit environments/lab.lock.yaml",
      "1 problem found; nothing was synthesized.",
    ]);
    expect(result.status).toBe(1);
    expect(fs.readdirSync(workdir).sort()).toEqual(["environments"]);
    expect(fs.existsSync(registryFile())).toBe(false);
  });

  test("CI=true passes with a registry that is up to date; HOMELAB_REGISTRY=update lets a CI-like run (the rehearsal) update it", () => {
    fs.copyFileSync(path.join(PROJECT_ROOT, "environments", "lab.lock.yaml"), registryFile());
    expect(synth([], { CI: "true" }).status).toBe(0);
    const file = path.join(workdir, "environments", "lab.yaml");
    // a new machine after the last one (lab-docker-2, which ends with its size)
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.replace("    size: medium\n", "    size: medium\n  - name: lab-ntp-2\n    persona: time-server\n    ip: 10.2.20.124\n"));
    expect(synth([], { CI: "true" }).stderr).toContain("the machine registry would change (+lab-ntp-2 (VMID 2007))");
    const updated = synth([], { CI: "true", HOMELAB_REGISTRY: "update" });
    expect([updated.status, updated.stdout]).toEqual([
      0,
      "environments/lab.lock.yaml: machine registry updated (+lab-ntp-2 (VMID 2007)); commit it with its environment file\n",
    ]);
  });

  test("a synth that fails writes no registry and leaves cdktf.out as it was", () => {
    fs.copyFileSync(path.join(PROJECT_ROOT, "environments", "lab.lock.yaml"), registryFile());
    const registry = fs.readFileSync(registryFile(), "utf8");
    expect(synth([], {}).status).toBe(0);
    const before = readTree(path.join(workdir, "cdktf.out"));
    const file = path.join(workdir, "environments", "lab.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("    persona: certificate-authority\n", "    persona: networking\n"));
    const result = synth([], {});
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^environments\/lab\.yaml:\d+:\d+: machines\[1\]\.persona: changing 'lab-ca-1' from stateful persona certificate-authority to stateless networking /,
    );
    expect(fs.readFileSync(registryFile(), "utf8")).toBe(registry);
    expect(readTree(path.join(workdir, "cdktf.out"))).toEqual(before);
  });

  test("refuses --retire of a machine that is not retiring, and an unknown argument, naming them", () => {
    fs.copyFileSync(path.join(PROJECT_ROOT, "environments", "lab.lock.yaml"), registryFile());
    expect(synth(["--retire", "lab-ca-1"], {}).stderr.split("\n")[0]).toBe(
      "--retire: 'lab-ca-1' is not retiring in any environment (a machine retires once it is gone from machines, or would be replaced, and allowDataLoss names it; `npm run synth -- --retire lab-ca-1` ends a retirement after the deploy that stopped it)",
    );
    expect(synth(["--force"], {}).stderr.split("\n")[0]).toBe(
      "npm run synth: unknown argument '--force' (usage: npm run synth -- [--frozen] [--retire <machine>]...)",
    );
  });
});
