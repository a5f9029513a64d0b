const compiled = new Map<string, RegExp>();

/**
 * A schema `pattern` (a Perl regular expression, as `qr//` stringifies it: `(?^:...)`,
 * `(?^i:...)`) as a JavaScript RegExp anchored at both ends, as PVE::JSONSchema applies it
 * (`$value =~ m/^$pattern$/`). JavaScript has no inline modifier groups in Node 20, so a
 * case-insensitive group makes the whole expression case-insensitive; Perl's `{,n}` is `{0,n}`.
 */
export function perlPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const caseInsensitive = pattern.includes("(?^i:");
    const body = pattern.replace(/\(\?\^i?:/g, "(?:").replace(/\{,(\d+)\}/g, "{0,$1}");
    regex = new RegExp(`^(?:${body})$`, caseInsensitive ? "i" : "");
    compiled.set(pattern, regex);
  }
  return regex;
}
