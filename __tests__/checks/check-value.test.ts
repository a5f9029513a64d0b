import { checkValue, type CtyType } from "../../checks/provider-schema";

/** `[path, message]` of every problem `checkValue` reports for `value` against `type`. */
function problemsOf(value: unknown, type: CtyType): [string, string][] {
  const found: [string, string][] = [];
  checkValue(value, type, "attr", (_severity, path, message) => found.push([path, message]));
  return found;
}

const OBJECT_TYPE: CtyType = ["object", { name: "string", size: "number" }, ["size"]];

describe("checkValue accepts what Terraform converts", () => {
  test.each<[string, CtyType, unknown]>([
    ["a string", "string", "x"],
    ["a number as a string", "string", 3],
    ["a bool as a string", "string", false],
    ["a number", "number", 1.5],
    ["a numeric string as a number", "number", "-2.5e3"],
    ["a bool", "bool", true],
    ["a bool string as a bool", "bool", "false"],
    ["null for any type", ["list", "string"], null],
    ["anything for dynamic", "dynamic", { any: ["thing"] }],
    ["an expression for a number", "number", "${var.size}"],
    ["an expression for a list", ["list", "number"], "${var.sizes}"],
    ["an expression for an object", OBJECT_TYPE, "${local.disk}"],
    ["a template directive for a number", "number", "%{ if var.big }8%{ else }2%{ endif }"],
    ["a list with converted elements", ["list", "number"], [1, "2", "${var.three}"]],
    ["a set with repeated elements", ["set", "string"], ["a", "a"]],
    ["a map, comments left out", ["map", "number"], { "//": "comment", a: 1, b: "2" }],
    ["a tuple of the right length", ["tuple", ["string", "number"]], ["a", 1]],
    ["an object without its optional attribute", OBJECT_TYPE, { name: "x" }],
    ["an object with every attribute", OBJECT_TYPE, { name: "x", size: 2 }],
  ])("%s", (_name, type, value) => {
    expect(problemsOf(value, type)).toEqual([]);
  });
});

describe("checkValue rejects what Terraform cannot convert", () => {
  test.each<[string, CtyType, unknown, string, string]>([
    ["an object for a string", "string", {}, "attr", "string required, got a mapping"],
    ["an array for a string", "string", ["a"], "attr", "string required, got a list of 1 item"],
    ["a bool for a number", "number", true, "attr", "number required, got true"],
    ["a hex string for a number", "number", "0x10", "attr", 'number required, got "0x10"'],
    ["an empty string for a number", "number", "", "attr", 'number required, got ""'],
    ["an escaped template for a number", "number", "$${literal}", "attr", 'number required, got "$${literal}"'],
    ["a number for a bool", "bool", 0, "attr", "bool required, got 0"],
    ["a word for a bool", "bool", "yes", "attr", 'bool required, got "yes"'],
    ["a wrong list element", ["list", "number"], [1, "x"], "attr[1]", 'number required, got "x"'],
    ["an object for a set", ["set", "string"], { a: "b" }, "attr", "set of string required, got a mapping"],
    ["an array for a map", ["map", "number"], [1], "attr", "map of number required, got a list of 1 item"],
    ["a wrong map element", ["map", "number"], { a: "x" }, 'attr["a"]', 'number required, got "x"'],
    ["a short tuple", ["tuple", ["string", "number"]], ["a"], "attr", "tuple of 2 elements required, got a list of 1 item"],
    ["a wrong tuple element", ["tuple", ["string", "number"]], ["a", "b"], "attr[1]", 'number required, got "b"'],
    ["an object missing a required attribute", OBJECT_TYPE, { size: 1 }, "attr", 'attribute "name" is required'],
    [
      "an object with an unknown attribute",
      OBJECT_TYPE,
      { name: "x", sise: 1 },
      "attr.sise",
      'unknown attribute "sise" in object value (did you mean "size"?)',
    ],
    ["a wrong object attribute", OBJECT_TYPE, { name: "x", size: [] }, "attr.size", "number required, got a list of 0 items"],
    ["a string for an object", OBJECT_TYPE, "x", "attr", 'object required, got "x"'],
  ])("%s", (_name, type, value, path, message) => {
    expect(problemsOf(value, type)).toEqual([[path, expect.stringContaining(message)]]);
  });
});
