import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import type { AddressInfo } from "net";
import { registerAccessHandlers } from "./api/access-handlers";
import { ApiError, parameterError } from "./api/api-error";
import { registerBackupHandlers } from "./api/backup-handlers";
import { registerClusterHandlers } from "./api/cluster-handlers";
import { HandlerTable } from "./api/handler-table";
import { registerLxcHandlers } from "./api/lxc-handlers";
import { registerQemuHandlers } from "./api/qemu-handlers";
import { registerStorageHandlers } from "./api/storage-handlers";
import { selfSignedCertificate } from "./certificate";
import { FaultPlan } from "./faults";
import { RequestLog } from "./request-log";
import { ApiRoutes } from "./schema/api-routes";
import type { HttpMethod } from "./schema/api-schema";
import { loadApiSchema } from "./schema/api-schema";
import { checksOf, deniedBy } from "./schema/permissions";
import type { RawParameters } from "./schema/validate";
import { validateParameters } from "./schema/validate";
import type { SeedToken, SimulatorSeed } from "./seed";
import { effectivePrivileges } from "./state/access";
import { Cluster } from "./state/cluster";
import type { FileStorageLayout } from "./state/storage";
import type { UrlResolver } from "./state/url-fetch";

/** How to start a simulator. */
export interface SimulatorOptions {
  readonly seed: SimulatorSeed;
  /** Directory for the certificate and file storages. @default a new temporary directory, removed on close */
  readonly dataDir?: string;
  /** Task run time. @default 0 (tasks end on the next turn of the event loop) */
  readonly taskDurationMs?: number;
  /** Where download-url and query-url-metadata fetch from. @default nowhere */
  readonly resolveUrl?: UrlResolver;
  /** How local file storages keep each node's files. @default `per-node` */
  readonly fileStorageLayout?: FileStorageLayout;
}

/** A running simulator. */
export interface Simulator {
  /** `https://127.0.0.1:<port>/`: the provider's `endpoint`. */
  readonly endpoint: string;
  /** `user@realm!name=secret`: the value of `PROXMOX_VE_API_TOKEN` (the seed's first token). */
  readonly apiToken: string;
  /** Every token's `PROXMOX_VE_API_TOKEN` value, by token ID (`user@realm!name`). */
  readonly apiTokens: ReadonlyMap<string, string>;
  /** The self-signed certificate (PEM file), for clients that verify TLS. */
  readonly certFile: string;
  readonly cluster: Cluster;
  readonly log: RequestLog;
  readonly faults: FaultPlan;
  readonly dataDir: string;
  /** Every `METHOD /template` the simulator implements. */
  readonly implemented: readonly string[];
  /** Stops the server (after running tasks end) and removes a temporary data directory. */
  close(): Promise<void>;
}

const API_PREFIX = "/api2/json";
const METHODS: ReadonlySet<string> = new Set(["GET", "POST", "PUT", "DELETE"]);

/** Every handler the simulator has. */
function handlerTable(): HandlerTable {
  const table = new HandlerTable();
  registerClusterHandlers(table);
  registerStorageHandlers(table);
  registerQemuHandlers(table);
  registerLxcHandlers(table);
  registerBackupHandlers(table);
  registerAccessHandlers(table);
  return table;
}

/** Parameters of a query string or form body; a key given twice keeps both values. */
function parseForm(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = result[key];
    result[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return result;
}

/** A body as PVE reads it: form-encoded or JSON. */
function parseBody(contentType: string | undefined, body: string): Record<string, string | string[]> {
  if (body === "") return {};
  if (contentType?.startsWith("application/json")) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
  }
  if (contentType?.startsWith("multipart/")) throw new ApiError(501, "simulator: multipart uploads are not implemented");
  return parseForm(body);
}

/** An HTTP reason phrase from a message (one line, printable). */
function reasonPhrase(message: string): string {
  return (
    message
      .replace(/[\r\n]+/g, " ")
      .replace(/[^\x20-\x7e]/g, "?")
      .trim()
      .slice(0, 400) || "error"
  );
}

