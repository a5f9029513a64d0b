import type { ParameterSchema, PropertyStringFormat } from "../schema/api-schema";
import { loadApiSchema } from "../schema/api-schema";
import { parameterSchemaOf } from "../schema/validate";
import type { PropertyValues } from "../schema/property-string";
import { parsePropertyString, printPropertyString } from "../schema/property-string";
import { DISK_SIZE, namedFormat } from "../schema/named-formats";

/** The config endpoint of a guest type: its `PUT` parameters are what a config key may hold, its `GET` returns how it is answered. */
export type ConfigPath = "/nodes/{node}/qemu/{vmid}/config" | "/nodes/{node}/lxc/{vmid}/config";

/** A VM's config endpoint (the default of the functions below). */
const QEMU_CONFIG: ConfigPath = "/nodes/{node}/qemu/{vmid}/config";

/** A container's config endpoint. */
export const LXC_CONFIG: ConfigPath = "/nodes/{node}/lxc/{vmid}/config";

/** The parameters of `PUT <config path>`: what a config key may hold (a VM's, unless `path` names the container endpoint). */
export function vmConfigParameters(path: ConfigPath = QEMU_CONFIG): Readonly<Record<string, ParameterSchema>> {
  return loadApiSchema().paths[path].PUT?.parameters?.properties ?? {};
}

/** The types `GET <config path>` answers with, by key. */
export function vmConfigReturns(path: ConfigPath = QEMU_CONFIG): Readonly<Record<string, ParameterSchema>> {
  return loadApiSchema().paths[path].GET?.returns?.properties ?? {};
}

/** The property-string format of a config key (`net0`, `scsi1`, `agent`, or a named one such as `ipconfig0`'s `pve-qm-ipconfig`). */
export function propertyFormatOf(key: string, path: ConfigPath = QEMU_CONFIG): PropertyStringFormat {
  const format = parameterSchemaOf(vmConfigParameters(path), key)?.format;
  if (format && typeof format !== "string") return format;
  const named = typeof format === "string" ? namedFormat(format) : undefined;
  if (named?.kind === "property-string") return named.format;
  throw new Error(`config key '${key}' is not a property string in the API schema`);
}

/** Parses a (validated) config property string. */
export function parseConfigValue(key: string, text: string, path: ConfigPath = QEMU_CONFIG): PropertyValues {
  const parsed = parsePropertyString(propertyFormatOf(key, path), text);
  if (!parsed.ok) throw new Error(`${key}: ${parsed.error}`);
  return parsed.values;
}

/** Prints a config property string in PVE's key order, sizes as PVE prints them (`8589934592` -> `8G`). */
export function printConfigValue(key: string, values: PropertyValues, path: ConfigPath = QEMU_CONFIG): string {
  const format = propertyFormatOf(key, path);
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
