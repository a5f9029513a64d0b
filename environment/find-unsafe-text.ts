import type { ValidationIssue } from "./issues";
import { formatPath } from "./issues";
import { walkDocument } from "./walk-document";

/** cdktf's token markers (`${TfToken[`, `#{TfToken[`, `&{TfToken[`): cdktf replaces such text wherever it finds it, so it cannot pass as text. */
const TOKEN_MARKER = "{TfToken[";

/**
 * Characters no value may hold: C0 and C1 controls, DEL, line and paragraph separators and the
 * bidirectional controls. Values are single-line (an ssh key with a line break is two keys to
 * cloud-init), except a free-text `description`, which may hold line breaks and tabs.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Keys whose string value is free text, by their path's last key. */
const FREE_TEXT_KEYS = new Set(["description"]);

/** `U+000A`. */
function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Every string of a document (keys and values, at any depth) that cannot be written literally:
 * one with a control character (named by its code point, nothing else echoed), or with cdktf's
 * token marker. Objects reachable twice (YAML aliases) are looked at once.
 */
export function findUnsafeText(file: string, document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (text: string, path: readonly PropertyKey[], what: string, freeText: boolean): void => {
    const control = (freeText ? CONTROL_BUT_LINES : CONTROL).exec(text);
    if (control)
      issues.push({ file, path: formatPath(path), message: `${what} holds control character ${codePoint(control[0])}: values are one line of plain text` });
    else if (text.includes(TOKEN_MARKER))
      issues.push({
        file,
        path: formatPath(path),
        message: `${what} holds '${TOKEN_MARKER}', cdktf's token marker, which cannot pass through synthesis as text`,
      });
  };
  walkDocument(document, {
    value: (text, path) => {
      const last = path[path.length - 1];
      check(text, path, "the value", typeof last === "string" && FREE_TEXT_KEYS.has(last));
    },
    key: (key, path) => check(key, path, "the key", false),
  });
  return issues;
}
