/** Helpers for reading untrusted, parsed JSON. */

/** A parsed JSON object (not an array, not null). */
export type JsonObject = { readonly [key: string]: unknown };

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `record[key]` if `record` has `key` as its own property (so `"constructor"` never hits the prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Terraform JSON lets most places take one object or an array of them: this gives the array. */
export function asItems(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Keys starting with `//` are comments in Terraform JSON (cdktf writes its metadata under `//`). */
function isCommentKey(key: string): boolean {
  return key.startsWith("//");
}

/** The entries of a JSON object, comments left out. */
export function entriesOf(value: JsonObject): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(value)) if (!isCommentKey(key)) entries.push([key, value[key]]);
  return entries;
}

/** Terraform's quote mark, for the shared wording helpers (`describeValue`, `didYouMean` of environment/). */
export const QUOTE = '"';
