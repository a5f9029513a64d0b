import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** The SSH side of the simulated nodes: Debian's OpenSSH server on loopback and an agent holding its key. */
export interface SshNode {
  /** Port of sshd on 127.0.0.1. */
  readonly port: number;
  /** The user that may log in (the one running the harness). */
  readonly user: string;
  /** `SSH_AUTH_SOCK` of the agent that holds the throwaway client key. */
  readonly agentSocket: string;
  /** The client key (for tests that connect themselves). */
  readonly clientKeyFile: string;
  close(): Promise<void>;
}

const SSHD = "/usr/sbin/sshd";

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

/**
 * Starts sshd (`-D`, its own config: a throwaway host key, the throwaway client key as the only
 * authorized key, public-key login only, SFTP) on a free loopback port, and `ssh-agent -D` with
 * the client key added. Run as root, sshd needs its privilege-separation directory `/run/sshd`,
 * which Debian's service unit would create; it is created here when missing.
 */
export async function startSshNode(dir: string): Promise<SshNode> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} not found: install Debian's openssh-server (apt-get install -y openssh-server)`);
  fs.mkdirSync(dir, { recursive: true });
  const hostKey = path.join(dir, "ssh_host_ed25519_key");
  const clientKey = path.join(dir, "client_ed25519");
  for (const key of [hostKey, clientKey]) execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "pve-simulator", "-f", key]);
  const authorizedKeys = path.join(dir, "authorized_keys");
  fs.copyFileSync(`${clientKey}.pub`, authorizedKeys);
  if (process.getuid?.() === 0) fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const user = os.userInfo().username;
  const logFile = path.join(dir, "sshd.log");
  let sshd: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 5 && !sshd; attempt++) {
    port = await freePort();
    const config = path.join(dir, "sshd_config");
    fs.writeFileSync(
      config,
      [
        `ListenAddress 127.0.0.1:${port}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        `PidFile ${path.join(dir, "sshd.pid")}`,
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
      ].join("\n")
    );
    const child = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", fs.openSync(logFile, "a")] });
    if (await waitForPort(port)) sshd = child;
    else await stop(child);
  }
  if (!sshd) throw new Error(`sshd did not start on loopback; see ${logFile}`);

  const agentSocket = path.join(dir, "agent.sock");
  const agent = spawn("ssh-agent", ["-D", "-a", agentSocket], { stdio: "ignore" });
  for (let attempt = 0; attempt < 100 && !fs.existsSync(agentSocket); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  execFileSync("ssh-add", ["-q", clientKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: ["ignore", "ignore", "pipe"] });

  const sshdProcess = sshd;
  return {
    port,
    user,
    agentSocket,
    clientKeyFile: clientKey,
    close: async () => {
      await Promise.all([stop(sshdProcess), stop(agent)]);
    },
  };
}
