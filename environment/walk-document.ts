/** What {@link walkDocument} calls for each string and each mapping key of a document. */
export interface DocumentVisitor {
  /** A string value at `path`. */
  readonly value: (text: string, path: readonly PropertyKey[]) => void;
  /** A mapping key at `path` (which ends in it); returning false skips what is under it. */
  readonly key: (key: string, path: readonly PropertyKey[]) => boolean | void;
}

/**
 * Walks a document as parsed (plain data, at any depth): every string value and every mapping key,
 * with its path. Objects reachable twice (YAML aliases) are walked once.
 */
export function walkDocument(document: unknown, visitor: DocumentVisitor): void {
  const seen = new Set<object>();
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === "string") {
      visitor.value(value, path);
      return;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (visitor.key(key, [...path, key]) !== false) visit(item, [...path, key]);
    }
  };
  visit(document, []);
}
