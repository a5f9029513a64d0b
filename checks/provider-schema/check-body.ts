/**
 * Checking one block body (a resource, data source or provider body, a nested block, or an object of
 * a nested attribute) against its schema block: unknown attributes and blocks, value types, required
 * and computed-only attributes, block counts and nesting modes, deprecations and `dynamic` blocks.
 */
import { describeValue } from "../../environment/describe-value";
import { didYouMean } from "../../environment/did-you-mean";
import { childPath, indexPath, keyPath } from "./attribute-path";
import { blockBodies, checkBlockCount } from "./block-nesting";
import { checkValue } from "./check-value";
import { readDynamicBlocks, type DynamicBlocks } from "./dynamic-blocks";
import { isTemplateExpression } from "./expression";
import { entriesOf, isJsonObject, type JsonObject, ownValue, QUOTE } from "./json-value";
import type { Reporter } from "./problem";
import type { SchemaAttribute, SchemaBlock, SchemaBlockType, SchemaNestedType } from "./schema-types";

/** What a body may hold besides its schema's attributes and blocks. */
export interface BodyRules {
  /** Terraform meta-arguments accepted without a schema check (`count`, `lifecycle`, …). */
  readonly metaArguments: ReadonlySet<string>;
  /** Whether `dynamic` blocks may generate the body's nested blocks. */
  readonly allowDynamic: boolean;
}

/** Rules for resource and data source bodies: Terraform's meta-arguments and `dynamic` blocks are allowed. */
export const RESOURCE_BODY: BodyRules = {
  metaArguments: new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]),
  allowDynamic: true,
};

/** Rules for provider configuration bodies: `alias` (and the legacy `version`) are allowed. */
export const PROVIDER_BODY: BodyRules = { metaArguments: new Set(["alias", "version"]), allowDynamic: true };

const NESTED_BLOCK_BODY: BodyRules = { metaArguments: new Set(), allowDynamic: true };
const NESTED_ATTRIBUTE_BODY: BodyRules = { metaArguments: new Set(), allowDynamic: false };
const NO_DYNAMIC_BLOCKS: DynamicBlocks = { names: new Set(), contents: [] };

/**
 * Reports every problem of `body` against `block`, with paths below `path`. A body given as a
 * template expression is accepted unchecked (its content is only known at plan time).
 */
export function checkBody(body: unknown, block: SchemaBlock, path: string, report: Reporter, rules: BodyRules): void {
  if (body === null || isTemplateExpression(body)) return;
  if (!isJsonObject(body)) {
    report("error", path, `object required, got ${describeValue(body, QUOTE)}`);
    return;
  }
  const dynamic = rules.allowDynamic ? readDynamicBlocks(ownValue(body, "dynamic"), block, path, report) : NO_DYNAMIC_BLOCKS;
  for (const content of dynamic.contents) {
    checkBody(content.body, content.schema, content.path, report, NESTED_BLOCK_BODY);
  }
  for (const [key, value] of entriesOf(body)) {
    if (rules.metaArguments.has(key) || (rules.allowDynamic && key === "dynamic")) continue;
    const valuePath = childPath(path, key);
    const attribute = ownValue(block.attributes, key);
    const blockType = ownValue(block.block_types, key);
    if (attribute !== undefined) checkAttribute(value, attribute, key, valuePath, report);
    else if (blockType !== undefined) checkBlocks(value, blockType, key, valuePath, report, !dynamic.names.has(key));
    else reportUnknown(key, value, block, rules, valuePath, report);
  }
  checkUnset(body, block, dynamic.names, path, report);
}

function reportUnknown(key: string, value: unknown, block: SchemaBlock, rules: BodyRules, path: string, report: Reporter): void {
  const looksLikeBlock = isJsonObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isJsonObject));
  const candidates = [...Object.keys(block.attributes ?? {}), ...Object.keys(block.block_types ?? {}), ...rules.metaArguments];
  report("error", path, `unknown ${looksLikeBlock ? "block" : "attribute"} "${key}"${didYouMean(key, candidates, QUOTE)}`);
}

function isUnset(body: JsonObject, name: string, dynamicNames: ReadonlySet<string>): boolean {
  return (ownValue(body, name) ?? null) === null && !dynamicNames.has(name);
}

/** Required attributes and blocks with `min_items` that the body leaves out (or sets to null). */
function checkUnset(body: JsonObject, block: SchemaBlock, dynamicNames: ReadonlySet<string>, path: string, report: Reporter): void {
  for (const name in block.attributes) {
    if (block.attributes[name].required && isUnset(body, name, dynamicNames)) {
      report("error", childPath(path, name), `required attribute "${name}" is not set`);
    }
  }
  for (const name in block.block_types) {
    const blockType = block.block_types[name];
    if ((blockType.min_items ?? 0) > 0 && isUnset(body, name, dynamicNames)) {
      checkBlockCount(name, 0, blockType, childPath(path, name), report);
    }
  }
}

function checkAttribute(value: unknown, attribute: SchemaAttribute, name: string, path: string, report: Reporter): void {
  if (value === null) return;
  if (attribute.computed && !attribute.optional && !attribute.required) {
    report("error", path, `"${name}" is computed-only: the provider sets it, the configuration cannot`);
    return;
  }
  if (attribute.deprecated) report("warning", path, `attribute "${name}" is deprecated`);
  if (attribute.nested_type !== undefined) checkNestedAttribute(value, attribute.nested_type, path, report);
  else checkValue(value, attribute.type ?? "dynamic", path, report);
}

function checkNestedAttribute(value: unknown, nested: SchemaNestedType, path: string, report: Reporter): void {
  if (isTemplateExpression(value)) return;
  const objectSchema: SchemaBlock = { attributes: nested.attributes };
  switch (nested.nesting_mode) {
    case "single":
      return checkBody(value, objectSchema, path, report, NESTED_ATTRIBUTE_BODY);
    case "list":
    case "set":
      if (!Array.isArray(value)) {
        return report("error", path, `${nested.nesting_mode} of object required, got ${describeValue(value, QUOTE)}`);
      }
      for (let index = 0; index < value.length; index++) {
        checkBody(value[index], objectSchema, indexPath(path, index), report, NESTED_ATTRIBUTE_BODY);
      }
      return;
    case "map":
      if (!isJsonObject(value)) return report("error", path, `map of object required, got ${describeValue(value, QUOTE)}`);
      for (const [key, item] of entriesOf(value)) {
        checkBody(item, objectSchema, keyPath(path, key), report, NESTED_ATTRIBUTE_BODY);
      }
      return;
  }
}

/** The value of a nested block type: one object or an array of them (an object keyed by label for `map`). */
function checkBlocks(value: unknown, blockType: SchemaBlockType, name: string, path: string, report: Reporter, countKnown: boolean): void {
  if (value === null || isTemplateExpression(value)) return;
  if (blockType.block.deprecated) report("warning", path, `block "${name}" is deprecated`);
  const blocks = blockBodies(value, blockType, name, path, report);
  if (blocks === undefined) return;
  for (const [blockPath, body] of blocks) checkBody(body, blockType.block, blockPath, report, NESTED_BLOCK_BODY);
  if (countKnown) checkBlockCount(name, blocks.length, blockType, path, report);
}
