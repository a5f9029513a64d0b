import type { z } from "zod";
import { describeValue } from "./describe-value";
import { didYouMean } from "./did-you-mean";

/** How a schema type reads in a sentence ("must be a list"). */
const EXPECTED: Readonly<Record<string, string>> = {
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

/** The allowed values of an enum or discriminator, with a hint when the given one is a near miss. */
function oneOf(values: readonly unknown[], given: unknown): string {
  const names = values.map(String);
  return `must be one of ${names.join(", ")}${typeof given === "string" ? didYouMean(given, names) : ""}`;
}

/** A size bound as a sentence: strings count characters, arrays count items. */
function bound(issue: { origin: string; inclusive?: boolean }, limit: unknown, direction: "least" | "most"): string {
  const value = Number(limit);
  if (issue.origin === "string") return value === 1 && direction === "least" ? "must not be empty" : `must have at ${direction} ${value} characters`;
  if (issue.origin === "array" || issue.origin === "set") return `must hold at ${direction} ${value} item${value === 1 ? "" : "s"}`;
  if (issue.inclusive === false) return `must be ${direction === "least" ? "greater" : "less"} than ${value}`;
  return `must be at ${direction} ${value}`;
}

/**
 * The wording of schema problems in environment files: a rule a person can act on, with the
 * value found. Passed to zod per parse, so messages set on a schema itself still win.
 */
export const schemaIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`;
    case "too_small":
      return bound(issue, issue.minimum, "least");
    case "too_big":
      return bound(issue, issue.maximum, "most");
    case "invalid_value":
      return oneOf(issue.values, issue.input);
    case "invalid_union": {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      if (discriminator === undefined || options === undefined) return "matches none of the allowed forms";
      const input = issue.input;
      const given = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[discriminator] : undefined;
      return given === undefined ? `needs ${discriminator}: one of ${options.join(", ")}` : oneOf(options, given);
    }
    case "invalid_key":
      return `key ${describeValue(issue.input)} ${issue.issues.map((inner) => inner.message).join("; ")}`;
    case "invalid_format":
      return `must be a valid ${issue.format}, not ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
};
