/** "Did you mean ...?" hints for misspelt keys and names. */

/** Names at most this many single-character edits away are offered. */
const MAX_DISTANCE = 2;

/** The Levenshtein edit distance between `a` and `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The closest of `candidates` to `name` (case-insensitive, at most two edits away, never `name`
 * itself), or undefined when none is close.
 */
function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_DISTANCE + 1;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * ` (did you mean 'x'?)` for the {@link closestName} of `candidates`, or `""` when none is close.
 * `quote` is the quote mark of the messages it joins: `'` in environment issues, `"` in Terraform's wording.
 */
export function didYouMean(name: string, candidates: Iterable<string>, quote = "'"): string {
  const best = closestName(name, candidates);
  return best === undefined ? "" : ` (did you mean ${quote}${best}${quote}?)`;
}
