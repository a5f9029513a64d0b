import * as fs from "fs";
import * as https from "https";

/** An answer of the API: status, reason and `data` (or `errors`). */
export interface ApiAnswer {
  readonly status: number;
  readonly reason: string;
  readonly data: unknown;
  readonly errors?: Readonly<Record<string, string>>;
  /** The body as sent. */
  readonly body: string;
}

/**
 * A small Proxmox VE API client, as an API user sees it (token auth, form bodies, TLS verified
 * against a given CA, the system's, or not at all when `insecure`): what the Packer stand-in, the
 * preflight and tests use.
 */
export class PveClient {
  private readonly ca: string | undefined;

  constructor(
    private readonly endpoint: string,
    private readonly apiToken: string,
    certFile?: string,
    private readonly insecure = false,
  ) {
    this.ca = certFile === undefined ? undefined : fs.readFileSync(certFile, "utf8");
  }

  /** Sends one call; parameters go into the query for GET/DELETE and into a form body otherwise. */
  call(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    params: Readonly<Record<string, string | number>> = {},
    authorization = `PVEAPIToken=${this.apiToken}`,
  ): Promise<ApiAnswer> {
    const form = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString();
    const inQuery = method === "GET" || method === "DELETE";
    const url = new URL(`api2/json${path}${inQuery && form ? `?${form}` : ""}`, this.endpoint);
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method,
          ca: this.ca,
          rejectUnauthorized: !this.insecure,
          timeout: 30_000,
          headers: {
            Authorization: authorization,
            ...(inQuery ? {} : { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(form) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: { data?: unknown; errors?: Record<string, string> };
            try {
              body = JSON.parse(text || "{}");
            } catch {
              body = {}; // not PVE's JSON (a proxy's error page): the status and reason say what happened
            }
            resolve({ status: response.statusCode ?? 0, reason: response.statusMessage ?? "", data: body.data ?? null, errors: body.errors, body: text });
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      request.on("error", reject);
      request.end(inQuery ? undefined : form);
    });
  }

  /** Sends a call that must succeed; its `data`. */
  async ok(method: "GET" | "POST" | "PUT" | "DELETE", path: string, params: Readonly<Record<string, string | number>> = {}): Promise<unknown> {
    const answer = await this.call(method, path, params);
    if (answer.status !== 200)
      throw new Error(`${method} ${path}: ${answer.status} ${answer.reason}${answer.errors ? ` ${JSON.stringify(answer.errors)}` : ""}`);
    return answer.data;
  }

  /** Polls a task until it stops (at most `timeoutMs`); its exit status (`OK` or the error). */
  async waitForTask(node: string, upid: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = (await this.ok("GET", `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`)) as { status: string; exitstatus?: string };
      if (status.status === "stopped") return status.exitstatus ?? "";
      if (Date.now() > deadline) throw new Error(`task ${upid} still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Starts a task-returning call and waits for it; throws unless it ends `OK`. */
  async task(node: string, method: "POST" | "PUT" | "DELETE", path: string, params: Readonly<Record<string, string | number>> = {}): Promise<void> {
    const upid = String(await this.ok(method, path, params));
    const exit = await this.waitForTask(node, upid);
    if (exit !== "OK") throw new Error(`${method} ${path}: task ended with ${exit}`);
  }
}
