import * as fs from "fs";
import * as path from "path";
import type { ComposeStack, ComposeStackCatalog } from "../compose-stacks";

/** `${NAME}`, `${NAME:-default}`, `$NAME` in a compose file (`$$` is a literal dollar). */
const INTERPOLATION = /(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;

/** `NAME=value` (optionally `export NAME=value`) lines of a dotenv file. */
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm;

/** The stacks of a folder: each subfolder with a compose.yaml, with the settings it uses, by name. */
function readStacks(folder: string): ComposeStack[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(folder, entry.name, "compose.yaml")))
    .map((entry) => {
      const compose = fs.readFileSync(path.join(folder, entry.name, "compose.yaml"), "utf8");
      const defaultsFile = path.join(folder, entry.name, "defaults.env");
      const defaults = fs.existsSync(defaultsFile) ? fs.readFileSync(defaultsFile, "utf8") : "";
      const names = new Set([
        ...[...compose.matchAll(INTERPOLATION)].map((match) => match[1] ?? match[2]),
        ...[...defaults.matchAll(ASSIGNMENT)].map((match) => match[1]),
      ]);
      return { name: entry.name, envNames: [...names].sort() };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The Compose stacks of a project on disk: `<projectRoot>/ansible/compose/`, and any folder an
 * environment declares in `composeStackDirs`, relative to `projectRoot`. A stack is a folder with a
 * `compose.yaml`; its settings are the variables the file interpolates and those its `defaults.env` sets.
 */
export function readComposeStacks(projectRoot: string): ComposeStackCatalog {
  const stock = path.join(projectRoot, "ansible", "compose");
  return {
    stacks: fs.existsSync(stock) ? readStacks(stock) : [],
    stacksIn: (folder) => {
      const dir = path.resolve(projectRoot, folder);
      return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? readStacks(dir) : undefined;
    },
  };
}
