/**
 * Builds a Go main package from one of the pinned wrapper modules into the versioned tools cache,
 * once: a binary already there for the same module versions (go.mod + go.sum), Go release and
 * platform is reused, so a rerun costs nothing and a cold build happens once per machine.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TOOLCHAIN_DIR } from "./tools";

/** The tools cache: `HOMELAB_TOOLS_CACHE`, else `~/.cache/homelab-cdktf/tools`; outside the checkout so clean clones reuse it. */
export function toolsCacheDir(): string {
  return process.env.HOMELAB_TOOLS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "homelab-cdktf", "tools");
}

/** The Go release and platform, e.g. `go1.26.8-linux-amd64`; fails in one line when Go is missing. */
export function goPlatform(): string {
  try {
    const [version, goos, goarch] = execFileSync("go", ["env", "GOVERSION", "GOOS", "GOARCH"], { encoding: "utf8" }).trim().split("\n");
    return `${version}-${goos}-${goarch}`;
  } catch {
    throw new Error("go not found on PATH: install Go 1.26 (the providers are built from their Go modules)");
  }
}

/** What identifies a build: the wrapper's go.mod and go.sum (every module version and hash). */
function wrapperDigest(wrapperDir: string): string {
  const hash = crypto.createHash("sha256");
  for (const file of ["go.mod", "go.sum"]) hash.update(fs.readFileSync(path.join(wrapperDir, file)));
  return hash.digest("hex").slice(0, 12);
}

/** Result of {@link buildGoTool}. */
export interface BuiltTool {
  /** Absolute path of the binary in the tools cache. */
  readonly binary: string;
  /** Whether this call built it (false: taken from the cache). */
  readonly built: boolean;
  /** Build time in seconds (0 when cached). */
  readonly seconds: number;
}

/**
 * Builds `mainPackage` from `toolchain/go/<wrapper>` into `<cache>/<name>-<version>-<digest>-<platform>/<binaryName>`.
 * `-mod=readonly` keeps the pins exact: a go.mod or go.sum that needs changing is an error, not an update.
 */
export function buildGoTool(wrapper: string, mainPackage: string, name: string, version: string, binaryName: string): BuiltTool {
  const wrapperDir = path.join(TOOLCHAIN_DIR, "go", wrapper);
  const dir = path.join(toolsCacheDir(), `${name}-${version}-${wrapperDigest(wrapperDir)}-${goPlatform()}`);
  const binary = path.join(dir, binaryName);
  if (fs.existsSync(binary)) return { binary, built: false, seconds: 0 };
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  const started = Date.now();
  try {
    execFileSync("go", ["build", "-mod=readonly", "-trimpath", "-ldflags=-s -w", "-o", partial, mainPackage], {
      cwd: wrapperDir,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false" },
    });
  } catch {
    fs.rmSync(partial, { force: true });
    throw new Error(`go build of ${mainPackage} (toolchain/go/${wrapper}) failed; its output is above`);
  }
  fs.renameSync(partial, binary);
  return { binary, built: true, seconds: (Date.now() - started) / 1000 };
}
