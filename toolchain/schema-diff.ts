/**
 * Compares two `terraform providers schema -json` documents of one provider: resources, data
 * sources and the provider block, with their attributes (cty type, flags, nested types) and blocks
 * (nesting, item limits). Descriptions are ignored. Object types compare by content, not key order.
 */

/** A schema attribute as `providers schema -json` prints it (the fields compared). */
interface SchemaAttribute {
  readonly type?: unknown;
  readonly nested_type?: { readonly nesting_mode?: string; readonly attributes?: Record<string, SchemaAttribute> };
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}

/** A schema block. */
export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, { readonly nesting_mode?: string; readonly min_items?: number; readonly max_items?: number; readonly block: SchemaBlock }>;
}

/** One provider's schema. */
export interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas?: Record<string, { readonly version?: number; readonly block: SchemaBlock }>;
  readonly data_source_schemas?: Record<string, { readonly version?: number; readonly block: SchemaBlock }>;
}

/** One difference, at a dotted path such as `proxmox_virtual_environment_vm.disk.size`. */
export interface SchemaDifference {
  /** Where: `provider`, or a resource / data source name, then attribute and block names. */
  readonly path: string;
  /** What differs: `missing`, `type`, `required`, `nesting_mode`, `max_items`, ... */
  readonly aspect: string;
  /** The real provider's value (undefined: absent). */
  readonly real: unknown;
  /** The vendored schema's value (undefined: absent). */
  readonly vendored: unknown;
}

/** Flags whose difference changes what a configuration may say, or what plan shows. */
const ATTRIBUTE_FLAGS = ["required", "optional", "computed", "sensitive", "deprecated", "write_only"] as const;

/** A cty type with every object's keys sorted, so `{a,b}` equals `{b,a}`. */
function canonicalType(type: unknown): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, sort(inner)]));
    }
    return value;
  };
  return JSON.stringify(sort(type));
}

/** Names on either side, sorted. */
function union(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] {
  return [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
}

function compareAttributes(at: string, real: Record<string, SchemaAttribute> | undefined, vendored: Record<string, SchemaAttribute> | undefined, out: SchemaDifference[]): void {
  for (const name of union(real, vendored)) {
    const where = `${at}.${name}`;
    const [r, v] = [real?.[name], vendored?.[name]];
    if (!r || !v) {
      out.push({ path: where, aspect: "missing", real: r ? "attribute" : undefined, vendored: v ? "attribute" : undefined });
      continue;
    }
    if (canonicalType(r.type) !== canonicalType(v.type)) out.push({ path: where, aspect: "type", real: r.type, vendored: v.type });
    for (const flag of ATTRIBUTE_FLAGS) {
      if (Boolean(r[flag]) !== Boolean(v[flag])) out.push({ path: where, aspect: flag, real: Boolean(r[flag]), vendored: Boolean(v[flag]) });
    }
    if (Boolean(r.nested_type) !== Boolean(v.nested_type)) {
      out.push({ path: where, aspect: "nested_type", real: Boolean(r.nested_type), vendored: Boolean(v.nested_type) });
    } else if (r.nested_type && v.nested_type) {
      if (r.nested_type.nesting_mode !== v.nested_type.nesting_mode) {
        out.push({ path: where, aspect: "nesting_mode", real: r.nested_type.nesting_mode, vendored: v.nested_type.nesting_mode });
      }
      compareAttributes(where, r.nested_type.attributes, v.nested_type.attributes, out);
    }
  }
}

function compareBlocks(at: string, real: SchemaBlock, vendored: SchemaBlock, out: SchemaDifference[]): void {
  compareAttributes(at, real.attributes, vendored.attributes, out);
  for (const name of union(real.block_types, vendored.block_types)) {
    const where = `${at}.${name}`;
    const [r, v] = [real.block_types?.[name], vendored.block_types?.[name]];
    if (!r || !v) {
      out.push({ path: where, aspect: "missing", real: r ? "block" : undefined, vendored: v ? "block" : undefined });
      continue;
    }
    for (const aspect of ["nesting_mode", "min_items", "max_items"] as const) {
      if ((r[aspect] ?? 0) !== (v[aspect] ?? 0)) out.push({ path: where, aspect, real: r[aspect], vendored: v[aspect] });
    }
    compareBlocks(where, r.block, v.block, out);
  }
}

/** Every difference between the real provider's schema and the vendored one, in a stable order. */
export function diffProviderSchemas(real: ProviderSchema, vendored: ProviderSchema): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  compareBlocks("provider", real.provider.block, vendored.provider.block, out);
  for (const kind of ["resource_schemas", "data_source_schemas"] as const) {
    for (const name of union(real[kind], vendored[kind])) {
      const [r, v] = [real[kind]?.[name], vendored[kind]?.[name]];
      if (!r || !v) {
        out.push({ path: name, aspect: "missing", real: r ? kind : undefined, vendored: v ? kind : undefined });
        continue;
      }
      if ((r.version ?? 0) !== (v.version ?? 0)) out.push({ path: name, aspect: "version", real: r.version, vendored: v.version });
      compareBlocks(name, r.block, v.block, out);
    }
  }
  return out;
}

/** One line for a difference: `provider.ssh: max_items: real 1, vendored unset`. */
export function formatDifference(difference: SchemaDifference): string {
  const show = (value: unknown) => (value === undefined ? "unset" : typeof value === "string" ? value : JSON.stringify(value));
  return `${difference.path}: ${difference.aspect}: real ${show(difference.real)}, vendored ${show(difference.vendored)}`;
}
