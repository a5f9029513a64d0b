// The secret scan on hostile strings: time per string as it grows, for the shapes that made the
// old backtracking patterns quadratic or worse (a 16 KB string once took 84 s). Linear time shows
// as a ratio near 2 between a size and half of it; the strings are random but seeded, so every
// run scans the same text.
import { secretLookingValue } from "../environment/secret-patterns";
import { spreadOf } from "./spread";

/** Sizes in characters, each double the one before. */
const SIZES = [16 * 1024, 32 * 1024, 64 * 1024, 128 * 1024, 256 * 1024];

/** A small deterministic generator (mulberry32), so that the fuzzed strings are the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` characters drawn from `alphabet`. */
function fuzz(alphabet: string, length: number, seed: number): string {
  const next = random(seed);
  let text = "";
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

/** The hostile shapes, each a string of a given length. */
const SHAPES: readonly { readonly what: string; readonly make: (length: number) => string }[] = [
  { what: "letters only (`aaaa...`)", make: (length) => "a".repeat(length) },
  { what: "a scheme without its `://` (`a+a+a+...`)", make: (length) => "a+".repeat(length / 2) },
  { what: "`passwordpassword...` without `=`", make: (length) => "password".repeat(length / 8) },
  { what: "`a@a@a@...` (token shape without `!`)", make: (length) => "a@".repeat(length / 2) },
  {
    what: "an ssh-ed25519 key, then base64 garbage",
    make: (length) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ${fuzz("Aa0+/", length - 82, 1)}`,
  },
  { what: "fuzz: the characters the patterns care about", make: (length) => fuzz("aA0-_.:/@!=+ \"'password", length, 2) },
];

/** The median of `runs` timings of one scan, in milliseconds. */
function timeScan(text: string, runs: number): number {
  const times = Array.from({ length: runs }, () => {
    const started = process.hrtime.bigint();
    secretLookingValue(text);
    return Number(process.hrtime.bigint() - started) / 1e6;
  });
  return spreadOf(times).median;
}

/** Prints one table: milliseconds per scan at each size, and the ratio between the largest size and half of it. */
export function printSecretScanBench(quick: boolean, progress: (message: string) => void): void {
  const runs = quick ? 1 : 5;
  const sizes = quick ? SIZES.slice(0, 3) : SIZES;
  progress("secret scan on hostile strings");
  const rows = SHAPES.map(({ what, make }) => {
    const times = sizes.map((size) => timeScan(make(size), runs));
    const ratio = times[times.length - 1] / times[times.length - 2];
    return `| ${what} | ${times.map((ms) => ms.toFixed(1)).join(" | ")} | ${ratio.toFixed(2)} |`;
  });
  console.log(`\nSecret scan (\`secretLookingValue\`, RE2 patterns) on one hostile string, ms per scan (median of ${runs}):\n`);
  console.log(`| string | ${sizes.map((size) => `${size / 1024} KiB`).join(" | ")} | last ratio (2 = linear) |`);
  console.log(`| --- | ${sizes.map(() => "---").join(" | ")} | --- |`);
  for (const row of rows) console.log(row);
}
