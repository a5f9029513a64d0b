/** The longest string quoted whole in a message; longer ones are cut. */
const MAX_SHOWN = 40;

/**
 * A short description of a value found where another was expected, for messages: `'abc'`, `3`,
 * `true`, `a list of 2 items`, `a mapping`, `an empty value`. `quote` is the quote mark of the
 * messages it joins (`'` in environment issues, `"` in Terraform's wording).
 */
export function describeValue(value: unknown, quote = "'"): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (value instanceof Date) return "a date (quote it to make it a string)";
  switch (typeof value) {
    case "string":
      return `${quote}${value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 3)}...` : value}${quote}`;
    case "number":
      return Number.isFinite(value) ? `${value}` : `${value} (not a finite number)`;
    case "object":
      return "a mapping";
    default:
      return String(value);
  }
}
