/** Checking every stack of a cdktf synth output directory (`<outDir>/stacks/<stack>/cdk.tf.json`). */
import * as fs from "fs";
import * as path from "path";
import { loadProviderSchema } from "./load-schema";
import { compareProblems, type Problem } from "./problem";
import type { ProviderSchema } from "./schema-types";
import { checkStack, DOCUMENT_ADDRESS } from "./validate-stack";

/** Where `cdktf synth` writes by default (`output` in cdktf.json). */
export const DEFAULT_OUT_DIR = "cdktf.out";

const STACK_FILE = "cdk.tf.json";
const SYNTH_HINT = 'run "npm run synth" first';

/** The output directory is missing or holds no stack: there is nothing to check. */
export class SynthOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthOutputError";
  }
}

/** What checking a synth output directory found. */
export interface SynthCheckResult {
  /** The stacks checked, by name, sorted. */
  readonly stacks: readonly string[];
  /** How many bpg/proxmox resources were checked in all stacks. */
  readonly resources: number;
  /** How many bpg/proxmox data sources were checked in all stacks. */
  readonly dataSources: number;
  /** All problems, sorted with {@link compareProblems}. */
  readonly problems: readonly Problem[];
}

function stackNames(stacksDir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(stacksDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(stacksDir, entry.name, STACK_FILE)))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/**
 * Checks every `<outDir>/stacks/<stack>/cdk.tf.json`. A file that cannot be read or parsed becomes an
 * error problem naming it (the other stacks are still checked). Throws {@link SynthOutputError} when
 * `outDir` does not exist or holds no stack.
 */
export function checkSynthOutput(outDir: string = DEFAULT_OUT_DIR, schema?: ProviderSchema): SynthCheckResult {
  if (!fs.existsSync(outDir)) throw new SynthOutputError(`no synth output at ${outDir}: ${SYNTH_HINT}`);
  const stacksDir = path.join(outDir, "stacks");
  const stacks = stackNames(stacksDir);
  if (stacks.length === 0) {
    throw new SynthOutputError(`no stacks in ${outDir} (no stacks/*/${STACK_FILE}): ${SYNTH_HINT}`);
  }
  const providerSchema = schema ?? loadProviderSchema();
  const problems: Problem[] = [];
  let resources = 0;
  let dataSources = 0;
  for (const stack of stacks) {
    const file = path.join(stacksDir, stack, STACK_FILE);
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      problems.push({
        severity: "error",
        stack,
        address: DOCUMENT_ADDRESS,
        path: "",
        message: `cannot parse ${file}: ${firstLine(error)}`,
      });
      continue;
    }
    const result = checkStack(stack, doc, providerSchema);
    problems.push(...result.problems);
    resources += result.resources;
    dataSources += result.dataSources;
  }
  problems.sort(compareProblems);
  return { stacks, resources, dataSources, problems };
}
