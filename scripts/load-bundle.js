// @ts-check
"use strict";
/**
 * Runs a bundle from {@link ./app-bundle.js} as a CommonJS module, with a V8 code cache beside it:
 * the first run stores the compiled code (including the functions it ran), later runs skip most of
 * the parsing and compiling. V8 itself rejects a cache that does not match the source or the Node
 * version, and a rejected cache is simply rewritten.
 */
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { createRequire, SourceMap } = require("module");
const { ROOT_GLOBAL } = require("./app-bundle");

/**
 * Rewrites the bundle's frames in a stack trace (`app.js:LINE:COLUMN`) to the TypeScript they came
 * from, using the source map. Read only when an error needs it, so that a good run never parses it.
 * @param {string} stack
 * @param {{ file: string, sourceMap: string }} bundle
 * @returns {string}
 */
function mapStack(stack, bundle) {
  let map;
  try {
    map = new SourceMap(JSON.parse(fs.readFileSync(bundle.sourceMap, "utf8")));
  } catch {
    return stack;
  }
  const escaped = bundle.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return stack.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, "g"), (frame, line, column) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !("originalSource" in entry)) return frame;
    const source = path.resolve(path.dirname(bundle.sourceMap), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/**
 * cdktf records a "creation stack" for every token and complex attribute it makes (dozens per
 * generated resource) by capturing a full stack trace onto a plain object; at 1000 machines that was
 * more than half of the synth. Captures onto anything but an Error are skipped here, which cdktf reads as "no
 * stack"; errors keep their stacks. The creation stacks appear only in cdktf's token resolution
 * errors, and `node --import tsx main.ts` still shows them.
 */
function skipCreationStacks() {
  const captureStackTrace = Error.captureStackTrace;
  Error.captureStackTrace = (target, below) => {
    if (target instanceof Error) captureStackTrace(target, below);
  };
}

/**
 * Runs the bundle as the module `filename` (the entry file: its `__dirname` and `__filename`; what
 * stays outside the bundle is required from the bundle's place in the project's node_modules).
 * An error thrown by the app is printed with a TypeScript stack and sets exit code 1.
 * @param {{ file: string, sourceMap: string }} bundle
 * @param {{ filename: string, root: string }} as
 */
function runBundle(bundle, as) {
  const cacheFile = `${bundle.file}.v8cache`;
  const source = fs.readFileSync(bundle.file, "utf8");
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  // one line, so that the bundle's line numbers (and its source map) stay as they are
  const wrapped = `(function (exports, require, module, __filename, __dirname, ${ROOT_GLOBAL}) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle.file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once("exit", () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    });
  }
  const module = { exports: {}, filename: as.filename };
  skipCreationStacks();
  try {
    script.runInThisContext()(module.exports, createRequire(bundle.file), module, as.filename, path.dirname(as.filename), as.root);
  } catch (error) {
    console.error(error instanceof Error && error.stack ? mapStack(error.stack, bundle) : error);
    process.exitCode = 1;
  }
}

module.exports = { runBundle };
