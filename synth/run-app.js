#!/usr/bin/env node
// @ts-check
"use strict";
/**
 * The fast way to run the cdktf app (`npm run synth`, and cdktf.json's `app`, so `cdktf synth`,
 * `diff` and `deploy` too): main.ts and everything it imports (our sources, the .gen bindings,
 * node_modules) bundled by esbuild into one CommonJS file, preceded by synth/fast-path.ts, then run
 * with a V8 code cache beside it (the first run stores the compiled code, later runs skip most
 * parsing and compiling; V8 rejects a cache that does not fit, and it is written anew). The bundle
 * lives in node_modules/.cache/homelab-cdktf/ (HOMELAB_APP_CACHE_DIR overrides it) and is rebuilt
 * only when a file esbuild read, tsconfig.json, esbuild, Node's major version or this file changed.
 * Same output as `npx ts-node main.ts`; type errors are `npm run typecheck`'s job.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { createRequire, SourceMap } = require("module");
const vm = require("vm");

const root = path.resolve(__dirname, "..");
const cacheDir = process.env.HOMELAB_APP_CACHE_DIR ?? path.join(root, "node_modules", ".cache", "homelab-cdktf");
const bundle = path.join(cacheDir, "app.js");
const manifestFile = path.join(cacheDir, "manifest.json");
const codeCache = `${bundle}.v8cache`;

/** @param {string} file @param {string | Uint8Array} data Written to a temporary file, then renamed: concurrent synths never read half a file. */
function writeAtomically(file, data) {
  fs.writeFileSync(`${file}.${process.pid}.tmp`, data);
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
}

/** @param {readonly string[]} inputs @param {number} [changedSince] mtime and size of each input, relative to root; null if missing or changed during the build. */
function stats(inputs, changedSince = Infinity) {
  return Object.fromEntries(
    inputs.map((input) => {
      const stat = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
      return [input, stat && stat.mtimeMs < changedSince ? [stat.mtimeMs, stat.size] : null];
    }),
  );
}

/** What the bundle is built with: a change to any of it rebuilds. */
function recipeKey() {
  const recipe = [require("esbuild/package.json").version, process.versions.node.split(".")[0], fs.readFileSync(__filename, "utf8")];
  return crypto.createHash("sha256").update(recipe.join("\0")).digest("hex");
}

/** Builds the bundle unless the manifest says it was built by this recipe from the files as they are. */
async function ensureBundle() {
  const key = recipeKey();
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    if (manifest.key === key && JSON.stringify(stats(Object.keys(manifest.inputs))) === JSON.stringify(manifest.inputs)) return;
  } catch {
    // no manifest yet, or a damaged one: build
  }
  const started = Date.now();
  const result = await require("esbuild").build({
    stdin: { contents: 'require("./synth/fast-path");\nmodule.exports = require("./main");\n', resolveDir: root, sourcefile: "app-entry.js", loader: "js" },
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile: bundle,
    write: false,
    sourcemap: "external",
    metafile: true,
    logLevel: "error",
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  fs.rmSync(codeCache, { force: true });
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("<")), "tsconfig.json"];
  writeAtomically(manifestFile, JSON.stringify({ key, inputs: stats(inputs, started) }));
}

/** @param {string} stack The stack with the bundle's frames (`app.js:LINE:COLUMN`) mapped back to the TypeScript, read only when an error needs it. */
function mapStack(stack) {
  try {
    const map = new SourceMap(JSON.parse(fs.readFileSync(`${bundle}.map`, "utf8")));
    const frame = new RegExp(`${bundle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):(\\d+)`, "g");
    return stack.replace(frame, (text, line, column) => {
      const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
      return "originalSource" in entry ? `${path.resolve(cacheDir, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}` : text;
    });
  } catch {
    return stack;
  }
}

/** The bundle's exports, compiled with the code cache; the cache is (re)written at exit, when it holds every function the run compiled. */
function loadBundle() {
  const cachedData = fs.existsSync(codeCache) ? fs.readFileSync(codeCache) : undefined;
  // one line of wrapper, so that the bundle's line numbers (and its source map) stay as they are
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, "utf8")}\n})`, {
    filename: bundle,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected) process.once("exit", () => writeAtomically(codeCache, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, cacheDir);
  return module.exports;
}

/**
 * One turn of the event loop. After esbuild's child process exited, a signal handler installed in
 * the same turn misses a signal that arrives while synchronous code runs (Node 20: the synth
 * would then ignore SIGTERM instead of holding it); a turn in between lets libuv settle first.
 */
function nextTurn() {
  return new Promise((resolve) => setImmediate(resolve));
}

ensureBundle()
  .then(nextTurn)
  .then(
    () => {
      try {
        loadBundle().main(root);
      } catch (error) {
        console.error(error instanceof Error && error.stack ? mapStack(error.stack) : error);
        process.exitCode = 1;
      }
    },
    (error) => {
      // esbuild has already printed the file, line and column of what it could not bundle
      if (!Array.isArray(error?.errors)) console.error(error);
      process.exitCode = 1;
    },
  );
