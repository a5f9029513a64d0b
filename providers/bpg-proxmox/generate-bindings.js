#!/usr/bin/env node
// Generates the TypeScript bindings for bpg/proxmox into .gen/ from the vendored schema.json,
// offline: `cdktf get` would run terraform and fetch the provider, which this project never needs.
// Runs on `npm ci` (postinstall) and on demand with `npm run get`. Skips work when .gen/ is
// already generated from the same schema (a hash stamp), so repeated installs stay fast.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const root = path.resolve(__dirname, "..", "..");
const schemaPath = path.join(__dirname, "schema.json");
const outDir = path.join(root, ".gen");
const stampPath = path.join(outDir, ".schema-sha256");

function main() {
  const schemaText = fs.readFileSync(schemaPath, "utf8");
  const hash = crypto.createHash("sha256").update(schemaText).digest("hex");
  const force = process.argv.includes("--force");
  if (!force && fs.existsSync(stampPath) && fs.readFileSync(stampPath, "utf8") === hash) {
    console.log(".gen/ is up to date with providers/bpg-proxmox/schema.json");
    return Promise.resolve();
  }
  // Loaded lazily: a consumer installing the packed library has no generator, only the shipped output.
  const { TerraformProviderGenerator } = require("@cdktf/provider-generator/lib/get/generator/provider-generator");
  const { CodeMaker } = require("codemaker");
  const code = new CodeMaker();
  new TerraformProviderGenerator(code, JSON.parse(schemaText)).generateAll();
  fs.rmSync(outDir, { recursive: true, force: true });
  return code.save(outDir).then(() => {
    fs.writeFileSync(stampPath, hash);
    console.log("generated bpg/proxmox bindings into .gen/providers/proxmox");
  });
}

main().catch((error) => {
  console.error(`providers/bpg-proxmox/generate-bindings.js: ${error.message}`);
  process.exit(1);
});
