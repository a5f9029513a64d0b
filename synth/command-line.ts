import type { ValidationIssue } from "../environment/issues";

/** The command line of `npm run synth -- [--frozen] [--retire <machine>]...`. */
export interface SynthArguments {
  /** The machine registries must already be up to date (as in CI): a change is an error, not a write. */
  readonly frozen: boolean;
  /** Machines whose retirement ends in this run. */
  readonly retire: readonly string[];
}

/** Parses the synth's arguments; an unknown one is an issue that names it. */
export function parseSynthArguments(argv: readonly string[]): SynthArguments | ValidationIssue {
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
export function registriesFrozen(frozenFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (frozenFlag || env.HOMELAB_REGISTRY === "frozen") return true;
  if (env.HOMELAB_REGISTRY === "update") return false;
  return /^(true|1)$/i.test(env.CI ?? "");
}
