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

/**
 * @cdktf/commons runs `terraform version -json` as soon as it is loaded (its `terraformVersion`,
 * read only by cdktf's debug report): with a terraform on PATH that prints red `[ERROR]` lines of
 * its stderr and checks for updates over the network, on every `npm ci`. The generator needs
 * neither, so the module is stood in for before anything loads it, and no terraform is run.
 */
function withoutTerraformProbe() {
  const probe = require.resolve("@cdktf/commons/src/terraform.js");
  const standIn = new module.constructor(probe);
  standIn.exports = {
    terraformBinaryName: process.env.TERRAFORM_BINARY_NAME || "terraform",
    terraformVersion: Promise.resolve("not probed by providers/bpg-proxmox/generate-bindings.js"),
  };
  standIn.loaded = true;
  require.cache[probe] = standIn;
}

function main() {
  const schemaText = fs.readFileSync(schemaPath, "utf8");
  const hash = crypto.createHash("sha256").update(schemaText).digest("hex");
  const force = process.argv.includes("--force");
  if (!force && fs.existsSync(stampPath) && fs.readFileSync(stampPath, "utf8") === hash) {
    console.log(".gen/ is up to date with providers/bpg-proxmox/schema.json");
    return Promise.resolve();
  }
  // Loaded lazily: a consumer installing the packed library has no generator, only the shipped output.
  withoutTerraformProbe();
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
