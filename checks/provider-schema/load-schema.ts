/** Loading the vendored bpg/proxmox provider schema. */
import * as fs from "fs";
import * as path from "path";
import { isJsonObject, ownValue } from "./json-value";
import { PROVIDER_ADDRESS } from "./provider-identity";
import type { ProviderSchema } from "./schema-types";

/** `providers/bpg-proxmox/schema.json` of this repository (found from this file, not from the working directory). */
const DEFAULT_SCHEMA_PATH = path.resolve(__dirname, "..", "..", "providers", "bpg-proxmox", "schema.json");

const cache = new Map<string, ProviderSchema>();

function parseSchemaFile(file: string): ProviderSchema {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read provider schema ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const schemas = isJsonObject(document) ? document.provider_schemas : undefined;
  const entry = isJsonObject(schemas) ? ownValue(schemas, PROVIDER_ADDRESS) : undefined;
  if (!isJsonObject(document) || document.format_version !== "1.0" || !isJsonObject(entry)) {
    throw new Error(`${file} is not a "terraform providers schema -json" document (format 1.0) for ${PROVIDER_ADDRESS}`);
  }
  if (!isJsonObject(entry.provider) || !isJsonObject(entry.resource_schemas) || !isJsonObject(entry.data_source_schemas)) {
    throw new Error(`${file}: the ${PROVIDER_ADDRESS} entry lacks provider, resource_schemas or data_source_schemas`);
  }
  // The shape below the three sections is Terraform's documented format; it is trusted from here on.
  return entry as unknown as ProviderSchema;
}

/**
 * The bpg/proxmox schema from `schemaPath` (default: the vendored one), parsed once per path and
 * cached. Throws an `Error` with a one-line message when the file is missing or not such a schema.
 */
export function loadProviderSchema(schemaPath: string = DEFAULT_SCHEMA_PATH): ProviderSchema {
  const file = path.resolve(schemaPath);
  let schema = cache.get(file);
  if (schema === undefined) {
    schema = parseSchemaFile(file);
    cache.set(file, schema);
  }
  return schema;
}
