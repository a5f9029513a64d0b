/**
 * How Terraform JSON gives the blocks of one nested block type, per nesting mode: one object or an
 * array of objects (`list`, `set`), one object (`single`, `group`), or an object keyed by label
 * (`map`); and how many of them `min_items`/`max_items` allow.
 */
import { describeValue } from "../../environment/describe-value";
import { indexPath, keyPath } from "./attribute-path";
import { entriesOf, isJsonObject, QUOTE } from "./json-value";
import type { Reporter } from "./problem";
import type { SchemaBlockType } from "./schema-types";

/** One block's attribute path and its body as written. */
export type BlockBody = readonly [path: string, body: unknown];

function indexedBodies(items: readonly unknown[], path: string): BlockBody[] {
  const bodies: BlockBody[] = [];
  for (let index = 0; index < items.length; index++) bodies.push([indexPath(path, index), items[index]]);
  return bodies;
}

/**
 * The blocks the value of block type `name` stands for, each with its path (`disk[1]`, `backups`,
 * `map["label"]`); `undefined` (after reporting it) when the value has the wrong shape. A `single`
 * block given as an array of one is a warning (Terraform accepts it), of more than one an error.
 */
export function blockBodies(value: unknown, blockType: SchemaBlockType, name: string, path: string, report: Reporter): BlockBody[] | undefined {
  switch (blockType.nesting_mode) {
    case "map":
      if (isJsonObject(value)) return entriesOf(value).map(([key, item]): BlockBody => [keyPath(path, key), item]);
      report("error", path, `"${name}" blocks must be an object keyed by block label, got ${describeValue(value, QUOTE)}`);
      return undefined;
    case "single":
    case "group":
      if (isJsonObject(value)) return [[path, value]];
      if (Array.isArray(value)) {
        if (value.length > 1) report("error", path, `only one "${name}" block is allowed, got ${value.length}`);
        else if (value.length === 1) {
          report("warning", path, `"${name}" is a single block: give it as an object, not an array`);
        }
        return indexedBodies(value, path);
      }
      report("error", path, `"${name}" is a single block: object required, got ${describeValue(value, QUOTE)}`);
      return undefined;
    case "list":
    case "set":
      if (isJsonObject(value)) return [[indexPath(path, 0), value]];
      if (Array.isArray(value)) return indexedBodies(value, path);
      report("error", path, `"${name}" blocks must be an object or an array of objects, got ${describeValue(value, QUOTE)}`);
      return undefined;
  }
}

/** Reports (at `path`) a `count` of `name` blocks outside the type's `min_items`..`max_items`. */
export function checkBlockCount(name: string, count: number, blockType: SchemaBlockType, path: string, report: Reporter): void {
  const min = blockType.min_items ?? 0;
  const max = blockType.max_items ?? 0;
  if (count < min) report("error", path, `too few "${name}" blocks: at least ${min} required, got ${count}`);
  if (max > 0 && count > max) report("error", path, `too many "${name}" blocks: at most ${max} allowed, got ${count}`);
}
