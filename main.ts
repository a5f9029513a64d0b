// Composition root: load and validate every environment against its machine registry, synthesize two
// stacks per environment, then bring the registries up to date.
import * as path from "path";
import type { ValidationIssue } from "./environment/issues";
import { EnvironmentValidationError, formatIssue } from "./environment/issues";
import { loadEnvironments } from "./environment/load/load-environments";
import type { EnvironmentModel } from "./environment/model";
import { readEnvironmentFiles, readRegistryFiles } from "./environment/load/read-files";
import { pendingRegistryWrites, writeRegistries } from "./environment/load/registry-writes";
import { stockPersonaCatalog } from "./personas/catalog";
import { synthesizeEnvironments } from "./synth/synthesize";

/**
 * The environments of a directory (default: the bundled `<projectRoot>/environments`) with their
 * machine registries (`<env>.lock.yaml` beside them), loaded with the stock personas; errors name
 * the files relative to `root` (default: the project root). `retire` ends retirements
 * (`npm run synth -- --retire <name>`).
 */
export function loadProjectEnvironments(
  projectRoot: string,
  directory = path.join(projectRoot, "environments"),
  root = projectRoot,
  retire: readonly string[] = [],
): EnvironmentModel[] {
  return loadEnvironments(readEnvironmentFiles(directory, { root }), stockPersonaCatalog, {
    registries: readRegistryFiles(directory, { root }),
    retire,
  });
}

/** The command line of `npm run synth -- [--frozen] [--retire <machine>]...`. */
interface SynthArguments {
  readonly frozen: boolean;
  readonly retire: readonly string[];
}

/** Parses the synth's arguments; an unknown one is an issue. */
function parseArguments(argv: readonly string[]): SynthArguments | ValidationIssue {
  const retire: string[] = [];
  let frozen = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--frozen") frozen = true;
    else if (argument === "--retire" && index + 1 < argv.length) retire.push(argv[++index]);
    else if (argument.startsWith("--retire=")) retire.push(argument.slice("--retire=".length));
    else return { file: "npm run synth", path: "", message: `unknown argument '${argument}' (usage: npm run synth -- [--frozen] [--retire <machine>]...)` };
  }
  return { frozen, retire };
}

/** Whether the registries must already be up to date: `--frozen`, `HOMELAB_REGISTRY=frozen`, or a CI run (`CI=true`) unless `HOMELAB_REGISTRY=update`. */
function registriesFrozen(frozenFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (frozenFlag || env.HOMELAB_REGISTRY === "frozen") return true;
  if (env.HOMELAB_REGISTRY === "update") return false;
  return /^(true|1)$/i.test(env.CI ?? "");
}

/**
 * Synthesizes the environments of `<projectRoot>/environments` into `CDKTF_OUTDIR` (default
 * `<projectRoot>/cdktf.out`), then writes the machine registries that changed (atomically, only
 * after a successful synth). `HOMELAB_ENVIRONMENTS_DIR` synthesizes another directory instead; it
 * is resolved against, and errors name its files relative to, the current directory. Invalid
 * environments, or registries that would change in a frozen run (CI), are printed one issue a
 * line on stderr, nothing is written, and the exit code is 1. Warnings, and which registries were
 * written, go to stdout (where cdktf-cli shows them as they are) and do not fail.
 */
export function main(projectRoot: string, argv: readonly string[] = process.argv.slice(2)): void {
  const customEnvironments = process.env.HOMELAB_ENVIRONMENTS_DIR;
  const directory = customEnvironments ? path.resolve(customEnvironments) : path.join(projectRoot, "environments");
  const root = customEnvironments ? process.cwd() : projectRoot;
  try {
    const args = parseArguments(argv);
    if ("message" in args) throw new EnvironmentValidationError([args]);
    const models = loadProjectEnvironments(projectRoot, directory, root, args.retire);
    // warnings and notices on stdout: cdktf-cli (diff, deploy) shows the app's stdout as it is and labels its stderr ERROR
    for (const warning of models.flatMap((model) => model.warnings)) console.log(formatIssue({ ...warning, message: `warning: ${warning.message}` }));
    const writes = pendingRegistryWrites(models, directory, root);
    if (writes.length > 0 && registriesFrozen(args.frozen, process.env)) {
      throw new EnvironmentValidationError(
        writes.map((write) => ({
          file: write.label,
          path: "",
          message: `the machine registry would change (${write.summary}): run \`npm run synth\` locally and commit ${write.label}`,
        })),
      );
    }
    synthesizeEnvironments(models, process.env.CDKTF_OUTDIR ?? path.join(projectRoot, "cdktf.out"));
    writeRegistries(writes);
    for (const write of writes) console.log(`${write.label}: machine registry updated (${write.summary}); commit it with its environment file`);
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    console.error(`${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} found; nothing was synthesized.`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(__dirname);
