/** Where a character of a text is, as people count: line and column, both from 1. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The line and column of the character at `index` (a UTF-16 index into `text`, as JavaScript and the `yaml` parser count). */
export function positionAt(text: string, index: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}
