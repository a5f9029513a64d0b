import type { SeedToken } from "../seed";
import type { Cluster } from "../state/cluster";
import type { HttpMethod } from "../schema/api-schema";
import type { ParameterValue, RawParameters } from "../schema/validate";
import type { TaskContext } from "../state/qemu-lifecycle";

/** What a handler gets: the checked parameters, the raw ones, who asks, and the cluster. */
export interface HandlerRequest {
  /** Path, query and body parameters after schema validation (typed). */
  readonly params: Readonly<Record<string, ParameterValue>>;
  /** The same parameters as received (text). */
  readonly raw: RawParameters;
  /** The authenticated user and any fault to inject into the task the call starts. */
  readonly task: TaskContext;
  /** The API token the call came with. */
  readonly token: SeedToken;
  readonly cluster: Cluster;
}

/** A handler answers with the response's `data`, or throws an ApiError. */
export type Handler = (request: HandlerRequest) => unknown | Promise<unknown>;

/** The handlers the simulator implements, by method and schema path template. */
export class HandlerTable {
  private readonly handlers = new Map<string, Handler>();

  /** Registers a handler; the template must be one of the API schema's paths. */
  on(method: HttpMethod, template: string, handler: Handler): this {
    this.handlers.set(`${method} ${template}`, handler);
    return this;
  }

  /** The handler of a method and template, if implemented. */
  get(method: HttpMethod, template: string): Handler | undefined {
    return this.handlers.get(`${method} ${template}`);
  }

  /** Every implemented `METHOD template`, sorted. */
  implemented(): string[] {
    return [...this.handlers.keys()].sort();
  }
}

/** Helpers for typed parameters. */
export const param = {
  string: (request: HandlerRequest, name: string): string => String(request.params[name]),
  optionalString: (request: HandlerRequest, name: string): string | undefined =>
    request.params[name] === undefined ? undefined : String(request.params[name]),
  number: (request: HandlerRequest, name: string): number => Number(request.params[name]),
  flag: (request: HandlerRequest, name: string): boolean | undefined => (request.params[name] === undefined ? undefined : Number(request.params[name]) === 1),
};

/** The config keys of a request (every parameter not in `nonConfig`), as text: integers and booleans normalised (`true` -> `1`). */
export function configChanges(request: HandlerRequest, nonConfig: ReadonlySet<string>): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.params)) {
    if (nonConfig.has(key)) continue;
    changes[key] = typeof value === "number" ? String(value) : String(request.raw[key]);
  }
  return changes;
}
