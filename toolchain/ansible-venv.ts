/**
 * The pinned ansible-core and ansible-lint (`toolchain/ansible/requirements.txt`, from PyPI) in a
 * Python venv in the tools cache, created once per requirements file and Python release, and linked
 * at `.tools/ansible` (so `.tools/ansible/bin` goes on PATH).
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { toolsCacheDir } from "./go-build";
import { relink, TOOLS_DIR_NAME } from "./provider-mirror";
import { TOOLCHAIN_DIR } from "./tools";

/** The pinned requirements. */
const REQUIREMENTS = path.join(TOOLCHAIN_DIR, "ansible", "requirements.txt");

/** Marks a venv whose install finished: a venv cannot be moved (its scripts name their own path), so it is built in place and marked last. */
const COMPLETE_MARK = ".complete";

/** Where `.tools/ansible` links to, relative to the project root. */
const ANSIBLE_VENV_LINK = path.join(TOOLS_DIR_NAME, "ansible");

/** The Python that creates the venv: `PYTHON`, else `python3`. */
function python(): string {
  return process.env.PYTHON ?? "python3";
}

/** The Python release, e.g. `3.11.7`; fails in one line when Python is missing. */
function pythonVersion(): string {
  try {
    return execFileSync(python(), ["-c", "import platform; print(platform.python_version())"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(`${python()} not found: install Python 3 with venv (ansible-core and ansible-lint are installed from PyPI)`);
  }
}

/** The pinned ansible-core version (its line in requirements.txt). */
export function pinnedAnsibleCore(): string {
  const match = /^ansible-core==(\S+)$/m.exec(fs.readFileSync(REQUIREMENTS, "utf8"));
  if (!match) throw new Error("toolchain/ansible/requirements.txt does not pin ansible-core");
  return match[1];
}

/** Result of {@link ensureAnsibleVenv}. */
export interface AnsibleVenv {
  /** The venv in the tools cache. */
  readonly dir: string;
  /** Whether this call created it. */
  readonly built: boolean;
  /** Creation time in seconds (0 when cached). */
  readonly seconds: number;
}

/** Creates the venv once (`<cache>/ansible-core-<version>-<requirements digest>-py<release>/`) and links it at `.tools/ansible`. */
export function ensureAnsibleVenv(projectRoot: string): AnsibleVenv {
  const release = pythonVersion();
  const digest = crypto.createHash("sha256").update(fs.readFileSync(REQUIREMENTS)).digest("hex").slice(0, 12);
  const dir = path.join(toolsCacheDir(), `ansible-core-${pinnedAnsibleCore()}-${digest}-py${release}`);
  let built = false;
  const started = Date.now();
  if (!fs.existsSync(path.join(dir, COMPLETE_MARK))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      execFileSync(python(), ["-m", "venv", dir], { stdio: ["ignore", "inherit", "inherit"] });
      execFileSync(
        path.join(dir, "bin", "pip"),
        ["install", "--quiet", "--disable-pip-version-check", "--require-virtualenv", "--no-input", "-r", REQUIREMENTS],
        { stdio: ["ignore", "inherit", "inherit"] },
      );
    } catch {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error("creating the Ansible venv failed (python3 -m venv, then pip install -r toolchain/ansible/requirements.txt); its output is above");
    }
    fs.writeFileSync(path.join(dir, COMPLETE_MARK), "");
    built = true;
  }
  relink(dir, path.join(projectRoot, ANSIBLE_VENV_LINK));
  return { dir, built, seconds: built ? (Date.now() - started) / 1000 : 0 };
}
