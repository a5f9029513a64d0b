import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../helpers";

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));

describe("the package's entry point", () => {
  test("is index.ts alone, built to dist/, types first", () => {
    expect(manifest.exports).toEqual({ ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" });
    expect(Object.keys(manifest.exports["."])[0]).toBe("types");
    expect([manifest.main, manifest.types]).toEqual(["dist/index.js", "dist/index.d.ts"]);
  });

  test("index.ts names every export one by one (no `export *`)", () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, "index.ts"), "utf8")).not.toMatch(/export \*/);
  });
});
