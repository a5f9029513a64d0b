import type { Document, Node, YAMLError } from "yaml";
import { Composer, isCollection, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, visit } from "yaml";
import type { ValidationIssue } from "../issues";
import { formatPath } from "../issues";
import type { TextPosition } from "./text-position";
import { positionAt } from "./text-position";

/** The deepest nesting of mappings and lists an environment file may have (its schema needs four levels). */
export const MAX_NESTING_DEPTH = 64;

/** Aliases a document may expand: beyond that, expansion is a resource exhaustion attack (the "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** A parsed YAML document, with where each of its paths is written. */
export interface ParsedYaml {
  readonly ok: true;
  /** The document as plain data. */
  readonly document: unknown;
  /** Line and column of every path of the document (`machines[3].ip`): where its key or list item starts. */
  readonly positions: ReadonlyMap<string, TextPosition>;
}

/**
 * What a syntax problem says, by the parser's error code, where the parser's own words would echo
 * text of the file (alias and tag names, whole documents): a file that is not an environment at all
 * may hold anything, a password among it.
 */
const OWN_WORDING: Readonly<Record<string, string>> = {
  BAD_ALIAS: "an alias (*name) must name an anchor (&name) set before it",
  TAG_RESOLVE_FAILED: "unknown tag: environment files use plain YAML, without tags",
  BAD_COLLECTION_TYPE: "a tag does not fit its value: environment files use plain YAML, without tags",
  MULTIPLE_DOCS: "holds more than one YAML document ('---'): an environment file is one document",
  DUPLICATE_KEY: "a key appears twice in one mapping",
};

/** The deepest nesting of flow collections (`[`, `{`) in the text, read token by token and given up past the limit (a deeply nested flow collection exhausts the parser). */
function tooDeepFlow(text: string): number | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // the lexer marks token kinds with one control character each; the text itself holds none (checked before)
    if (token.length === 1 && token < " ") continue;
    if (token === "[" || token === "{") depth += 1;
    else if (token === "]" || token === "}") depth -= 1;
    if (depth > MAX_NESTING_DEPTH) return offset;
    offset += token.length;
  }
  return undefined;
}

/** The first node nested deeper than {@link MAX_NESTING_DEPTH}, found without recursion. */
function tooDeepNode(root: unknown): Node | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth >= MAX_NESTING_DEPTH) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Where each path of the document is written, and where the first key is that its mapping has
 * already (the parser's own check is quadratic in the keys of a mapping, so it is made here, with
 * a set per mapping). The depth is bounded by {@link tooDeepNode} first.
 */
function pathPositions(document: Document, lines: LineCounter): { positions: Map<string, TextPosition>; duplicateKey?: TextPosition } {
  const positions = new Map<string, TextPosition>();
  let duplicateKey: TextPosition | undefined;
  const at = (offset: number | undefined): TextPosition => {
    const { line, col } = lines.linePos(offset ?? 0);
    return { line, column: col };
  };
  const walk = (node: unknown, path: PropertyKey[], start: number | undefined): void => {
    positions.set(formatPath(path), at(start));
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyStart = isScalar(pair.key) || isCollection(pair.key) ? pair.key.range?.[0] : undefined;
        if (keys.has(key)) duplicateKey ??= at(keyStart);
        keys.add(key);
        walk(pair.value, [...path, key], keyStart);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index], (item as Node | null)?.range?.[0]));
    }
  };
  walk(document.contents, [], document.contents?.range?.[0]);
  return { positions, duplicateKey };
}

/**
 * Parses the YAML text of an environment file (the `yaml` parser, which keeps where every node is).
 * Syntax problems become issues that name the line and column and echo nothing of the text; so do
 * nesting deeper than {@link MAX_NESTING_DEPTH}, aliases to nothing and alias bombs.
 */
export function parseYaml(file: string, text: string): ParsedYaml | { readonly ok: false; readonly issues: ValidationIssue[] } {
  const failure = (offset: number, message: string) => ({ ok: false as const, issues: [{ file, path: "", ...positionAt(text, offset), message }] });
  const tooDeep = `nests mappings and lists deeper than ${MAX_NESTING_DEPTH} levels`;
  const deepFlow = tooDeepFlow(text);
  if (deepFlow !== undefined) return failure(deepFlow, tooDeep);

  const lines = new LineCounter();
  // uniqueKeys: duplicate keys are found by pathPositions
  const documents = [...new Composer({ prettyErrors: false, uniqueKeys: false }).compose(new Parser(lines.addNewLine).parse(text))];
  const errors: YAMLError[] = documents.flatMap((document) => [...document.errors, ...document.warnings]);
  if (documents.length > 1) errors.push({ code: "MULTIPLE_DOCS", pos: [documents[1].range[0], documents[1].range[0]] } as YAMLError);
  // the first syntax error only: the ones after it mostly follow from it
  const [error] = errors.sort((a, b) => a.pos[0] - b.pos[0]);
  if (error) return failure(Math.max(0, error.pos[0]), `YAML syntax: ${OWN_WORDING[error.code] ?? error.message.split("\n")[0]}`);
  const document = documents[0];
  if (!document) return { ok: true, document: undefined, positions: new Map() };
  const deepNode = tooDeepNode(document.contents);
  if (deepNode) return failure(deepNode.range?.[0] ?? 0, tooDeep);
  let dangling: Node | undefined;
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document)) return undefined;
      dangling = alias;
      return visit.BREAK;
    },
  });
  if (dangling) return failure(dangling.range?.[0] ?? 0, `YAML syntax: ${OWN_WORDING.BAD_ALIAS}`);
  const { positions, duplicateKey } = pathPositions(document, lines);
  if (duplicateKey) return { ok: false, issues: [{ file, path: "", ...duplicateKey, message: `YAML syntax: ${OWN_WORDING.DUPLICATE_KEY}` }] };
  try {
    return { ok: true, document: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), positions };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return failure(0, `expands more than ${MAX_ALIAS_COUNT} aliases: a YAML alias bomb, not an environment`);
  }
}
