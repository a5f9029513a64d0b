import type { ValidationIssue } from "../issues";
import { positionAt } from "./text-position";

const UTF8 = new TextDecoder("utf-8", { fatal: true });
/** Keeps a byte order mark as a character, so that character and byte offsets stay aligned. */
const UTF8_LENIENT = new TextDecoder("utf-8", { ignoreBOM: true });

/** U+FFFD, what a lenient decoder puts where the bytes are not UTF-8. */
const REPLACEMENT = "\ufffd";
/** U+FFFD itself, as UTF-8 bytes (a file may hold it legitimately). */
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, "utf8");

/**
 * Characters an environment file may not hold anywhere (keys, values, comments): C0 controls but
 * tab, line feed and carriage return; DEL and the C1 controls; line and paragraph separators;
 * the bidirectional overrides and isolates ("Trojan source" text that reads differently than it
 * runs); a byte order mark past the start; and UTF-16 surrogates without their pair.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `U+001B` for a character. */
function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The index (into the leniently decoded text) of the first character that came from bytes that are not UTF-8. */
function firstInvalidIndex(bytes: Uint8Array, lenient: string): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (let index = 0; index < lenient.length; index++) {
    const char = lenient[index];
    if (char === REPLACEMENT && !buffer.subarray(offset, offset + REPLACEMENT_BYTES.length).equals(REPLACEMENT_BYTES)) return index;
    const pair = char >= "\ud800" && char <= "\udbff" ? lenient.slice(index, index + 2) : char;
    offset += Buffer.byteLength(pair, "utf8");
    index += pair.length - 1;
  }
  return lenient.length;
}

/**
 * The text of an environment file's bytes: UTF-8 (a leading byte order mark is dropped) holding no
 * {@link FORBIDDEN} character, or the one issue that names the line and column of the first
 * problem. Nothing of the text is echoed but the code point.
 */
export function decodeEnvironmentText(file: string, bytes: Uint8Array): { readonly text: string } | { readonly issue: ValidationIssue } {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    const lenient = UTF8_LENIENT.decode(bytes);
    const index = firstInvalidIndex(bytes, lenient);
    const bom = lenient.startsWith("\ufeff") ? 1 : 0;
    const position = positionAt(lenient.slice(bom), index - bom);
    return { issue: { file, path: "", ...position, message: "is not valid UTF-8: environment files are UTF-8 text" } };
  }
  return checkEnvironmentText(file, text);
}

/** The text itself (a BOM at its start dropped) if it holds no {@link FORBIDDEN} character, else the issue naming where the first one is. */
export function checkEnvironmentText(file: string, text: string): { readonly text: string } | { readonly issue: ValidationIssue } {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const found = FORBIDDEN.exec(body);
  if (!found) return { text: body };
  const what =
    found[0] >= "\ud800" && found[0] <= "\udfff" ? `an unpaired UTF-16 surrogate (${codePoint(found[0])})` : `control character ${codePoint(found[0])}`;
  return { issue: { file, path: "", ...positionAt(body, found.index), message: `holds ${what}: environment files are plain text` } };
}
