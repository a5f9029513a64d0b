// @ts-check
"use strict";
/**
 * The cdktf app as one cached CommonJS file: esbuild bundles the entry (main.ts), everything it
 * imports (.ts sources, .gen bindings) and its node_modules into one file, so a synth pays neither
 * the TypeScript transform nor the resolution and compilation of ~450 separate modules.
 *
 * The bundle is rebuilt only when it is stale: a manifest beside it records every input esbuild
 * read (from its metafile) with its mtime and size, plus a key for the build recipe. Files are
 * followed through their imports, so new files need no list anywhere.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** Name under which the loader hands the project root to the bundle, for `__dirname`/`__filename` of bundled sources. */
const ROOT_GLOBAL = "__homelabRoot";

/**
 * @typedef {object} AppBundle
 * @property {string} file Absolute path of the bundled JavaScript.
 * @property {string} sourceMap Absolute path of its source map (read only to map an error's stack).
 */

/**
 * @typedef {object} AppBundleOptions
 * @property {string} root Project root: esbuild's working directory; manifest paths are relative to it.
 * @property {string} entry Entry file (absolute), e.g. `<root>/main.ts`.
 * @property {string} cacheDir Directory for the bundle, its source map, manifest and V8 code cache.
 */

/**
 * Writes a file atomically (temp file + rename), so that concurrent synths never read half a file.
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeFileAtomic(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

/**
 * The recipe key: a change to esbuild, Node's major version, this builder or the entry invalidates the bundle.
 * @param {AppBundleOptions} options
 */
function recipeKey(options) {
  const esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  const builder = fs.readFileSync(__filename);
  const recipe = [esbuildVersion, process.versions.node.split(".")[0], path.relative(options.root, options.entry), builder];
  return crypto.createHash("sha256").update(recipe.join("\0")).digest("hex");
}

/**
 * The mtime and size of each input (null for a missing file). With `changedSince`, a file modified
 * after that time (during the build) is recorded as null, so the next run rebuilds from it again.
 * @param {string} root
 * @param {readonly string[]} inputs
 * @param {number} [changedSince]
 */
function inputStats(root, inputs, changedSince = Infinity) {
  /** @type {Record<string, [number, number] | null>} */
  const stats = {};
  for (const input of inputs) {
    const stat = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
    stats[input] = stat && stat.mtimeMs < changedSince ? [stat.mtimeMs, stat.size] : null;
  }
  return stats;
}

/**
 * Whether the manifest describes a bundle built by this recipe from the inputs as they are now.
 * @param {AppBundleOptions} options
 * @param {string} manifestFile
 * @param {string} key
 */
function isFresh(options, manifestFile, key) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  if (manifest.key !== key) return false;
  const current = inputStats(options.root, Object.keys(manifest.inputs));
  return Object.entries(manifest.inputs).every(([input, recorded]) => JSON.stringify(current[input]) === JSON.stringify(recorded));
}

/**
 * Gives bundled project sources their own `__dirname` and `__filename`: esbuild hoists every module
 * into one scope, so both are renamed to per-file constants computed from the project root the
 * loader passes in. Only files that use them are touched; the output holds no absolute path.
 * @param {typeof import("esbuild")} esbuild
 * @param {string} root
 * @returns {import("esbuild").Plugin}
 */
function moduleLocationPlugin(esbuild, root) {
  return {
    name: "module-location",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (args.path.split(path.sep).includes("node_modules")) return undefined;
        const source = fs.readFileSync(args.path, "utf8");
        if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
        const file = path.relative(root, args.path).split(path.sep).join("/");
        const { code } = esbuild.transformSync(source, {
          loader: "ts",
          tsconfigRaw: fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"),
          sourcefile: args.path,
          sourcemap: "inline",
          define: { __dirname: "__moduleDirname", __filename: "__moduleFilename" },
        });
        const locals =
          `import * as __modulePath from "path"; ` +
          `const __moduleDirname = __modulePath.join(${ROOT_GLOBAL}, ${JSON.stringify(path.posix.dirname(file))}); ` +
          `const __moduleFilename = __modulePath.join(${ROOT_GLOBAL}, ${JSON.stringify(file)});`;
        return { contents: `${locals}${code}`, loader: "js" };
      });
    },
  };
}

/**
 * cdktf's `private/fs` re-runs its own file with `node` to zip asset directories, so it must stay a
 * real file; it also pulls in `archiver` (a third of cdktf's load time) although only archive assets
 * use it. It is replaced by a proxy that requires the real module on first use.
 * @returns {import("esbuild").Plugin}
 */
function lazyCdktfFsPlugin() {
  const real = "cdktf/lib/private/fs.js";
  return {
    name: "lazy-cdktf-fs",
    setup(build) {
      build.onResolve({ filter: /^\.\/private\/fs$/ }, (args) =>
        args.importer.includes(`${path.sep}cdktf${path.sep}lib${path.sep}`) ? { path: real, namespace: "lazy-cdktf-fs" } : undefined,
      );
      build.onResolve({ filter: /^cdktf\/lib\/private\/fs\.js$/ }, () => ({ path: real, external: true }));
      build.onLoad({ filter: /.*/, namespace: "lazy-cdktf-fs" }, () => ({
        contents: `let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require(${JSON.stringify(real)}))[key] });`,
        loader: "js",
      }));
    },
  };
}

/**
 * Returns the bundle of `options.entry`, building it first when the cached one is missing or stale.
 * @param {AppBundleOptions} options
 * @returns {Promise<AppBundle>}
 */
async function ensureAppBundle(options) {
  const file = path.join(options.cacheDir, "app.js");
  const sourceMap = `${file}.map`;
  const manifestFile = path.join(options.cacheDir, "manifest.json");
  const key = recipeKey(options);
  if (isFresh(options, manifestFile, key)) return { file, sourceMap };

  const esbuild = require("esbuild");
  const buildStarted = Date.now();
  const result = await esbuild.build({
    entryPoints: [options.entry],
    absWorkingDir: options.root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile: file,
    write: false,
    sourcemap: "external",
    metafile: true,
    logLevel: "error",
    plugins: [moduleLocationPlugin(esbuild, options.root), lazyCdktfFsPlugin()],
  });
  fs.mkdirSync(options.cacheDir, { recursive: true });
  for (const output of result.outputFiles) writeFileAtomic(output.path, output.contents);
  fs.rmSync(`${file}.v8cache`, { force: true });
  // every file esbuild read (namespaced virtual modules aside), plus tsconfig.json, whose settings it applies
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.includes(":")), "tsconfig.json"];
  writeFileAtomic(manifestFile, JSON.stringify({ key, inputs: inputStats(options.root, inputs, buildStarted) }));
  return { file, sourceMap };
}

module.exports = { ensureAppBundle, ROOT_GLOBAL };
