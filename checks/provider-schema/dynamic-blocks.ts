/**
 * `dynamic "<name>" { for_each, iterator, labels, content {…} }` in Terraform JSON
 * (`"dynamic": {"<name>": {"for_each": …, "content": {…}}}`): which blocks they generate and which
 * `content` bodies are to be checked against which schema.
 */
import { describeValue } from "../../environment/describe-value";
import { didYouMean } from "../../environment/did-you-mean";
import { childPath, indexPath } from "./attribute-path";
import { asItems, entriesOf, isJsonObject, ownValue, QUOTE } from "./json-value";
import type { Reporter } from "./problem";
import type { SchemaAttribute, SchemaBlock } from "./schema-types";

const DYNAMIC_ARGUMENTS: ReadonlySet<string> = new Set(["for_each", "iterator", "labels", "content"]);

/** A `content` body of a dynamic block and the schema it must follow. */
export interface DynamicContent {
  /** Its attribute path, e.g. `dynamic.disk.content`. */
  readonly path: string;
  /** The body as written. */
  readonly body: unknown;
  /** The block schema of the generated blocks. */
  readonly schema: SchemaBlock;
}

/** What the `dynamic` key of a body holds. */
export interface DynamicBlocks {
  /** The names of the blocks (or list-of-object attributes) generated: their count is only known at plan time. */
  readonly names: ReadonlySet<string>;
  /** The content bodies to check. */
  readonly contents: readonly DynamicContent[];
}

/**
 * The schema of the `content` of `dynamic "<name>"`: the nested block type's block, or, since
 * Terraform also expands `dynamic` into list/set-of-object attributes, a block made of the object's
 * attributes (all optional, as in block syntax).
 */
function contentSchema(block: SchemaBlock, name: string): SchemaBlock | undefined {
  const blockType = ownValue(block.block_types, name);
  if (blockType !== undefined) return blockType.block;
  const type = ownValue(block.attributes, name)?.type;
  if (type === undefined || typeof type === "string" || (type[0] !== "list" && type[0] !== "set")) return undefined;
  const element = type[1];
  if (typeof element === "string" || element[0] !== "object") return undefined;
  const attributes = Object.fromEntries(
    Object.entries(element[1]).map(([attributeName, attributeType]): [string, SchemaAttribute] => [attributeName, { type: attributeType, optional: true }]),
  );
  return { attributes };
}

/** Checks one spec's own arguments and collects its content bodies. */
function readSpec(spec: unknown, schema: SchemaBlock, path: string, report: Reporter, contents: DynamicContent[]): void {
  if (!isJsonObject(spec)) {
    report("error", path, `object required, got ${describeValue(spec, QUOTE)}`);
    return;
  }
  for (const [key] of entriesOf(spec)) {
    if (!DYNAMIC_ARGUMENTS.has(key)) {
      const suggestion = didYouMean(key, DYNAMIC_ARGUMENTS, QUOTE);
      report("error", childPath(path, key), `unknown attribute "${key}" in dynamic block${suggestion}`);
    }
  }
  if ((ownValue(spec, "for_each") ?? null) === null) {
    report("error", childPath(path, "for_each"), `required attribute "for_each" is not set`);
  }
  const contentPath = childPath(path, "content");
  const body = ownValue(spec, "content");
  if (body === undefined) report("error", contentPath, `required block "content" is not set`);
  else for (const item of asItems(body)) contents.push({ path: contentPath, body: item, schema });
}

/**
 * Reads the `dynamic` value of a body whose schema is `block` (at `path`): reports unknown block
 * names, malformed specs and missing `for_each`/`content`, and returns the generated block names and
 * the content bodies for the caller to check.
 */
export function readDynamicBlocks(value: unknown, block: SchemaBlock, path: string, report: Reporter): DynamicBlocks {
  const names = new Set<string>();
  const contents: DynamicContent[] = [];
  if (value === undefined || value === null) return { names, contents };
  const dynamicPath = childPath(path, "dynamic");
  for (const group of asItems(value)) {
    if (!isJsonObject(group)) {
      report("error", dynamicPath, `object required, got ${describeValue(group, QUOTE)}`);
      continue;
    }
    for (const [name, specs] of entriesOf(group)) {
      const namePath = childPath(dynamicPath, name);
      const schema = contentSchema(block, name);
      if (schema === undefined) {
        const suggestion = didYouMean(name, Object.keys(block.block_types ?? {}), QUOTE);
        report("error", namePath, `unknown block "${name}" in dynamic${suggestion}`);
        continue;
      }
      names.add(name);
      const items = asItems(specs);
      items.forEach((spec, index) => readSpec(spec, schema, items.length > 1 ? indexPath(namePath, index) : namePath, report, contents));
    }
  }
  return { names, contents };
}
