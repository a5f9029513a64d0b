/** Describing cty types in messages. */
import type { CtyType } from "./schema-types";

/** Terraform's friendly name of a type: `string`, `list of string`, `map of number`, `object`, `tuple of 2 elements`. */
export function describeType(type: CtyType): string {
  if (typeof type === "string") return type === "dynamic" ? "any value" : type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${describeType(type[1])}`;
    case "object":
      return "object";
    case "tuple":
      return `tuple of ${type[1].length} elements`;
  }
}
