import type { EnvironmentModel } from "../environment-model";
import { ValidationIssue } from "../validation-issue";

/**
 * A rule family checked across every environment loaded together (they may share one Proxmox
 * cluster). Environments come in file order; a rule reports a clash on the later of the two places.
 */
export type FleetRule = (fleet: readonly EnvironmentModel[]) => ValidationIssue[];

/** A place in an environment document. */
export interface Location {
  /** The environment file. */
  readonly file: string;
  /** The path inside it. */
  readonly path: string;
}

/** How an issue in `file` refers to another place: `(machines[0].ip)`, or with its file when that differs. */
export function referTo(file: string, other: Location): string {
  return other.file === file ? `(${other.path})` : `(${other.file}: ${other.path})`;
}
