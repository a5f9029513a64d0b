#!/usr/bin/env node
// @ts-check
"use strict";
/**
 * The fast way to run the cdktf app (`npm run synth`, and cdktf.json's `app`, so `cdktf synth`
 * too): bundle main.ts once into node_modules/.cache/homelab-cdktf/ (rebuilt when any file it
 * imports changes), then run the bundle with a V8 code cache. Same output as
 * `node --import tsx main.ts`; type errors are `npm run typecheck`'s job, as with tsx.
 *
 * Usage: node scripts/run-app.js [entry.ts]   (default: main.ts of the project)
 * Environment: HOMELAB_APP_CACHE_DIR overrides the cache directory.
 */
const path = require("path");
const { ensureAppBundle } = require("./app-bundle");
const { runBundle } = require("./load-bundle");

const root = path.resolve(__dirname, "..");
const entry = path.resolve(process.argv[2] ?? path.join(root, "main.ts"));
const cacheDir = process.env.HOMELAB_APP_CACHE_DIR ?? path.join(root, "node_modules", ".cache", "homelab-cdktf");
// how the app runs itself again (main.ts synthesizes a large lab in two processes); tests may wrap it
process.env.HOMELAB_APP_RUNNER ??= __filename;

ensureAppBundle({ root, entry, cacheDir }).then(
  (bundle) => runBundle(bundle, { filename: entry, root }),
  (error) => {
    // esbuild has already printed the file, line and column of what it could not bundle
    if (!Array.isArray(error?.errors)) console.error(error);
    process.exitCode = 1;
  },
);
