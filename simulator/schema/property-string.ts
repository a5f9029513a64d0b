import type { ParameterSchema, PropertyStringFormat } from "./api-schema";

/** The keys of a parsed property string, values as text (booleans normalised to `1`/`0`). */
export type PropertyValues = Record<string, string>;

/** What a property string parse gives: the values, or the message Proxmox VE dies with. */
export type ParsedPropertyString = { readonly ok: true; readonly values: PropertyValues } | { readonly ok: false; readonly error: string };

/** `1`/`0` for PVE's boolean spellings (`1|true|yes|on`, `0|false|no|off`), else undefined. */
export function parseBoolean(text: string): "1" | "0" | undefined {
  if (/^(1|true|yes|on)$/i.test(text)) return "1";
  if (/^(0|false|no|off)$/i.test(text)) return "0";
  return undefined;
}

/** The key that a value without `key=` belongs to. */
export function defaultKeyOf(format: PropertyStringFormat): string | undefined {
  return Object.keys(format).find((key) => format[key].default_key);
}

/**
 * Splits a property string the way PVE::JSONSchema::parse_property_string does: comma-separated
 * `key=value` parts, one bare value for the `default_key`, aliases resolved (with `keyAlias`: the
 * key name becomes the value of another key, as `virtio=<mac>` means `model=virtio,macaddr=<mac>`).
 * Checking the values against their schemas is the validator's job.
 */
export function parsePropertyString(format: PropertyStringFormat, text: string): ParsedPropertyString {
  const values: PropertyValues = {};
  const defaultKey = defaultKeyOf(format);
  let defaultTaken = false;
  for (const part of text.split(",")) {
    if (/^\s*$/.test(part)) continue;
    const pair = /^([^=]+)=(.+)$/.exec(part);
    if (pair) {
      let [, key] = pair;
      let value = pair[2];
      if (values[key] !== undefined) return { ok: false, error: `duplicate key in comma-separated list property: ${key}` };
      let schema: ParameterSchema | undefined = format[key];
      if (schema?.alias) {
        if (schema.keyAlias) {
          if (values[schema.keyAlias] !== undefined) return { ok: false, error: `key alias '${schema.keyAlias}' is already defined` };
          values[schema.keyAlias] = key;
        }
        key = schema.alias;
        schema = format[key];
      }
      if (!schema) return { ok: false, error: `invalid key in comma-separated list property: ${key}` };
      if (schema.type === "boolean") value = parseBoolean(value) ?? value;
      values[key] = value;
    } else if (!part.includes("=")) {
      if (defaultTaken || !defaultKey) {
        return {
          ok: false,
          error: defaultKey ? `duplicate key in comma-separated list property: ${defaultKey}` : "value without key, but schema does not define a default key",
        };
      }
      if (values[defaultKey] !== undefined) return { ok: false, error: `duplicate key in comma-separated list property: ${defaultKey}` };
      defaultTaken = true;
      values[defaultKey] = format[defaultKey].type === "boolean" ? (parseBoolean(part) ?? part) : part;
    } else {
      return { ok: false, error: "missing key in comma-separated list property" };
    }
  }
  return { ok: true, values };
}

/**
 * Prints values as PVE::JSONSchema::print_property_string does: the default key first (as
 * `<keyAlias value>=<alias value>` when a key alias applies, e.g. `virtio=BC:24:11:...`), then
 * every other key in sorted order.
 */
export function printPropertyString(format: PropertyStringFormat, values: PropertyValues): string {
  const defaultKey = defaultKeyOf(format);
  const parts: string[] = [];
  const skip = new Set<string>();
  if (defaultKey !== undefined && values[defaultKey] !== undefined) {
    const value = values[defaultKey];
    const aliased = format[value];
    if (aliased?.keyAlias === defaultKey && aliased.alias && values[aliased.alias] !== undefined) {
      parts.push(`${value}=${values[aliased.alias]}`);
      skip.add(aliased.alias);
    } else {
      parts.push(value);
    }
    skip.add(defaultKey);
  }
  for (const key of Object.keys(values).sort()) {
    if (skip.has(key)) continue;
    parts.push(`${key}=${values[key]}`);
  }
  return parts.join(",");
}
