import type { MethodSchema, ParameterSchema, PropertyStringFormat } from "./api-schema";
import { namedFormat } from "./named-formats";
import { perlPattern } from "./perl-pattern";
import { parseBoolean, parsePropertyString } from "./property-string";

/** A checked parameter: numbers for `integer`/`number`, `0`/`1` for `boolean`, text otherwise, arrays for `array`. */
export type ParameterValue = string | number | readonly (string | number)[];

/** Request parameters as received: text, or several texts for a repeated key. */
export type RawParameters = Readonly<Record<string, string | readonly string[]>>;

/** The outcome of checking a request against its method's schema. */
export type ValidationResult =
  { readonly ok: true; readonly values: Readonly<Record<string, ParameterValue>> } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * Highest index of the `name[n]` parameters, as qemu-server and pve-container define them
 * (`net[n]`: net0..net31). A `[n]` parameter not listed takes any index.
 */
const INDEXED_PARAMETER_MAXIMUM: Readonly<Record<string, number>> = {
  ide: 3,
  sata: 5,
  scsi: 30,
  virtio: 15,
  net: 31,
  ipconfig: 31,
  serial: 3,
  parallel: 2,
  usb: 13,
  hostpci: 15,
  numa: 7,
  unused: 255,
  virtiofs: 9,
  mp: 255,
  dev: 255,
};

/** The schema of a parameter name: itself, or the `name[n]` entry it is an instance of. */
export function parameterSchemaOf(properties: Readonly<Record<string, ParameterSchema>>, name: string): ParameterSchema | undefined {
  if (Object.prototype.hasOwnProperty.call(properties, name)) return properties[name];
  const indexed = /^([a-z][a-z0-9_-]*?)(0|[1-9]\d*)$/i.exec(name);
  if (!indexed) return undefined;
  const schema = properties[`${indexed[1]}[n]`];
  const maximum = INDEXED_PARAMETER_MAXIMUM[indexed[1]];
  if (!schema || (maximum !== undefined && Number(indexed[2]) > maximum)) return undefined;
  return schema;
}

function numberOf(bound: number | string | undefined): number | undefined {
  if (bound === undefined) return undefined;
  const value = Number(bound);
  return Number.isFinite(value) ? value : undefined;
}

/** PVE::JSONSchema::check_type, then the checks of check_prop; the first failure's message. */
function checkValue(path: string, schema: ParameterSchema, text: string): { error?: string; value?: string | number } {
  let value: string | number = text;
  switch (schema.type) {
    case "integer":
      if (!/^[+-]?\d+$/.test(text)) return { error: `type check ('integer') failed - got '${text}'` };
      value = Number(text);
      break;
    case "number":
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { error: `type check ('number') failed - got '${text}'` };
      value = Number(text);
      break;
    case "boolean": {
      const parsed = parseBoolean(text);
      if (parsed === undefined) return { error: `type check ('boolean') failed - got '${text}'` };
      value = Number(parsed);
      break;
    }
    default:
      break;
  }
  if (typeof value === "number") {
    const minimum = numberOf(schema.minimum);
    const maximum = numberOf(schema.maximum);
    if (minimum !== undefined && value < minimum) return { error: `value must have a minimum value of ${minimum}` };
    if (maximum !== undefined && value > maximum) return { error: `value must have a maximum value of ${maximum}` };
  }
  if (schema.type === "string" || schema.type === undefined) {
    const formatError = checkFormat(path, schema.format, text);
    if (formatError) return { error: `invalid format - ${formatError}` };
    if (schema.pattern !== undefined && !perlPattern(schema.pattern).test(text)) return { error: "value does not match the regex pattern" };
    if (schema.maxLength !== undefined && text.length > schema.maxLength) return { error: `value may only be ${schema.maxLength} characters long` };
    if (schema.minLength !== undefined && text.length < schema.minLength) return { error: `value must be at least ${schema.minLength} characters long` };
  }
  if (schema.enum && !schema.enum.includes(text)) return { error: `value '${text}' does not have a value in the enumeration '${schema.enum.join(", ")}'` };
  return { value };
}

/** A format check's message (without PVE's `invalid format - ` prefix), or undefined when the value is fine. */
function checkFormat(path: string, format: ParameterSchema["format"], text: string): string | undefined {
  if (format === undefined) return undefined;
  if (typeof format === "string") {
    const named = namedFormat(format);
    if (!named) return undefined;
    if (named.kind === "check") return named.check(text);
    return checkPropertyString(path, named.format, text);
  }
  return checkPropertyString(path, format, text);
}

/** A property string parsed and each key checked; PVE's `format error` message listing `path.key: message` lines. */
function checkPropertyString(path: string, format: PropertyStringFormat, text: string): string | undefined {
  const parsed = parsePropertyString(format, text);
  if (!parsed.ok) return parsed.error;
  const errors: string[] = [];
  for (const [key, schema] of Object.entries(format)) {
    if (schema.alias) continue;
    const value = parsed.values[key];
    if (value === undefined) {
      if (!schema.optional) errors.push(`${path}.${key}: property is missing and it is not optional`);
      continue;
    }
    const { error } = checkValue(`${path}.${key}`, schema, value);
    if (error) errors.push(`${path}.${key}: ${error}`);
  }
  return errors.length > 0 ? `format error\n${errors.join("\n")}` : undefined;
}

/**
 * Checks request parameters (path, query and body together) against a method's schema the way
 * Proxmox VE's API handler does before it runs: every parameter must be defined (the schema's
 * `additionalProperties: 0`), required ones present, each of its type, range, enumeration,
 * pattern, length and format (property strings key by key). Errors are per parameter, with PVE's
 * messages, so that a 400 answer reads like the real one.
 */
export function validateParameters(method: MethodSchema, params: RawParameters): ValidationResult {
  const properties = method.parameters?.properties ?? {};
  const allowsAdditional = method.parameters?.additionalProperties === 1;
  const errors: Record<string, string> = {};
  const values: Record<string, ParameterValue> = {};
  for (const [name, raw] of Object.entries(params)) {
    const schema = parameterSchemaOf(properties, name);
    if (!schema) {
      if (!allowsAdditional) errors[name] = "property is not defined in schema and the schema does not allow additional properties";
      continue;
    }
    const texts = typeof raw === "string" ? [raw] : raw;
    if (schema.type === "array") {
      const items: (string | number)[] = [];
      for (const text of texts) {
        const { error, value } = checkValue(name, schema.items ?? { type: "string" }, text);
        if (error) {
          errors[name] = error;
          break;
        }
        items.push(value as string | number);
      }
      values[name] = items;
      continue;
    }
    if (texts.length !== 1) {
      errors[name] = "property may be given only once";
      continue;
    }
    const { error, value } = checkValue(name, schema, texts[0]);
    if (error) errors[name] = error;
    else values[name] = value as string | number;
  }
  for (const [name, schema] of Object.entries(properties)) {
    if (schema.optional || name.endsWith("[n]") || params[name] !== undefined) continue;
    errors[name] = "property is missing and it is not optional";
  }
  for (const name of Object.keys(values)) {
    const requires = parameterSchemaOf(properties, name)?.requires;
    if (requires && values[requires] === undefined && errors[requires] === undefined) errors[requires] = `property is missing and it is required by '${name}'`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
