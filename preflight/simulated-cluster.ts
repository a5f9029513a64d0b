// `npm run preflight -- <env> --simulate`: the preflight against a Proxmox VE simulator seeded from
// the environment (what a cluster ready for it looks like), to try the preflight without a cluster.
import type { EnvironmentModel } from "../environment/model";
import { seedFromEnvironment } from "../simulator/environment-seed";
import type { SimulatorSeed } from "../simulator/seed";
import type { Simulator } from "../simulator/server";
import { startSimulator } from "../simulator/server";
import type { ApiConnection } from "./read-only-api";

/** A running simulator for the preflight and how to reach it. */
export interface SimulatedCluster {
  readonly simulator: Simulator;
  readonly connection: ApiConnection;
}

/** Starts a simulator seeded from the environment (optionally changed: a broken precondition), reached with its first token. */
export async function startSimulatedCluster(
  model: EnvironmentModel,
  change: (seed: SimulatorSeed) => SimulatorSeed = (seed) => seed,
): Promise<SimulatedCluster> {
  const simulator = await startSimulator({ seed: change(seedFromEnvironment(model)) });
  return { simulator, connection: { endpoint: simulator.endpoint, apiToken: simulator.apiToken, certFile: simulator.certFile } };
}
