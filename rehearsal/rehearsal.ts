import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PveClient } from "../simulator/client";
import { seedFromEnvironmentFile } from "../simulator/environment-seed";
import type { Simulation } from "../simulator/harness/simulation";
import { startSimulation } from "../simulator/harness/simulation";
import type { LoggedRequest } from "../simulator/request-log";
import type { SimulatorSeed } from "../simulator/seed";
import type { CdktfContext, CdktfRun } from "./cdktf-cli";
import { runApp, runCdktf, runTerraform } from "./cdktf-cli";
import type { BuiltTemplate } from "./packer-stand-in";
import { buildTemplatesLikePacker } from "./packer-stand-in";
import type { ScratchProject } from "./scratch-project";
import { createScratchProject } from "./scratch-project";
import type { AppliedChange } from "./terraform-output";
import { appliedChanges, planIsEmpty } from "./terraform-output";

/** How to open a rehearsal. */
export interface RehearsalOptions {
  /** The project checkout (app, toolchain). */
  readonly projectRoot: string;
  /** The environment file to rehearse (it is copied, never written). */
  readonly environmentFile: string;
  /** Scratch directory. @default a new temporary directory, removed on close */
  readonly dir?: string;
  /** Terraform's `-parallelism`. @default 10 */
  readonly terraformParallelism?: number;
  /** Simulated task run time. @default 0 */
  readonly taskDurationMs?: number;
  /** Seed the environment's golden templates instead of building them (for scenarios that deploy only `<env>`). @default false */
  readonly seedTemplates?: boolean;
  /** Changes the simulator's seed (its tokens, a foreign guest, ...) before it starts. @default none */
  readonly changeSeed?: (seed: SimulatorSeed) => SimulatorSeed;
  /** The seed's token the provider deploys with; the Packer stand-in uses the first. @default the first */
  readonly providerTokenId?: string;
}

/** One cdktf-cli run (or the Packer stand-in) of a rehearsal, with the API calls it caused. */
export interface RehearsalStep {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  /** API calls the step sent. */
  readonly requests: readonly LoggedRequest[];
  /** What Terraform reported as done, in order. */
  readonly changes: readonly AppliedChange[];
  /** The run (cdktf steps). */
  readonly run?: CdktfRun;
}

/** An open rehearsal: a simulation seeded from the environment and a scratch project pointed at it. */
export class Rehearsal {
  readonly steps: RehearsalStep[] = [];

  private constructor(
    readonly options: RehearsalOptions,
    readonly simulation: Simulation,
    readonly project: ScratchProject,
    private readonly ownDir: string | undefined,
  ) {}

