/** What secret-looking keys and values look like; shared by the environment check and the synthesized-output scan. */

/** Key names that hold credentials: `password`, `apiToken`, `client_secret`, `private_key`, ... */
export const SECRET_KEY = /pass(word|wd|phrase)|secret|token|api[-_]?key|private[-_]?key|credential|access[-_]?key/i;

/** An OpenSSH public key line: public by design, never a secret. */
const SSH_PUBLIC_KEY = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9-]+@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/;

/** Value patterns, each with what it looks like. */
const SECRET_VALUES: readonly { readonly pattern: RegExp; readonly looksLike: string }[] = [
  { pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, looksLike: "a private key (PEM block)" },
  { pattern: /[\w.-]+@[\w.-]+![\w.-]+=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, looksLike: "a Proxmox API token" },
  { pattern: /PVEAPIToken=|PVEAuthCookie=/, looksLike: "a Proxmox API credential" },
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, looksLike: "an AWS access key" },
  { pattern: /\b(ghp|gho|ghs|ghu|github_pat|glpat|xox[abprs])[-_][A-Za-z0-9_-]{16,}/, looksLike: "an access token" },
  { pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, looksLike: "a URL with a password in it" },
  {
    pattern: /\b[\w-]*(pass(word|wd)?|secret|token|api[-_]?key)[\w-]*\s*[=:]\s*["']?[^\s"',;}]{4,}/i,
    looksLike: "a credential assignment",
  },
];

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
 * (hex digests stay below the threshold: 16 symbols carry at most 4 bits each). Base64 starting
 * with `AAAA` is the SSH wire format of a public key (a length-prefixed key type), not a secret.
 */
function looksRandom(text: string): boolean {
  for (const run of text.match(/[A-Za-z0-9+/_-]{32,}={0,2}/g) ?? []) {
    if (run.startsWith("AAAA")) continue;
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run) && entropy(run) >= 4.5) return true;
  }
  return false;
}

/** What a string value looks like if it looks like a secret, e.g. `a Proxmox API token`; undefined otherwise. */
export function secretLookingValue(value: string): string | undefined {
  if (SSH_PUBLIC_KEY.test(value)) return undefined;
  const match = SECRET_VALUES.find(({ pattern }) => pattern.test(value));
  if (match) return match.looksLike;
  return looksRandom(value) ? "a random key or token" : undefined;
}

/** Where secrets belong instead of an environment file. */
export const SECRET_ADVICE =
  "keep secrets out of environment files: the provider reads PROXMOX_VE_API_TOKEN, state backends PG_CONN_STR and AWS_* from environment variables (or encrypt them with sops)";
