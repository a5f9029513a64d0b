import * as sshpk from "sshpk";

/** The OpenSSH public key types an environment may hand cloud-init (FIDO `sk-*` keys: sshpk cannot parse them). */
export const SSH_KEY_TYPES = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"] as const;

/** The smallest RSA key accepted, in bits. */
const MIN_RSA_BITS = 2048;

/** An OpenSSH public key line taken apart: one key, checked by sshpk. */
export interface PublicKeyLine {
  /** The key type, e.g. `ssh-ed25519`. */
  readonly type: string;
  /** The comment after the key, if any (`user@host`). */
  readonly comment?: string;
}

/** The key type a parsed key writes itself as (`ecdsa-sha2-nistp256`). */
function typeName(key: sshpk.Key): string {
  if (key.type === "ecdsa") return `ecdsa-sha2-${key.curve}`;
  return key.type === "ed25519" ? "ssh-ed25519" : `ssh-${key.type}`;
}

/**
 * Parses one OpenSSH public key line (`<type> <base64> [comment]`, single spaces, nothing around it)
 * with sshpk, and accepts it only if the base64 body is exactly the key's canonical wire encoding
 * (so a truncated, wrapped, padded or extended body fails) of the type the line names. Returns
 * the key's type and comment, or the problem (which echoes nothing of the line: it may be a
 * private key pasted by mistake).
 */
export function parsePublicKeyLine(line: string): PublicKeyLine | { readonly problem: string } {
  const [type, body, ...rest] = line.split(" ");
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) return { problem: `does not start with a supported key type (${SSH_KEY_TYPES.join(", ")})` };
  if (body === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return { problem: "needs one space, then the key's base64 body" };
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(`${type} ${body}`, "ssh");
  } catch {
    return { problem: `its base64 body is not a valid ${type} key (truncated or damaged?)` };
  }
  if (typeName(key) !== type || key.toBuffer("rfc4253").toString("base64") !== body) {
    return { problem: `its base64 body is not exactly one ${type} key (truncated, extended or of another type?)` };
  }
  if (key.type === "rsa" && key.size < MIN_RSA_BITS) return { problem: `is a ${key.size}-bit RSA key: use at least ${MIN_RSA_BITS} bits, or ssh-ed25519` };
  const comment = rest.join(" ");
  if (rest.length > 0 && comment.trim() === "") return { problem: "ends with a space: the comment after the key is missing" };
  return rest.length > 0 ? { type, comment } : { type };
}