  /** Starts the simulation (seeded from the environment file) and creates the scratch project. */
  static async open(options: RehearsalOptions): Promise<Rehearsal> {
    const seeded = seedFromEnvironmentFile(options.environmentFile, { withTemplates: options.seedTemplates });
    const seed = options.changeSeed ? options.changeSeed(seeded) : seeded;
    const ownDir = options.dir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "homelab-rehearsal-")) : undefined;
    const dir = options.dir ?? (ownDir as string);
    let simulation: Simulation;
    try {
      simulation = await startSimulation({
        seed,
        taskDurationMs: options.taskDurationMs,
        dir: path.join(dir, "simulation"),
        providerTokenId: options.providerTokenId,
      });
    } catch (error) {
      if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
      throw error;
    }
    try {
      const project = createScratchProject({
        projectRoot: options.projectRoot,
        environmentFile: options.environmentFile,
        endpoint: simulation.simulator.endpoint,
        sshUser: simulation.ssh.user,
        dir: path.join(dir, "project"),
      });
      return new Rehearsal(options, simulation, project, ownDir);
    } catch (error) {
      await simulation.close();
      if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The environment's name. */
  get environment(): string {
    return this.project.environment;
  }

  /** An API client for the simulator. */
  client(): PveClient {
    const { simulator } = this.simulation;
    return new PveClient(simulator.endpoint, simulator.apiToken, simulator.certFile);
  }

  /** Runs cdktf-cli (`deploy`, `diff`, `destroy`, ...) in the scratch project; records it as a step. */
  cdktf(name: string, args: readonly string[]): Promise<RehearsalStep> {
    return this.step(name, (context) => runCdktf(context, args));
  }

  /** Runs the app as `npm run synth -- <args>` would in the scratch project (synthesis and the registry update); records it as a step. */
  synth(args: readonly string[] = []): Promise<RehearsalStep> {
    return this.step(`npm run synth${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`, (context) => runApp(context, args));
  }

  /** Runs terraform itself in a stack cdktf-cli synthesized and initialised; records it as a step. */
  terraform(stack: string, args: readonly string[]): Promise<RehearsalStep> {
    return this.step(`terraform ${args.join(" ")} (${stack})`, (context) => runTerraform(context, stack, args));
  }

  private async step(name: string, execute: (context: CdktfContext) => Promise<CdktfRun>): Promise<RehearsalStep> {
    const mark = this.simulation.simulator.log.mark();
    const run = await execute({
      projectRoot: this.options.projectRoot,
      project: this.project,
      providerEnv: this.simulation.providerEnv,
      terraformParallelism: this.options.terraformParallelism,
    });
    const step: RehearsalStep = {
      name,
      ok: run.code === 0,
      ms: run.ms,
      requests: this.simulation.simulator.log.since(mark),
      changes: appliedChanges(run.terraformOutput),
      run,
    };
    this.steps.push(step);
    return step;
  }

  /** `cdktf deploy <stack> --auto-approve`. */
  deploy(stack: string): Promise<RehearsalStep> {
    return this.cdktf(`cdktf deploy ${stack}`, ["deploy", stack, "--auto-approve"]);
  }

  /** `cdktf diff <stack>`; the step is ok when the plan is empty. */
  async diff(stack: string): Promise<RehearsalStep & { readonly empty: boolean }> {
    const step = await this.cdktf(`cdktf diff ${stack}`, ["diff", stack]);
    return { ...step, empty: step.ok && planIsEmpty(step.run?.terraformOutput ?? "") };
  }

  /** The Packer stand-in: golden templates from the base VMs as the var file says (`only`: these template keys, as `packer build -only=...`). */
  async buildTemplates(only?: readonly string[]): Promise<BuiltTemplate[]> {
    const mark = this.simulation.simulator.log.mark();
    const started = Date.now();
    try {
      const { simulator } = this.simulation;
      const api = { endpoint: simulator.endpoint, apiToken: simulator.apiToken, certFile: simulator.certFile };
      const built = await buildTemplatesLikePacker(this.client(), api, this.project.dir, this.environment, only);
      this.steps.push({
        name: "packer build (stand-in)",
        ok: true,
        ms: Date.now() - started,
        requests: this.simulation.simulator.log.since(mark),
        changes: [],
      });
      return built;
    } catch (error) {
      this.steps.push({
        name: "packer build (stand-in)",
        ok: false,
        ms: Date.now() - started,
        requests: this.simulation.simulator.log.since(mark),
        changes: [],
      });
      throw error;
    }
  }

  /** Stops the simulation and removes a temporary scratch directory. */
  async close(): Promise<void> {
    await this.simulation.close();
    if (this.ownDir) fs.rmSync(this.ownDir, { recursive: true, force: true });
  }
}

/** The outcome of a whole rehearsal. */
export interface RehearsalResult {
  readonly environment: string;
  readonly rewrites: readonly string[];
  readonly steps: readonly RehearsalStep[];
  readonly templates: readonly BuiltTemplate[];
  /** Both second plans (`<env>-images`, `<env>`) were empty. */
  readonly secondPlansEmpty: { readonly images: boolean; readonly environment: boolean };
  readonly wallMs: number;
}

/**
 * Rehearses an environment as a user would deploy it, against the simulator: `cdktf deploy
 * <env>-images`, the Packer stand-in, `cdktf deploy <env>`, then `cdktf diff` of both stacks
 * (which must plan nothing). Stops at the first failing step.
 */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const started = Date.now();
  const rehearsal = await Rehearsal.open(options);
  try {
    const env = rehearsal.environment;
    const images = `${env}-images`;
    const result = (templates: BuiltTemplate[], secondPlansEmpty = { images: false, environment: false }): RehearsalResult => ({
      environment: env,
      rewrites: rehearsal.project.rewrites,
      steps: rehearsal.steps,
      templates,
      secondPlansEmpty,
      wallMs: Date.now() - started,
    });
    if (!(await rehearsal.deploy(images)).ok) return result([]);
    let templates: BuiltTemplate[];
    try {
      templates = await rehearsal.buildTemplates();
    } catch {
      return result([]);
    }
    if (!(await rehearsal.deploy(env)).ok) return result(templates);
    const imagesPlan = await rehearsal.diff(images);
    const environmentPlan = await rehearsal.diff(env);
    return result(templates, { images: imagesPlan.empty, environment: environmentPlan.empty });
  } finally {
    await rehearsal.close();
  }
}
