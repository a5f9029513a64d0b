/**
 * Types of the provider schema JSON printed by `terraform providers schema -json`
 * (format_version 1.0), as far as the checks read it.
 */

/** A cty primitive type name; `dynamic` accepts any value. */
export type CtyPrimitiveType = "string" | "number" | "bool" | "dynamic";

/** A cty type in its JSON encoding, e.g. `"string"`, `["list", "string"]`, `["object", {...}]`. */
export type CtyType =
  | CtyPrimitiveType
  | readonly ["list" | "set" | "map", CtyType]
  | readonly ["object", Readonly<Record<string, CtyType>>, (readonly string[])?]
  | readonly ["tuple", readonly CtyType[]];

/** A Plugin Framework nested attribute type (`nested_type`). */
export interface SchemaNestedType {
  /** How the nested objects are collected. */
  readonly nesting_mode: "single" | "list" | "set" | "map";
  /** The attributes of each nested object. */
  readonly attributes: Readonly<Record<string, SchemaAttribute>>;
}

/** One attribute of a block. */
export interface SchemaAttribute {
  /** The value type; absent when {@link SchemaAttribute.nested_type} is given. */
  readonly type?: CtyType;
  /** The nested attribute type of a Plugin Framework nested attribute. */
  readonly nested_type?: SchemaNestedType;
  /** The configuration must set it. */
  readonly required?: boolean;
  /** The configuration may set it. */
  readonly optional?: boolean;
  /** The provider may compute it; without `optional`/`required` the configuration may not set it. */
  readonly computed?: boolean;
  /** The value is hidden in plan output. */
  readonly sensitive?: boolean;
  /** Setting it still works but is discouraged. */
  readonly deprecated?: boolean;
  /** The value is never stored in state. */
  readonly write_only?: boolean;
}

/** A block: a resource, data source or provider body, or a nested block body. */
export interface SchemaBlock {
  /** Attributes by name. */
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  /** Nested block types by name. */
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
  /** The whole block (or resource type) is deprecated. */
  readonly deprecated?: boolean;
}

/** A nested block type. */
export interface SchemaBlockType {
  /** How many blocks of the type a body holds and how they are keyed. */
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  /** The schema of each block. */
  readonly block: SchemaBlock;
  /** The least number of blocks (list and set modes). */
  readonly min_items?: number;
  /** The greatest number of blocks (list and set modes). */
  readonly max_items?: number;
}

/** The schema of a resource type, data source type or the provider configuration. */
export interface SchemaEntity {
  /** The schema version. */
  readonly version: number;
  /** The top-level block. */
  readonly block: SchemaBlock;
}

/** The schema of one provider: its configuration, resource types and data source types. */
export interface ProviderSchema {
  /** The `provider "…" {}` configuration block. */
  readonly provider: SchemaEntity;
  /** Resource types by name. */
  readonly resource_schemas: Readonly<Record<string, SchemaEntity>>;
  /** Data source types by name. */
  readonly data_source_schemas: Readonly<Record<string, SchemaEntity>>;
}
