/** A Packer/Terraform type constraint, parsed from its HCL text (e.g. `map(object({ vm_id = number }))`). */
export type HclType =
  | { kind: "string" | "number" | "bool" | "any" }
  | { kind: "list" | "set" | "map"; element: HclType }
  | { kind: "object"; attributes: Record<string, { type: HclType; optional: boolean }> };

/** Parses a type expression as @cdktf/hcl2json returns it (`${...}`, comments allowed). */
export function parseHclType(source: string): HclType {
  const text = source
    .replace(/^\$\{([\s\S]*)\}$/, "$1")
    .replace(/(#|\/\/)[^\n]*/g, "")
    .replace(/\n/g, ",") // a newline separates object attributes, like a comma
    .replace(/\s+/g, "")
    .replace(/,+/g, ",")
    .replace(/([({]),|,([)}])/g, "$1$2");
  let at = 0;
  const expect = (token: string) => {
    if (!text.startsWith(token, at)) throw new Error(`type '${text}': expected '${token}' at ${at}`);
    at += token.length;
  };
  const word = () => {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(at));
    if (!match) throw new Error(`type '${text}': expected a name at ${at}`);
    at += match[0].length;
    return match[0];
  };
  const parse = (): HclType => {
    const name = word();
    switch (name) {
      case "string":
      case "number":
      case "bool":
      case "any":
        return { kind: name };
      case "list":
      case "set":
      case "map": {
        expect("(");
        const element = parse();
        expect(")");
        return { kind: name, element };
      }
      case "object": {
        expect("({");
        const attributes: Record<string, { type: HclType; optional: boolean }> = {};
        while (!text.startsWith("})", at)) {
          const key = word();
          expect("=");
          const optional = text.startsWith("optional(", at);
          if (optional) expect("optional(");
          attributes[key] = { type: parse(), optional };
          if (optional) expect(")");
          if (text.startsWith(",", at)) at += 1;
        }
        expect("})");
        return { kind: "object", attributes };
      }
      default:
        throw new Error(`type '${text}': unsupported type '${name}'`);
    }
  };
  const type = parse();
  if (at !== text.length) throw new Error(`type '${text}': unexpected text at ${at}`);
  return type;
}

/** Why a JSON value does not fit a type, one line per problem (empty when it fits). `where` names the value. */
export function typeMismatches(type: HclType, value: unknown, where: string): string[] {
  switch (type.kind) {
    case "any":
      return [];
    case "string":
    case "number":
    case "bool": {
      const actual = typeof value === "boolean" ? "bool" : typeof value;
      return actual === type.kind ? [] : [`${where}: ${JSON.stringify(value)} is not a ${type.kind}`];
    }
    case "list":
    case "set":
      return Array.isArray(value) ? value.flatMap((item, index) => typeMismatches(type.element, item, `${where}[${index}]`)) : [`${where}: not a ${type.kind}`];
    case "map":
      return isObject(value)
        ? Object.entries(value).flatMap(([key, item]) => typeMismatches(type.element, item, `${where}["${key}"]`))
        : [`${where}: not a map`];
    case "object": {
      if (!isObject(value)) return [`${where}: not an object`];
      const missing = Object.entries(type.attributes)
        .filter(([key, attribute]) => !attribute.optional && !(key in value))
        .map(([key]) => `${where}.${key}: missing`);
      const extra = Object.keys(value)
        .filter((key) => !(key in type.attributes))
        .map((key) => `${where}.${key}: not an attribute of the declared object type`);
      const wrong = Object.entries(value).flatMap(([key, item]) =>
        key in type.attributes ? typeMismatches(type.attributes[key].type, item, `${where}.${key}`) : [],
      );
      return [...missing, ...extra, ...wrong];
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
