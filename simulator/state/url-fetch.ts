import * as http from "http";
import * as https from "https";

/**
 * Where the simulator really fetches a URL from: the harness maps every image URL (e.g.
 * `https://cloud.debian.org/...`) to its loopback image server; undefined refuses the URL, so the
 * simulator never leaves the machine.
 */
export type UrlResolver = (url: string) => URL | undefined;

/** A fetched response: status, headers and (for GET) the body. */
export interface Fetched {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Error text PVE's LWP user agent would report for a URL it cannot fetch. */
export class FetchError extends Error {}

/** GETs (or HEADs) `url` through the resolver; bounded by `timeoutMs`. */
export function fetchUrl(url: string, resolve: UrlResolver, method: "GET" | "HEAD", timeoutMs = 30_000): Promise<Fetched> {
  const target = resolve(url);
  if (!target) return Promise.reject(new FetchError(`500 Can't connect to ${safeHost(url)} (the simulator fetches only from its loopback image server)`));
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolvePromise, reject) => {
    const request = client.request(target, { method, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new FetchError("500 read timeout")));
    request.on("error", (error) => reject(error instanceof FetchError ? error : new FetchError(`500 Can't connect to ${target.host} (${error.message})`)));
    request.end();
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
