import type { HttpMethod } from "./schema/api-schema";

/** One API call as the simulator saw it (never the Authorization header). */
export interface LoggedRequest {
  /** Position in the log, from 1. */
  readonly seq: number;
  readonly method: HttpMethod | string;
  /** Path below `/api2/json`, decoded, without the query or a trailing slash: `/nodes/pve1/qemu/2000/config`. */
  readonly path: string;
  /** The API schema's template it matched, e.g. `/nodes/{node}/qemu/{vmid}/config`; undefined for unknown paths. */
  readonly template?: string;
  /** Query and body parameters as sent (path parameters excluded). */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  /** The HTTP status answered. */
  status: number;
  /** The error message answered, if any. */
  error?: string;
  /** Per-parameter errors of a 400. */
  errors?: Readonly<Record<string, string>>;
  /** Milliseconds since the simulator started. */
  readonly at: number;
}

/** Every call, in arrival order. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private readonly started = Date.now();

  /** Appends a call; returns its entry so the status can be filled in when answered. */
  add(entry: Omit<LoggedRequest, "seq" | "at" | "status">): LoggedRequest {
    const logged: LoggedRequest = { ...entry, seq: this.entries.length + 1, at: Date.now() - this.started, status: 0 };
    this.entries.push(logged);
    return logged;
  }

  /** All calls so far (a copy). */
  all(): LoggedRequest[] {
    return [...this.entries];
  }

  /** Calls after a mark (from {@link mark}). */
  since(mark: number): LoggedRequest[] {
    return this.entries.slice(mark);
  }

  /** The current length, to take the calls of one step later with {@link since}. */
  mark(): number {
    return this.entries.length;
  }
}
