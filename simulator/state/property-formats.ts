import type { ParameterSchema, PropertyStringFormat } from "../schema/api-schema";
import { loadApiSchema } from "../schema/api-schema";
import { parameterSchemaOf } from "../schema/validate";
import type { PropertyValues } from "../schema/property-string";
import { parsePropertyString, printPropertyString } from "../schema/property-string";
import { DISK_SIZE, namedFormat } from "../schema/named-formats";

const CONFIG_PATH = "/nodes/{node}/qemu/{vmid}/config";

/** The parameters of `PUT nodes/{node}/qemu/{vmid}/config`: what a VM config key may hold. */
export function vmConfigParameters(): Readonly<Record<string, ParameterSchema>> {
  return loadApiSchema().paths[CONFIG_PATH].PUT?.parameters?.properties ?? {};
}

/** The types `GET nodes/{node}/qemu/{vmid}/config` answers with, by key. */
export function vmConfigReturns(): Readonly<Record<string, ParameterSchema>> {
  return loadApiSchema().paths[CONFIG_PATH].GET?.returns?.properties ?? {};
}

/** The property-string format of a VM config key (`net0`, `scsi1`, `agent`, or a named one such as `ipconfig0`'s `pve-qm-ipconfig`). */
export function propertyFormatOf(key: string): PropertyStringFormat {
  const format = parameterSchemaOf(vmConfigParameters(), key)?.format;
  if (format && typeof format !== "string") return format;
  const named = typeof format === "string" ? namedFormat(format) : undefined;
  if (named?.kind === "property-string") return named.format;
  throw new Error(`VM config key '${key}' is not a property string in the API schema`);
}

/** Parses a (validated) VM config property string. */
export function parseConfigValue(key: string, text: string): PropertyValues {
  const parsed = parsePropertyString(propertyFormatOf(key), text);
  if (!parsed.ok) throw new Error(`${key}: ${parsed.error}`);
  return parsed.values;
}

/** Prints a VM config property string in PVE's key order, sizes as PVE prints them (`8589934592` -> `8G`). */
export function printConfigValue(key: string, values: PropertyValues): string {
  const format = propertyFormatOf(key);
  const printed: PropertyValues = {};
  for (const [name, value] of Object.entries(values)) printed[name] = format[name]?.format === "disk-size" ? formatSize(parseSize(value)) : value;
  return printPropertyString(format, printed);
}

const UNITS: Readonly<Record<string, number>> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Bytes of a PVE size (`8G`, `1.5T`; bare numbers are bytes), as PVE::JSONSchema::parse_size. */
export function parseSize(text: string): number {
  const match = DISK_SIZE.exec(text);
  if (!match) throw new Error(`unable to parse size '${text}'`);
  return Math.floor(Number(match[1]) * (match[3] ? UNITS[match[3]] : 1));
}

/** A byte count the way PVE::JSONSchema::format_size prints it (`8G`, `1T`, `1536M`). */
export function formatSize(bytes: number): string {
  let value = bytes;
  for (const unit of ["", "K", "M", "G"]) {
    if (value % 1024 !== 0) return `${value}${unit}`;
    value /= 1024;
  }
  return `${value}T`;
}

/** A MAC address in Proxmox's OUI (`BC:24:11`), derived from a number so that runs are reproducible. */
export function proxmoxMac(seed: number): string {
  const bytes = [0xbc, 0x24, 0x11, (seed >> 16) & 0xff, (seed >> 8) & 0xff, seed & 0xff];
  return bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, "0")).join(":");
}
