// `npm run preflight -- <env> [--simulate]`: checks, read-only, that the environment's Proxmox VE
// is ready for `cdktf deploy <env>`; one line per check, exit code 1 on any failure.
import * as path from "path";
import { EnvironmentValidationError, formatIssue } from "../environment/issues";
import { loadEnvironments } from "../environment/load/load-environments";
import type { EnvironmentModel } from "../environment/model";
import { loadProjectEnvironments } from "../main";
import { stockPersonaCatalog } from "../personas/catalog";
import * as fs from "fs";
import { runPreflight } from "./preflight";
import { readOnlyApi } from "./read-only-api";
import type { ApiConnection } from "./read-only-api";
import { formatResult } from "./result";
import { startSimulatedCluster } from "./simulated-cluster";

const PROJECT_ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run preflight -- <environment name or .yaml file> [--simulate]";

/** The environment an argument names: `lab` among the project's environments (validated together, as synth does), or a file alone. */
function environmentOf(argument: string): EnvironmentModel {
  if (/\.ya?ml$/.test(argument)) {
    const [model] = loadEnvironments([{ file: path.relative(process.cwd(), argument), text: fs.readFileSync(argument, "utf8") }], stockPersonaCatalog);
    return model;
  }
  const directory = process.env.HOMELAB_ENVIRONMENTS_DIR;
  const models = directory ? loadProjectEnvironments(PROJECT_ROOT, path.resolve(directory), process.cwd()) : loadProjectEnvironments(PROJECT_ROOT);
  const model = models.find((candidate) => candidate.name === argument);
  if (!model) throw new Error(`no environment named ${argument} (known: ${models.map((candidate) => candidate.name).join(", ")})`);
  return model;
}

async function main(argv: readonly string[]): Promise<number> {
  const simulate = argv.includes("--simulate");
  const positional = argv.filter((arg) => !arg.startsWith("--"));
  if (positional.length !== 1 || argv.some((arg) => arg.startsWith("--") && arg !== "--simulate")) {
    console.error(USAGE);
    return 1;
  }
  const model = environmentOf(positional[0]);
  const simulated = simulate ? await startSimulatedCluster(model) : undefined;
  try {
    let connection: ApiConnection;
    if (simulated) connection = simulated.connection;
    else {
      const apiToken = process.env.PROXMOX_VE_API_TOKEN;
      if (!apiToken) {
        console.log(`FAIL API token: PROXMOX_VE_API_TOKEN is not set. Fix: export PROXMOX_VE_API_TOKEN='<user@realm>!<token name>=<secret>'`);
        return 1;
      }
      connection = { endpoint: model.proxmox.endpoint, apiToken, insecure: model.proxmox.insecure, certFile: process.env.SSL_CERT_FILE };
    }
    const tokenId = connection.apiToken.split("=")[0];
    const where = simulated ? `a Proxmox VE simulator seeded from ${model.file}` : connection.endpoint;
    console.log(`Preflight of ${model.name} (${model.file}) against ${where}, read-only, as ${tokenId}`);
    const results = await runPreflight(
      simulated ? { ...model, proxmox: { ...model.proxmox, endpoint: connection.endpoint } } : model,
      readOnlyApi(connection),
      tokenId,
    );
    for (const result of results) console.log(formatResult(result));
    const failed = results.filter((result) => !result.ok).length;
    console.log(
      failed === 0
        ? `${results.length} checks ok: ready for cdktf deploy ${model.name}-images and ${model.name}`
        : `${failed} of ${results.length} checks failed`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    await simulated?.simulator.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof EnvironmentValidationError) for (const issue of error.issues) console.error(formatIssue(issue));
    else console.error(`preflight: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
