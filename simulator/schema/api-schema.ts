import * as fs from "fs";
import * as path from "path";

/** HTTP methods of the Proxmox VE API. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** One parameter (or one key of a property string) as the PVE API schema describes it. */
export interface ParameterSchema {
  readonly type?: "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";
  readonly optional?: 0 | 1;
  /** A named format (`pve-node`) or, for property strings, the map of their keys. */
  readonly format?: string | PropertyStringFormat;
  readonly enum?: readonly string[];
  readonly minimum?: number | string;
  readonly maximum?: number | string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A Perl regular expression the whole value must match. */
  readonly pattern?: string;
  readonly default?: unknown;
  /** The key a property string's value without `key=` belongs to. */
  readonly default_key?: 0 | 1;
  /** This key is another name of `alias`. */
  readonly alias?: string;
  /** With `alias`: the key name itself is the value of `keyAlias` (`virtio=<mac>` sets `model=virtio`). */
  readonly keyAlias?: string;
  readonly items?: ParameterSchema;
  readonly requires?: string;
  readonly typetext?: string;
}

/** The keys of a property string, by name. */
export type PropertyStringFormat = Readonly<Record<string, ParameterSchema>>;

/** One method of one path. */
export interface MethodSchema {
  readonly name: string;
  readonly parameters?: { readonly additionalProperties?: 0 | 1; readonly properties?: Readonly<Record<string, ParameterSchema>> };
  readonly returns?: ParameterSchema & { readonly properties?: Readonly<Record<string, ParameterSchema>> };
  readonly protected?: 0 | 1;
  readonly proxyto?: string;
  readonly allowtoken?: 0 | 1;
}

/** The whole schema file (`simulator/proxmox-ve/api-schema.json`). */
export interface ApiSchemaDocument {
  readonly format: string;
  readonly source: { readonly pveVersion: string; readonly [key: string]: string };
  readonly paths: Readonly<Record<string, Partial<Record<HttpMethod, MethodSchema>>>>;
}

/** Where the vendored schema lives. */
export const API_SCHEMA_FILE = path.join(__dirname, "..", "proxmox-ve", "api-schema.json");

let cached: ApiSchemaDocument | undefined;

/** The vendored Proxmox VE API schema, read once per process. */
export function loadApiSchema(): ApiSchemaDocument {
  cached ??= JSON.parse(fs.readFileSync(API_SCHEMA_FILE, "utf8")) as ApiSchemaDocument;
  return cached;
}
