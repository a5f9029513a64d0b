import * as net from "net";
import type { PropertyStringFormat } from "./api-schema";

/**
 * The named formats of PVE::JSONSchema (and qemu-server) that the schema file refers to by name
 * (`"format": "pve-node"`): either a check that returns PVE's message for a bad value, or, for
 * named property strings such as `pve-qm-ipconfig`, the map of their keys. A name not listed here
 * is not checked (see {@link UNCHECKED_FORMAT}); the simulator's tests list the ones the provider uses.
 */
export type NamedFormat =
  | { readonly kind: "check"; readonly check: (value: string) => string | undefined }
  | { readonly kind: "property-string"; readonly format: PropertyStringFormat };

const check = (fn: (value: string) => string | undefined): NamedFormat => ({ kind: "check", check: fn });
const regexCheck = (regex: RegExp, message: (value: string) => string): NamedFormat => check((value) => (regex.test(value) ? undefined : message(value)));

const DNS_NAME = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;
const STORAGE_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
const CONFIG_ID = /^[a-z][a-z0-9_-]+$/i;
const TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/i;
const VOLUME_ID = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i;

function cidr(value: string, family: 4 | 6 | undefined): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return false;
  const version = net.isIP(match[1]);
  if (version === 0 || (family !== undefined && version !== family)) return false;
  return Number(match[2]) <= (version === 4 ? 32 : 128);
}

/** PVE's size syntax (`8G`, `512M`, `1.5T`, bare bytes). */
export const DISK_SIZE = /^(\d+(\.\d+)?)([KMGT])?$/;

/** The CPU models qemu-server accepts without a `custom-` prefix (x86_64 and aarch64). */
// prettier-ignore
export const BUILTIN_CPU_MODELS: ReadonlySet<string> = new Set([
  "486", "athlon", "core2duo", "coreduo", "kvm32", "kvm64", "pentium", "pentium2", "pentium3", "phenom", "qemu32", "qemu64", "Conroe", "Penryn",
  "Nehalem", "Nehalem-IBRS", "Westmere", "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS", "IvyBridge", "IvyBridge-IBRS", "Haswell",
  "Haswell-IBRS", "Haswell-noTSX", "Haswell-noTSX-IBRS", "Broadwell", "Broadwell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS", "Skylake-Client",
  "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS", "Skylake-Client-v4", "Skylake-Server", "Skylake-Server-IBRS", "Skylake-Server-noTSX-IBRS",
  "Skylake-Server-v4", "Skylake-Server-v5", "Cascadelake-Server", "Cascadelake-Server-noTSX", "Cascadelake-Server-v2", "Cascadelake-Server-v4",
  "Cascadelake-Server-v5", "Cooperlake", "Cooperlake-v2", "Icelake-Client", "Icelake-Client-noTSX", "Icelake-Server", "Icelake-Server-noTSX",
  "Icelake-Server-v3", "Icelake-Server-v4", "Icelake-Server-v5", "Icelake-Server-v6", "SapphireRapids", "SapphireRapids-v2", "GraniteRapids",
  "KnightsMill", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5", "EPYC", "EPYC-IBPB", "EPYC-v3", "EPYC-v4", "EPYC-Rome",
  "EPYC-Rome-v2", "EPYC-Rome-v3", "EPYC-Rome-v4", "EPYC-Milan", "EPYC-Milan-v2", "EPYC-Genoa", "host", "max", "x86-64-v2", "x86-64-v2-AES",
  "x86-64-v3", "x86-64-v4", "cortex-a57", "cortex-a72", "cortex-a76", "a64fx", "neoverse-n1", "neoverse-n2", "neoverse-v1",
]);

