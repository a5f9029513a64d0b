import type { HttpMethod } from "./schema/api-schema";

/** What an injected fault does to a matching call. */
export type FaultEffect =
  /** Answer with this HTTP status (e.g. 500) and message instead of running the call. */
  | { readonly kind: "http"; readonly status: number; readonly message: string }
  /** Hold the request for `ms`, then drop the connection without an answer. */
  | { readonly kind: "hang"; readonly ms: number }
  /** Run the call, but the task it starts ends in this error (the call's own effects are undone, as PVE does). */
  | { readonly kind: "task-error"; readonly message: string };

/** A fault for the next `times` calls that match. */
export interface Fault {
  readonly method: HttpMethod;
  /** The API schema's path template (`/nodes/{node}/qemu/{vmid}/clone`) or a concrete path (`/nodes/pve1/qemu/2901/clone`). */
  readonly path: string;
  readonly effect: FaultEffect;
  /** How many matching calls it hits. @default 1 */
  readonly times?: number;
}

interface ArmedFault {
  readonly fault: Fault;
  remaining: number;
}

/** Faults armed by tests; each matching call uses one up. */
export class FaultPlan {
  private readonly armed: ArmedFault[] = [];

  /** Arms a fault. */
  add(fault: Fault): void {
    this.armed.push({ fault, remaining: fault.times ?? 1 });
  }

  /** The effect for a call, using one hit of the first armed fault that matches it. */
  take(method: HttpMethod, template: string, path: string): FaultEffect | undefined {
    const hit = this.armed.find(({ fault, remaining }) => remaining > 0 && fault.method === method && (fault.path === template || fault.path === path));
    if (!hit) return undefined;
    hit.remaining -= 1;
    return hit.fault.effect;
  }

  /** How many hits are left over all faults (a test can check its faults fired). */
  remaining(): number {
    return this.armed.reduce((sum, { remaining }) => sum + remaining, 0);
  }

  /** Disarms everything. */
  clear(): void {
    this.armed.length = 0;
  }
}
