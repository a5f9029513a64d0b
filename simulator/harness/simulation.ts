import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { SimulatorSeed } from "../seed";
import type { Simulator } from "../server";
import { startSimulator } from "../server";
import type { ImageServer } from "./image-server";
import { startImageServer } from "./image-server";
import type { SocksProxy } from "./socks-proxy";
import { startSocksProxy } from "./socks-proxy";
import type { BindMount, SshNodes } from "./ssh-node";
import { canIsolateNodes, startSshNodes } from "./ssh-node";

/** Options of a simulation. */
export interface SimulationOptions {
  readonly seed: SimulatorSeed;
  /** Task run time of the simulator. @default 0 */
  readonly taskDurationMs?: number;
  /** Working directory (storages, keys, the provider's HOME). @default a new temporary directory, removed on close */
  readonly dir?: string;
  /** The seed's token the provider gets (`PROXMOX_VE_API_TOKEN`). @default the seed's first */
  readonly providerTokenId?: string;
}

/** A simulated Proxmox VE cluster the real provider can deploy to, with everything around it. */
export interface Simulation {
  readonly simulator: Simulator;
  readonly images: ImageServer;
  readonly ssh: SshNodes;
  readonly dir: string;
  /**
   * Whether each node has its own files on local file storages (its sshd in its own mount
   * namespace). When this machine cannot do that, all nodes share one directory per storage, and
   * a snippet uploaded to one node is seen by all.
   */
  readonly nodesIsolated: boolean;
  /**
   * The environment Terraform (and with it the bpg provider) runs in: the API token, the
   * simulator's CA, the agent socket, the SOCKS proxy that leads SSH to the nodes, and a HOME of
   * its own (the provider writes `~/.ssh/known_hosts`). Nothing of the user's is touched.
   */
  readonly providerEnv: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** The `PROXMOX_VE_API_TOKEN` value of a token of the simulator (the first when `id` is undefined). */
function providerToken(simulator: Simulator, id: string | undefined): string {
  const value = id === undefined ? simulator.apiToken : simulator.apiTokens.get(id);
  if (value === undefined) throw new Error(`the simulator has no token ${id}`);
  return value;
}

/**
 * Starts the simulator with its companions: a loopback image server that every download URL is
 * served from (the URL's path kept), one Debian sshd per node (each seeing its own local storage
 * files) with a throwaway key in an ssh-agent for the snippet uploads, and a SOCKS proxy that maps
 * each node's address (port 22) to its sshd.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pve-simulation-"));
  const started: { close(): Promise<void> }[] = [];
  try {
    const images = await startImageServer();
    started.push(images);
    const nodesIsolated = await canIsolateNodes();
    const simulator = await startSimulator({
      seed: options.seed,
      dataDir: path.join(dir, "pve"),
      taskDurationMs: options.taskDurationMs,
      fileStorageLayout: nodesIsolated ? "per-node" : "shared",
      resolveUrl: (url) => {
        const parsed = new URL(url);
        if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
        return new URL(`${parsed.pathname}${parsed.search}`, images.origin);
      },
    });
    started.push(simulator);
    const { cluster } = simulator;
    const mountsOf = (node: string): BindMount[] =>
      [...cluster.storages.values()].flatMap((storage) => {
        const source = storage.nodeMounts().get(node);
        return source && storage.path ? [{ source, target: storage.path }] : [];
      });
    const ssh = await startSshNodes(
      path.join(dir, "ssh"),
      [...cluster.nodes.keys()].map((name) => ({ name, mounts: mountsOf(name) })),
    );
    started.push(ssh);
    const routes = new Map([...cluster.nodes.values()].map((node) => [`${node.address}:22`, ssh.ports.get(node.name) as number]));
    const socks: SocksProxy = await startSocksProxy(routes);
    started.push(socks);
    const home = path.join(dir, "home");
    fs.mkdirSync(home, { recursive: true });
    return {
      simulator,
      images,
      ssh,
      dir,
      nodesIsolated,
      providerEnv: {
        PROXMOX_VE_API_TOKEN: providerToken(simulator, options.providerTokenId),
        SSL_CERT_FILE: simulator.certFile,
        SSH_AUTH_SOCK: ssh.agentSocket,
        PROXMOX_VE_SSH_SOCKS5_SERVER: socks.address,
        HOME: home,
      },
      close: async () => {
        for (const service of started.reverse()) await service.close();
        if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const service of started.reverse()) await service.close();
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
