import type { ApiAnswer } from "../simulator/client";
import { PveClient } from "../simulator/client";

/** What the preflight may do with a Proxmox VE API: read. Nothing it sends can change the cluster. */
export interface ReadOnlyApi {
  /** `GET <path>` with query parameters; the answer whatever its status (a connection failure throws). */
  get(path: string, params?: Readonly<Record<string, string | number>>): Promise<ApiAnswer>;
}

/** Where and how to reach the API. */
export interface ApiConnection {
  /** `https://host:8006/`. */
  readonly endpoint: string;
  /** `user@realm!name=secret`. */
  readonly apiToken: string;
  /** A PEM file of the CA that signed the API's certificate. @default the system's CAs */
  readonly certFile?: string;
  /** Accept any certificate (`proxmox.insecure`). @default false */
  readonly insecure?: boolean;
}

/** A read-only API over token auth. */
export function readOnlyApi(connection: ApiConnection): ReadOnlyApi {
  const client = new PveClient(connection.endpoint, connection.apiToken, connection.certFile, connection.insecure ?? false);
  return { get: (path, params) => client.call("GET", path, params) };
}
