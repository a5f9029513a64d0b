import { RE2JS } from "re2js";
import { SSH_KEY_TYPES } from "./ssh-public-key";

/**
 * What secret-looking keys and values look like; shared by the environment check and the
 * synthesized-output scan. Every pattern runs on RE2 (re2js: no backtracking, time linear in the
 * length of the text), so a hostile string cannot make the scan take longer than reading it.
 */

/** A test of a pattern, in linear time. */
function linear(source: string, flags = 0): (text: string) => boolean {
  const pattern = RE2JS.compile(source, flags);
  return (text) => pattern.matcher(text).find();
}

/** Key names that hold credentials: `password`, `apiToken`, `client_secret`, `private_key`, ... */
const secretKey = linear("pass(word|wd|phrase)|secret|token|api[-_]?key|private[-_]?key|credential|access[-_]?key", RE2JS.CASE_INSENSITIVE);

/** Whether a key names a credential (`password`, `apiToken`, `client_secret`, `private_key`, ...). */
export function isSecretKey(key: string): boolean {
  return secretKey(key);
}

/** Value patterns, each with what it looks like. */
const SECRET_VALUES: readonly { readonly test: (text: string) => boolean; readonly looksLike: string }[] = [
  { test: linear("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"), looksLike: "a private key (PEM block)" },
  {
    test: linear("[\\w.-]+@[\\w.-]+![\\w.-]+=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RE2JS.CASE_INSENSITIVE),
    looksLike: "a Proxmox API token",
  },
  { test: linear("PVEAPIToken=|PVEAuthCookie="), looksLike: "a Proxmox API credential" },
  { test: linear("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), looksLike: "an AWS access key" },
  { test: linear("\\b(ghp|gho|ghs|ghu|github_pat|glpat|xox[abprs])[-_][A-Za-z0-9_-]{16,}"), looksLike: "an access token" },
  { test: linear("[a-z][a-z0-9+.-]*://[^\\s/:@]+:[^\\s/@]+@", RE2JS.CASE_INSENSITIVE), looksLike: "a URL with a password in it" },
  {
    test: linear("\\b[\\w-]*(pass(word|wd)?|secret|token|api[-_]?key)[\\w-]*\\s*[=:]\\s*[\"']?[^\\s\"',;}]{4,}", RE2JS.CASE_INSENSITIVE),
    looksLike: "a credential assignment",
  },
];

/** Runs of base64/base64url characters long enough to be a key or token. */
const LONG_RUN = RE2JS.compile("[A-Za-z0-9+/_-]{32,}={0,2}");

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

/**
 * A long run of mixed-case letters and digits with the randomness of a generated key or token
 * (hex digests stay below the threshold: 16 symbols carry at most 4 bits each).
 */
function looksRandom(text: string): boolean {
  const runs = LONG_RUN.matcher(text);
  while (runs.find()) {
    const run = runs.group() ?? "";
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run) && entropy(run) >= 4.5) return true;
  }
  return false;
}

/** `<type> <base64 body>`, as a word of a string. */
const KEY_WORDS = RE2JS.compile(`(?:^| )(${SSH_KEY_TYPES.join("|")}) ([A-Za-z0-9+/]+={0,2})`);

/** Whether base64 `body` is SSH public key material: its decoded bytes begin with a key type, as the SSH wire format writes every key (damaged or not). */
function isKeyMaterial(body: string): boolean {
  const bytes = Buffer.from(body, "base64");
  const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  return (SSH_KEY_TYPES as readonly string[]).includes(bytes.subarray(4, 4 + length).toString("latin1"));
}

/**
 * The part of a string to scan: all of it but the bodies of OpenSSH public keys in it (`<type>
 * <base64>` where the base64 is key material), which are public by design; their comments and
 * anything appended are scanned. Key material is told by what it decodes to, not by its shape.
 */
function scannedPart(value: string): string {
  const keys = KEY_WORDS.matcher(value);
  let kept = "";
  let from = 0;
  while (keys.find()) {
    if (!isKeyMaterial(keys.group(2) ?? "")) continue;
    kept += `${value.slice(from, keys.start(2))} `;
    from = keys.end(2);
  }
  return kept + value.slice(from);
}

/** What a string value looks like if it looks like a secret, e.g. `a Proxmox API token`; undefined otherwise. Every string is scanned, whatever its shape. */
export function secretLookingValue(value: string): string | undefined {
  const scanned = scannedPart(value);
  const match = SECRET_VALUES.find(({ test }) => test(scanned));
  if (match) return match.looksLike;
  return looksRandom(scanned) ? "a random key or token" : undefined;
}

/** Where secrets belong instead of an environment file. */
export const SECRET_ADVICE =
  "keep secrets out of environment files: the provider reads PROXMOX_VE_API_TOKEN, state backends PG_CONN_STR and AWS_* from environment variables (or encrypt them with sops)";
