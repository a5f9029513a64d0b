import type { ChildProcess } from "child_process";
import { execFile, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** A directory mounted over another one for one node's sshd (a local storage's files at its `path`). */
export interface BindMount {
  readonly source: string;
  readonly target: string;
}

/** One simulated node's SSH side. */
export interface SshNodeSpec {
  readonly name: string;
  /** What that node's sshd sees at the storages' paths. */
  readonly mounts: readonly BindMount[];
}

/** The SSH side of the simulated nodes: one Debian OpenSSH server per node on loopback, one agent holding the key. */
export interface SshNodes {
  /** The port of each node's sshd on 127.0.0.1. */
  readonly ports: ReadonlyMap<string, number>;
  /** The user that may log in (the one running the harness). */
  readonly user: string;
  /** `SSH_AUTH_SOCK` of the agent that holds the throwaway client key. */
  readonly agentSocket: string;
  /** The client key (for tests that connect themselves). */
  readonly clientKeyFile: string;
  close(): Promise<void>;
}

const SSHD = "/usr/sbin/sshd";
const isRoot = () => process.getuid?.() === 0;
/** `unshare` options for a private mount namespace: root has one at once, anyone else through a user namespace. */
const UNSHARE_MOUNT = () => (isRoot() ? ["--mount", "--propagation", "private"] : ["--user", "--map-current-user", "--mount", "--propagation", "private"]);

/** Single-quotes a word for /bin/sh. */
const shellQuote = (word: string) => `'${word.replace(/'/g, `'"'"'`)}'`;

/**
 * Whether this machine lets the harness give each node's sshd its own mount namespace
 * (util-linux `unshare`, as root or with unprivileged user namespaces).
 */
export async function canIsolateNodes(): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pve-sim-probe-"));
  fs.mkdirSync(path.join(dir, "a"));
  fs.mkdirSync(path.join(dir, "b"));
  try {
    return await new Promise<boolean>((resolve) =>
      execFile(
        "unshare",
        [...UNSHARE_MOUNT(), "/bin/sh", "-c", `mount --bind ${shellQuote(path.join(dir, "a"))} ${shellQuote(path.join(dir, "b"))}`],
        { timeout: 10_000 },
        (error) => resolve(!error),
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A free TCP port on 127.0.0.1 (the kernel's choice, released at once). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on the port (bounded: `attempts` x 50 ms). */
async function waitForPort(port: number, attempts = 100): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** sshd's config for one node: its host key, the one authorized key, public-key login only, SFTP. */
function sshdConfig(port: number, hostKey: string, authorizedKeys: string, pidFile: string, user: string): string {
  return [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    `PidFile ${pidFile}`,
    "AuthenticationMethods publickey",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    `AllowUsers ${user}`,
    "UsePAM no",
    "StrictModes no",
    "Subsystem sftp internal-sftp",
    "LogLevel ERROR",
    "",
  ].join("\n");
}

/** Starts one node's sshd (in its own mount namespace when it has mounts) on a free loopback port. */
async function startSshd(dir: string, node: SshNodeSpec, authorizedKeys: string, user: string): Promise<{ port: number; child: ChildProcess }> {
  const hostKey = path.join(dir, `ssh_host_ed25519_key-${node.name}`);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${node.name}.pve-simulator`, "-f", hostKey]);
  const logFile = path.join(dir, `sshd-${node.name}.log`);
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = path.join(dir, `sshd_config-${node.name}`);
    fs.writeFileSync(config, sshdConfig(port, hostKey, authorizedKeys, path.join(dir, `sshd-${node.name}.pid`), user));
    const launcher = path.join(dir, `sshd-${node.name}.sh`);
    fs.writeFileSync(
      launcher,
      [
        "#!/bin/sh",
        "set -e",
        ...node.mounts.map((mount) => `mount --bind ${shellQuote(mount.source)} ${shellQuote(mount.target)}`),
        `exec ${SSHD} -D -e -f ${shellQuote(config)}`,
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const [command, args] = node.mounts.length > 0 ? ["unshare", [...UNSHARE_MOUNT(), launcher]] : [launcher, []];
    const child = spawn(command, args as string[], { stdio: ["ignore", "ignore", fs.openSync(logFile, "a")] });
    if (await waitForPort(port)) return { port, child };
    await stop(child);
  }
  throw new Error(`sshd of node ${node.name} did not start on loopback; see ${logFile}`);
}

/**
 * Starts an sshd per node (its own config and host key, the throwaway client key as the only
 * authorized key) and `ssh-agent -D` with that key added. A node with mounts gets a private mount
 * namespace in which its local storages' directories sit at their storage.cfg `path`, so a
 * snippet uploaded to pve1 is on pve1 only, as on a real cluster. Run as root, sshd needs its
 * privilege-separation directory `/run/sshd`, which Debian's service unit would create; it is
 * created here when missing.
 */
export async function startSshNodes(dir: string, nodes: readonly SshNodeSpec[]): Promise<SshNodes> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} not found: install Debian's openssh-server (apt-get install -y openssh-server)`);
  fs.mkdirSync(dir, { recursive: true });
  const clientKey = path.join(dir, "client_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "pve-simulator", "-f", clientKey]);
  const authorizedKeys = path.join(dir, "authorized_keys");
  fs.copyFileSync(`${clientKey}.pub`, authorizedKeys);
  if (isRoot()) fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const user = os.userInfo().username;
  const children: ChildProcess[] = [];
  const ports = new Map<string, number>();
  const close = () => Promise.all(children.map(stop)).then(() => undefined);
  try {
    for (const node of nodes) {
      const { port, child } = await startSshd(dir, node, authorizedKeys, user);
      children.push(child);
      ports.set(node.name, port);
    }
    const agentSocket = path.join(dir, "agent.sock");
    const agent = spawn("ssh-agent", ["-D", "-a", agentSocket], { stdio: "ignore" });
    children.push(agent);
    for (let attempt = 0; attempt < 100 && !fs.existsSync(agentSocket); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    execFileSync("ssh-add", ["-q", clientKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: ["ignore", "ignore", "pipe"] });
    return { ports, user, agentSocket, clientKeyFile: clientKey, close };
  } catch (error) {
    await close();
    throw error;
  }
}
