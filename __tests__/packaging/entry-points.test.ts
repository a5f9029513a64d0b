import * as fs from "fs";
import * as path from "path";

const projectRoot = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8"));

/** The folders that are public subpaths of the package, each with an `index.ts` that only re-exports. */
const PUBLIC_FOLDERS = ["constructs", "personas", "stacks"];

/** The modules an `index.ts` re-exports with `export * from "./x"`. */
function reExports(indexFile: string): string[] {
  const text = fs.readFileSync(indexFile, "utf8");
  return [...text.matchAll(/^export \* from "\.\/([^"]+)";$/gm)].map((match) => match[1]);
}

describe("public entry points", () => {
  test.each(PUBLIC_FOLDERS)("%s/index.ts re-exports every module of the folder, and nothing else", (folder) => {
    const modules = fs
      .readdirSync(path.join(projectRoot, folder))
      .filter((entry) => entry.endsWith(".ts") && entry !== "index.ts")
      .map((entry) => entry.replace(/\.ts$/, ""));
    const index = path.join(projectRoot, folder, "index.ts");
    const statements = fs.readFileSync(index, "utf8").split("\n").filter((line) => line.trim() !== "" && !line.startsWith("//"));
    expect(statements.filter((line) => !/^export \* from "\.\/[^"]+";$/.test(line))).toEqual([]);
    expect(reExports(index).filter((module) => !module.includes("/")).sort()).toEqual(modules.sort());
  });

  test("the root index re-exports every public folder", () => {
    expect(reExports(path.join(projectRoot, "index.ts")).sort()).toEqual(PUBLIC_FOLDERS);
  });

  test("package.json exports the root and each folder, types first, from dist/", () => {
    const expected = Object.fromEntries(
      ["", ...PUBLIC_FOLDERS.map((folder) => `${folder}/`)].map((sub) => [
        `.${sub ? `/${sub.slice(0, -1)}` : ""}`,
        { types: `./dist/${sub}index.d.ts`, default: `./dist/${sub}index.js` },
      ]),
    );
    expect(manifest.exports).toEqual({ ...expected, "./package.json": "./package.json" });
    expect(Object.keys(manifest.exports["."])[0]).toBe("types");
    expect(manifest.typesVersions["*"]).toEqual(Object.fromEntries(PUBLIC_FOLDERS.map((folder) => [folder, [`dist/${folder}/index.d.ts`]])));
  });
});
