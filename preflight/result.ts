/** The outcome of one preflight check: one line, `ok` or `FAIL` with the exact fix. */
export interface CheckResult {
  readonly ok: boolean;
  /** What was checked, e.g. `node pve2`. */
  readonly subject: string;
  /** What was found. */
  readonly detail: string;
  /** How to fix a failure: a command or the line of the environment file to change. */
  readonly fix?: string;
}

export const ok = (subject: string, detail: string): CheckResult => ({ ok: true, subject, detail });
export const fail = (subject: string, detail: string, fix: string): CheckResult => ({ ok: false, subject, detail, fix });

/** A result as the line the user sees: `ok   <subject>: <detail>` or `FAIL <subject>: <detail>. Fix: <fix>`. */
export function formatResult(result: CheckResult): string {
  return result.ok ? `ok   ${result.subject}: ${result.detail}` : `FAIL ${result.subject}: ${result.detail}. Fix: ${result.fix}`;
}
