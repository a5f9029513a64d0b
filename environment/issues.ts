/** One problem with an environment: where it is and which rule it breaks. */
export interface ValidationIssue {
  /** The file (relative to the project, `/`-separated) or other source the value came from. */
  readonly file: string;
  /** Path inside the document, e.g. `machines[3].ip`; empty for the document itself. */
  readonly path: string;
  /** The rule that is broken, with the offending value where it helps. */
  readonly message: string;
  /** Line in the file (1-based), where the text is known. @default unknown */
  readonly line?: number;
  /** Column in that line (1-based, in characters). @default unknown */
  readonly column?: number;
}

/** Control and line-separator characters, which would break the one-line-per-issue output. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f\u2028\u2029]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Writes characters that would break the line as escapes (`\n`, `\u001b`): keys and values quoted in messages come from the user. */
function oneLine(text: string): string {
  return text.replace(LINE_BREAKING, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Formats one issue as the single line users see: `file: path: rule`, or `file:line:column: path: rule`
 * where the position is known (the form editors and terminals turn into a link).
 */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return oneLine(issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`);
}

/** Formats a document path such as `["machines", 3, "ip"]` as `machines[3].ip`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return text ? `${text}.${name}` : name;
  }, "");
}

/** How many issues a report prints; the rest are counted (a broken file can hold hundreds of thousands). */
export const MAX_REPORTED_ISSUES = 100;

/** The lines that report `issues`: the first {@link MAX_REPORTED_ISSUES}, one line each, then a line that counts the rest. */
export function reportLines(issues: readonly ValidationIssue[]): string[] {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).map(formatIssue);
  return issues.length > MAX_REPORTED_ISSUES ? [...shown, `... and ${issues.length - MAX_REPORTED_ISSUES} more`] : shown;
}

/** Thrown when one or more environments are invalid; carries every issue found in the run. */
export class EnvironmentValidationError extends Error {
  /** All issues, in a stable order. */
  public readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(reportLines(issues).join("\n"));
    this.name = "EnvironmentValidationError";
    this.issues = issues;
  }
}
