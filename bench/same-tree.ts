import * as fs from "fs";
import * as path from "path";

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Compares two directory trees byte for byte. Returns undefined when they hold the same files with
 * the same contents, else the first difference (a file only on one side, or one whose bytes differ).
 */
export function sameTree(left: string, right: string): string | undefined {
  const leftFiles = filesUnder(left);
  const rightFiles = new Set(filesUnder(right));
  for (const file of leftFiles) {
    if (!rightFiles.has(file)) return `${file} is missing from ${right}`;
    if (!fs.readFileSync(path.join(left, file)).equals(fs.readFileSync(path.join(right, file)))) return `${file} differs`;
    rightFiles.delete(file);
  }
  const extra = [...rightFiles][0];
  return extra === undefined ? undefined : `${extra} is missing from ${left}`;
}
