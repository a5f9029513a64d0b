import type { ValidationIssue } from "../issues";
import { formatPath } from "../issues";
import type { TextPosition } from "./text-position";

/** A source of issues: a file name (or label) and, when it parsed, its document. */
export interface IssueSource {
  /** The `file` its issues carry. */
  readonly file: string;
  /** The parsed document, for ordering issues as its keys appear. @default unordered (issue order kept) */
  readonly document?: unknown;
}

/** The position of every path of a document in reading order (pre-order, keys as written). */
function readingOrder(document: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const seen = new Set<object>();
  const visit = (value: unknown, path: PropertyKey[]): void => {
    order.set(formatPath(path), order.size);
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    const entries: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, item] of entries) visit(item, [...path, key]);
  };
  visit(document, []);
  return order;
}

/** The path one level up (`machines[3].ip` -> `machines[3]` -> `machines` -> the document `""`); undefined above the document. */
function parentOf(path: string): string | undefined {
  if (path === "") return undefined;
  return path.slice(0, Math.max(0, path.lastIndexOf("."), path.lastIndexOf("[")));
}

/** The entry for `path` in `map`, or for its closest parent that has one (a missing key is where its mapping is); `exact` tells which. */
function closest<T>(map: ReadonlyMap<string, T>, path: string): { readonly value: T; readonly exact: boolean } | undefined {
  for (let at: string | undefined = path; at !== undefined; at = parentOf(at)) {
    const value = map.get(at);
    if (value !== undefined) return { value, exact: at === path };
  }
  return undefined;
}

/** Where `path` reads in the document; a path that is not there (a missing key) sorts right after its closest parent. */
function position(order: ReadonlyMap<string, number>, path: string): number {
  const found = closest(order, path);
  return found === undefined ? -1 : found.value + (found.exact ? 0 : 0.5);
}

/** The issue with the line and column where its path (or its closest parent) is written, unless it has a position already. */
export function locateIssue(issue: ValidationIssue, positions: ReadonlyMap<string, TextPosition> | undefined): ValidationIssue {
  if (issue.line !== undefined || positions === undefined) return issue;
  const found = closest(positions, issue.path);
  return found ? { ...issue, line: found.value.line, column: found.value.column } : issue;
}

/**
 * Sorts issues by source (in the order given; unknown sources last, by name), then by where
 * their path reads in the source's document. Issues at the same place keep their order.
 */
export function sortIssues(issues: readonly ValidationIssue[], sources: readonly IssueSource[]): ValidationIssue[] {
  const sourceRank = new Map(sources.map((source, index) => [source.file, index]));
  const orders = new Map(sources.map((source) => [source.file, readingOrder(source.document)]));
  const keyed = issues.map((issue, index) => ({
    issue,
    index,
    source: sourceRank.get(issue.file) ?? sources.length,
    at: position(orders.get(issue.file) ?? new Map(), issue.path),
  }));
  keyed.sort((a, b) => a.source - b.source || (a.source === sources.length ? a.issue.file.localeCompare(b.issue.file) : 0) || a.at - b.at || a.index - b.index);
  return keyed.map(({ issue }) => issue);
}