const NAMED_FORMATS: Readonly<Record<string, NamedFormat>> = {
  "pve-node": regexCheck(DNS_NAME, () => "value does not look like a valid node name"),
  "pve-vmid": regexCheck(/^\d+$/, () => "value does not look like a valid VM ID"),
  "pve-configid": regexCheck(CONFIG_ID, (value) => `invalid configuration ID '${value}'`),
  "pve-storage-id": regexCheck(STORAGE_ID, (value) => `storage ID '${value}' contains illegal characters`),
  "pve-poolid": regexCheck(/^[A-Za-z0-9_][A-Za-z0-9_-]*(\/[A-Za-z0-9_][A-Za-z0-9_-]*)*$/, (value) => `invalid pool ID '${value}'`),
  "pve-bridge-id": regexCheck(/^[-_.\w\d]+$/, (value) => `invalid bridge ID '${value}'`),
  "dns-name": regexCheck(DNS_NAME, () => "value does not look like a valid DNS name"),
  ipv4: check((value) => (net.isIPv4(value) ? undefined : "value does not look like a valid IPv4 address")),
  ipv6: check((value) => (net.isIPv6(value) ? undefined : "value does not look like a valid IPv6 address")),
  ip: check((value) => (net.isIP(value) ? undefined : "value does not look like a valid IP address")),
  address: check((value) => (net.isIP(value) || DNS_NAME.test(value) ? undefined : `value does not look like a valid address: ${value}`)),
  CIDR: check((value) => (cidr(value, undefined) ? undefined : "value does not look like a valid CIDR network")),
  CIDRv4: check((value) => (cidr(value, 4) ? undefined : "value does not look like a valid IPv4 CIDR network")),
  CIDRv6: check((value) => (cidr(value, 6) ? undefined : "value does not look like a valid IPv6 CIDR network")),
  "pve-ipv4-config": check((value) => (value === "dhcp" || cidr(value, 4) ? undefined : "value does not look like a valid IPv4 network configuration")),
  "pve-ipv6-config": check((value) =>
    value === "dhcp" || value === "auto" || cidr(value, 6) ? undefined : "value does not look like a valid IPv6 network configuration",
  ),
  "mac-addr": regexCheck(/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i, () => "value does not look like a valid unicast MAC address"),
  urlencoded: regexCheck(/^[-%a-zA-Z0-9_.!~*'()]*$/, (value) => `value '${value}' is not urlencoded`),
  "pve-tag": regexCheck(TAG, () => "invalid characters in tag"),
  "pve-volume-id": regexCheck(VOLUME_ID, (value) => `unable to parse volume ID '${value}'`),
  "pve-volume-id-or-qm-path": check((value) =>
    value === "none" || value === "cdrom" || value.startsWith("/") || VOLUME_ID.test(value) ? undefined : `unable to parse volume ID '${value}'`,
  ),
  "pve-volume-id-or-absolute-path": check((value) => (value.startsWith("/") || VOLUME_ID.test(value) ? undefined : `unable to parse volume ID '${value}'`)),
  "disk-size": regexCheck(DISK_SIZE, (value) => `value does not look like a valid disk size: ${value}`),
  "pve-storage-content": regexCheck(/^(images|rootdir|vztmpl|iso|backup|snippets|import|none)$/, (value) => `invalid content type '${value}'`),
  "pve-startup-order": check((value) =>
    value.split(",").every((part) => /^(order=)?\d+$|^(up|down)=\d+$/.test(part)) ? undefined : "unable to parse startup options",
  ),
  "pve-qm-ipconfig": {
    kind: "property-string",
    format: {
      ip: { type: "string", format: "pve-ipv4-config", optional: 1 },
      gw: { type: "string", format: "ipv4", optional: 1 },
      ip6: { type: "string", format: "pve-ipv6-config", optional: 1 },
      gw6: { type: "string", format: "ipv6", optional: 1 },
    },
  },
  "pve-vm-cpu-conf": {
    kind: "property-string",
    format: {
      cputype: { type: "string", default_key: 1, optional: 1, format: "pve-cpu-model" },
      flags: { type: "string", optional: 1, pattern: "(?:[+-][a-zA-Z0-9\\-_\\.]+;?)*" },
      hidden: { type: "boolean", optional: 1 },
      "hv-vendor-id": { type: "string", optional: 1, pattern: "[a-zA-Z0-9]{1,12}" },
      "phys-bits": { type: "string", optional: 1, pattern: "([1-9]\\d*|host)" },
      "guest-phys-bits": { type: "integer", optional: 1, minimum: 32, maximum: 64 },
      "reported-model": { type: "string", optional: 1 },
    },
  },
  "pve-cpu-model": check((value) =>
    BUILTIN_CPU_MODELS.has(value) || value.startsWith("custom-") ? undefined : `Built-in cputype '${value}' is not defined (missing 'custom-' prefix?)`,
  ),
  "pve-qm-boot": {
    kind: "property-string",
    format: {
      legacy: { type: "string", default_key: 1, optional: 1, pattern: "[acdn]{1,4}" },
      order: { type: "string", optional: 1, format: "pve-qm-bootdev-list" },
    },
  },
  "pve-qm-bootdev": regexCheck(/^(ide|sata|scsi|virtio|net|hostpci|usb)\d+$/, (value) => `invalid boot device '${value}'`),
  "pve-qm-cicustom": {
    kind: "property-string",
    format: {
      meta: { type: "string", optional: 1, format: "pve-volume-id" },
      network: { type: "string", optional: 1, format: "pve-volume-id" },
      user: { type: "string", optional: 1, format: "pve-volume-id" },
      vendor: { type: "string", optional: 1, format: "pve-volume-id" },
    },
  },
};

/** Marks a format name the simulator does not check (it accepts the value, as a lenient PVE would). */
export const UNCHECKED_FORMAT: NamedFormat = check(() => undefined);

/** List items as PVE::Tools::split_list cuts them (`;`, `,`, NUL and whitespace). */
export function splitList(value: string): string[] {
  return value.split(/[\0;,\s]+/).filter((item) => item.length > 0);
}

/**
 * The named format `name`: one of the table, or a `<base>-list` / `<base>-alist` of one (each item
 * checked), or `<base>-opt` (empty allowed). `pve-tag-list` splits on PVE's tag separators.
 */
export function namedFormat(name: string): NamedFormat | undefined {
  const known = NAMED_FORMATS[name];
  if (known) return known;
  const list = /^(.*)-a?list$/.exec(name);
  if (list) {
    const item = namedFormat(list[1]);
    if (item?.kind !== "check") return undefined;
    return check((value) => {
      for (const entry of splitList(value)) {
        const error = item.check(entry);
        if (error) return error;
      }
      return undefined;
    });
  }
  const optional = /^(.*)-opt$/.exec(name);
  if (optional) {
    const base = namedFormat(optional[1]);
    if (base?.kind !== "check") return undefined;
    return check((value) => (value === "" ? undefined : base.check(value)));
  }
  return undefined;
}
