import * as net from "net";

/** A SOCKS5 proxy on loopback that connects only the destinations it was given. */
export interface SocksProxy {
  /** `127.0.0.1:<port>`: the value of `PROXMOX_VE_SSH_SOCKS5_SERVER`. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Starts a minimal SOCKS5 server (RFC 1928: no authentication, CONNECT only) that maps
 * `<host>:<port>` destinations to loopback ports and refuses every other destination, so the
 * provider's SSH connection to a simulated node's address (`192.0.2.11:22`) reaches the harness's
 * sshd and nothing else is reachable through it.
 */
export async function startSocksProxy(routes: ReadonlyMap<string, number>): Promise<SocksProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: "greeting" | "request" | "piping" = "greeting";
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === "greeting") {
        if (buffer.length < 2 || buffer.length < 2 + buffer[1]) return;
        const methods = buffer.subarray(2, 2 + buffer[1]);
        buffer = buffer.subarray(2 + methods.length);
        if (!methods.includes(0)) {
          client.end(Buffer.from([5, 0xff]));
          return;
        }
        client.write(Buffer.from([5, 0]));
        stage = "request";
      }
      if (stage === "request") {
        if (buffer.length < 5) return;
        const [version, command, , type] = buffer;
        let host: string;
        let offset: number;
        if (type === 1) {
          if (buffer.length < 10) return;
          host = [...buffer.subarray(4, 8)].join(".");
          offset = 8;
        } else if (type === 3) {
          if (buffer.length < 5 + buffer[4] + 2) return;
          host = buffer.subarray(5, 5 + buffer[4]).toString("latin1");
          offset = 5 + buffer[4];
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const port = buffer.readUInt16BE(offset);
        const rest = buffer.subarray(offset + 2);
        const target = routes.get(`${host}:${port}`);
        if (version !== 5 || command !== 1 || target === undefined) {
          client.end(Buffer.from([5, command !== 1 ? 7 : 2, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        stage = "piping";
        client.off("data", onData);
        const upstream = net.connect(target, "127.0.0.1", () => {
          const reply = Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]);
          reply.writeUInt16BE(upstream.localPort ?? 0, 8);
          client.write(reply);
          if (rest.length > 0) upstream.write(rest);
          client.pipe(upstream).pipe(client);
        });
        sockets.add(upstream);
        upstream.on("close", () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on("error", () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
        client.on("close", () => upstream.destroy());
      }
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
