import type { ValidationIssue } from "../issues";
import type { EnvironmentModel } from "../model";
import type { EnvironmentSpec } from "../schema";

/** One environment document that passed the schema. */
export interface CheckedDocument {
  /** The file (or label) its issues name. */
  readonly file: string;
  /** The validated spec. */
  readonly spec: EnvironmentSpec;
}

/**
 * A rule family over every environment document loaded together (they may share one Proxmox
 * cluster), checked on the documents as written. Documents come in file order; a rule reports a
 * clash on the later of the two places.
 */
export type DocumentRule = (documents: readonly CheckedDocument[]) => ValidationIssue[];

/** A rule family over the resolved models of every environment loaded together (what needs personas, sizes and allocated VMIDs). */
export type ModelRule = (models: readonly EnvironmentModel[]) => ValidationIssue[];

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