/**
 * Starts a Proxmox VE 9.1 API simulator on 127.0.0.1 (an ephemeral port, HTTPS with a throwaway
 * self-signed certificate). Every call must carry the API token; every call is matched against the
 * vendored API schema (unknown paths and methods: 501 naming them) and its parameters validated as
 * PVE does (400 with per-parameter errors) and its permission checks made against the token's
 * ACL (403) before a handler runs; paths of the schema the simulator does not implement answer
 * 501 too. Calls are logged; faults can be injected.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pve-sim-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const certificate = selfSignedCertificate(dataDir);
  const cluster = new Cluster(options.seed, {
    dataDir,
    taskDurationMs: options.taskDurationMs,
    resolveUrl: options.resolveUrl,
    fileStorageLayout: options.fileStorageLayout,
  });
  const routes = new ApiRoutes(loadApiSchema());
  const handlers = handlerTable();
  const log = new RequestLog();
  const faults = new FaultPlan();
  // the seed's API tokens (`root@pam!sim` with every privilege by default), each with a secret made at start
  const apiTokens = new Map([...cluster.tokens.keys()].map((id) => [id, `${id}=${crypto.randomUUID()}`]));
  const tokenIdByAuthorization = new Map([...apiTokens].map(([id, value]) => [`PVEAPIToken=${value}`, id]));

  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const send = (status: number, data: unknown, message?: string, errors?: Readonly<Record<string, string>>) => {
        if (response.destroyed) return;
        const body = JSON.stringify(errors ? { errors, data: null } : { data: data ?? null });
        response.writeHead(status, reasonPhrase(message ?? (status === 200 ? "OK" : "error")), {
          "Content-Type": "application/json;charset=UTF-8",
          "Content-Length": Buffer.byteLength(body),
        });
        response.end(body);
      };
      const url = new URL(request.url ?? "/", "https://127.0.0.1");
      const method = (request.method ?? "GET").toUpperCase();
      const apiPath = url.pathname.startsWith(`${API_PREFIX}/`) || url.pathname === API_PREFIX ? url.pathname.slice(API_PREFIX.length) : undefined;
      const token: SeedToken | undefined = cluster.tokens.get(tokenIdByAuthorization.get(request.headers.authorization ?? "") ?? "");
      if (!token) {
        log.add({ method, path: apiPath ?? url.pathname, params: {} }).status = 401;
        send(401, null, request.headers.authorization ? "invalid token value!" : "No ticket");
        return;
      }
      let params: Record<string, string | string[]>;
      try {
        params = { ...parseForm(url.search.slice(1)), ...parseBody(request.headers["content-type"], Buffer.concat(chunks).toString("utf8")) };
      } catch (error) {
        send(error instanceof ApiError ? error.status : 400, null, (error as Error).message);
        return;
      }
      const decodedPath = (apiPath ?? url.pathname).replace(/\/+$/, "");
      const match = apiPath !== undefined && METHODS.has(method) ? routes.match(method as HttpMethod, apiPath) : { kind: "no-such-path" as const };
      const entry = log.add({ method, path: safeDecode(decodedPath), template: match.kind === "found" ? match.template : undefined, params });
      const fail = (error: unknown) => {
        const apiError = error instanceof ApiError ? error : new ApiError(500, error instanceof Error ? error.message : String(error));
        entry.status = apiError.status;
        entry.error = apiError.message;
        entry.errors = apiError.errors;
        send(apiError.status, null, apiError.message, apiError.errors);
      };
      if (match.kind !== "found") {
        fail(new ApiError(501, `Method '${method} ${API_PREFIX}${decodedPath}' not implemented`));
        return;
      }
      const checked = validateParameters(match.method, { ...params, ...match.pathParams } as RawParameters);
      if (!checked.ok) {
        fail(parameterError(checked.errors));
        return;
      }
      const held = (at: string) => new Set(effectivePrivileges(token, at).keys());
      for (const check of checksOf(method as HttpMethod, match.template, match.method, checked.values)) {
        const denied = deniedBy(check, checked.values, held);
        if (denied) {
          fail(new ApiError(403, `Permission check failed (${denied.path}, ${denied.privileges.join("|")})`));
          return;
        }
      }
      const effect = faults.take(method as HttpMethod, match.template, safeDecode(decodedPath));
      if (effect?.kind === "http") {
        fail(new ApiError(effect.status, effect.message));
        return;
      }
      if (effect?.kind === "hang") {
        entry.status = -1;
        entry.error = "connection dropped (fault injection)";
        setTimeout(() => request.socket.destroy(), effect.ms);
        return;
      }
      const handler = handlers.get(method as HttpMethod, match.template);
      if (!handler) {
        fail(new ApiError(501, `simulator: ${method} ${match.template} is not implemented`));
        return;
      }
      Promise.resolve()
        .then(() =>
          handler({
            params: checked.values,
            raw: { ...params, ...match.pathParams },
            cluster,
            token,
            task: { user: token.id, failWith: effect?.kind === "task-error" ? effect.message : undefined },
          }),
        )
        .then((data) => {
          entry.status = 200;
          send(200, data);
        }, fail);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}/`,
    apiToken: [...apiTokens.values()][0],
    apiTokens,
    certFile: certificate.certFile,
    cluster,
    log,
    faults,
    dataDir,
    implemented: handlers.implemented(),
    close: async () => {
      await cluster.tasks.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
