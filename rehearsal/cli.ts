// `npm run rehearse -- <env> [--keep]`: deploys an environment to the Proxmox VE simulator with the
// real cdktf-cli, Terraform and providers, and prints what happened. Exit code 1 when anything
// failed, was refused by the API schema, or the second plan was not empty.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readToolchainManifest } from "../toolchain/toolchain-env";
import { rehearse } from "./rehearsal";
import { formatRehearsalReport, rehearsalPassed } from "./report";

const PROJECT_ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run rehearse -- <environment name or .yaml file> [--keep]";

/** The environment file an argument names: `lab` is `environments/lab.yaml`, a path is itself. */
function environmentFileOf(argument: string): string {
  if (/\.ya?ml$/.test(argument)) return path.resolve(argument);
  const dir = process.env.HOMELAB_ENVIRONMENTS_DIR ? path.resolve(process.env.HOMELAB_ENVIRONMENTS_DIR) : path.join(PROJECT_ROOT, "environments");
  return path.join(dir, `${argument}.yaml`);
}

async function main(argv: readonly string[]): Promise<number> {
  const keep = argv.includes("--keep");
  const positional = argv.filter((arg) => !arg.startsWith("--"));
  const unknown = argv.filter((arg) => arg.startsWith("--") && arg !== "--keep");
  if (positional.length !== 1 || unknown.length > 0) {
    console.error(USAGE);
    return 1;
  }
  const environmentFile = environmentFileOf(positional[0]);
  if (!fs.existsSync(environmentFile)) {
    console.error(`${path.relative(process.cwd(), environmentFile)}: no such environment file`);
    return 1;
  }
  readToolchainManifest(PROJECT_ROOT);
  const dir = keep ? fs.mkdtempSync(path.join(os.tmpdir(), "homelab-rehearsal-")) : undefined;
  const result = await rehearse({ projectRoot: PROJECT_ROOT, environmentFile, dir });
  process.stdout.write(formatRehearsalReport(result));
  if (dir) process.stdout.write(`Scratch project kept: ${path.join(dir, "project")}\n`);
  return rehearsalPassed(result) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`rehearse: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
