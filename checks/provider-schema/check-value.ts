/**
 * Whether an attribute value given in Terraform JSON converts to the attribute's cty type, following
 * Terraform's conversion rules: a number or bool is accepted where a string is expected, a numeric
 * string where a number is expected, `"true"`/`"false"` where a bool is expected, an array where a
 * list, set or tuple is expected and an object where a map or object is expected. `null` means "not
 * set", and a template expression (`${…}`) may stand for a value of any type.
 */
import { describeValue } from "../../environment/describe-value";
import { didYouMean } from "../../environment/did-you-mean";
import { childPath, indexPath, keyPath } from "./attribute-path";
import { describeType } from "./cty-type";
import { isTemplateExpression } from "./expression";
import { entriesOf, isJsonObject, type JsonObject, ownValue, QUOTE } from "./json-value";
import type { Reporter } from "./problem";
import type { CtyPrimitiveType, CtyType } from "./schema-types";

/** A decimal number as cty parses it from a string (no hex, no surrounding blanks). */
const NUMERIC_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BOOL_STRINGS: ReadonlySet<string> = new Set(["true", "false", "1", "0"]);

function convertsTo(value: unknown, type: Exclude<CtyPrimitiveType, "dynamic">): boolean {
  switch (type) {
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "number":
      return typeof value === "number" || (typeof value === "string" && NUMERIC_STRING.test(value));
    case "bool":
      return typeof value === "boolean" || (typeof value === "string" && BOOL_STRINGS.has(value));
  }
}

function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

function checkObject(
  value: JsonObject,
  attributeTypes: Readonly<Record<string, CtyType>>,
  optional: ReadonlySet<string>,
  path: string,
  report: Reporter,
): void {
  const missing: string[] = [];
  for (const [name, type] of Object.entries(attributeTypes)) {
    const attributeValue = ownValue(value, name);
    if (attributeValue !== undefined) checkValue(attributeValue, type, childPath(path, name), report);
    else if (!optional.has(name)) missing.push(name);
  }
  for (const [key] of entriesOf(value)) {
    if (ownValue(attributeTypes, key) === undefined) {
      const suggestion = didYouMean(key, Object.keys(attributeTypes), QUOTE);
      report("error", childPath(path, key), `unknown attribute "${key}" in object value${suggestion}; Terraform would drop it`);
    }
  }
  if (missing.length > 0) {
    const verb = missing.length === 1 ? "attribute" : "attributes";
    const be = missing.length === 1 ? "is" : "are";
    report("error", path, `${verb} ${quotedList(missing)} ${be} required: an object value must give every attribute (null for unset ones)`);
  }
}

function reportMismatch(value: unknown, type: CtyType, path: string, report: Reporter): void {
  report("error", path, `${describeType(type)} required, got ${describeValue(value, QUOTE)}`);
}

/** Reports (at `path`) every place where `value` does not convert to `type`. */
export function checkValue(value: unknown, type: CtyType, path: string, report: Reporter): void {
  if (value === null || type === "dynamic" || isTemplateExpression(value)) return;
  if (typeof type === "string") {
    if (!convertsTo(value, type)) reportMismatch(value, type, path, report);
    return;
  }
  switch (type[0]) {
    case "list":
    case "set":
      if (!Array.isArray(value)) return reportMismatch(value, type, path, report);
      for (let index = 0; index < value.length; index++) {
        checkValue(value[index], type[1], indexPath(path, index), report);
      }
      return;
    case "map":
      if (!isJsonObject(value)) return reportMismatch(value, type, path, report);
      for (const [key, element] of entriesOf(value)) checkValue(element, type[1], keyPath(path, key), report);
      return;
    case "tuple":
      if (!Array.isArray(value) || value.length !== type[1].length) return reportMismatch(value, type, path, report);
      for (let index = 0; index < value.length; index++) {
        checkValue(value[index], type[1][index], indexPath(path, index), report);
      }
      return;
    case "object":
      if (!isJsonObject(value)) return reportMismatch(value, type, path, report);
      return checkObject(value, type[1], new Set(type[2]), path, report);
  }
}
