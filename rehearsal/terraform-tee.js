#!/usr/bin/env node
// @ts-check
"use strict";
/**
 * The terraform that cdktf-cli runs in a rehearsal: the toolchain's terraform
 * (`HOMELAB_REAL_TERRAFORM`), its output passed through to cdktf-cli unchanged, and a copy appended
 * to `HOMELAB_TERRAFORM_LOG`, each line prefixed with the stack (the folder terraform runs in), as
 * cdktf-cli prefixes them. cdktf-cli's own output (ink) loses its last lines when a run ends
 * quickly, often the ones that matter (errors, "Apply complete"); this copy is complete.
 */
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const real = process.env.HOMELAB_REAL_TERRAFORM;
const log = process.env.HOMELAB_TERRAFORM_LOG;
if (!real) {
  console.error("terraform-tee: HOMELAB_REAL_TERRAFORM is not set");
  process.exit(1);
}
const stack = path.basename(process.cwd());
const child = spawn(real, process.argv.slice(2), { stdio: ["inherit", "pipe", "pipe"] });
/** @type {Record<"stdout" | "stderr", string>} */
const pending = { stdout: "", stderr: "" };

/** @param {"stdout" | "stderr"} stream @param {string} text */
function record(stream, text) {
  if (!log) return;
  const lines = (pending[stream] + text).split("\n");
  pending[stream] = lines.pop() ?? "";
  if (lines.length > 0) fs.appendFileSync(log, lines.map((line) => `${stack}  ${line}\n`).join(""));
}

for (const stream of /** @type {const} */ (["stdout", "stderr"])) {
  child[stream].on("data", (chunk) => {
    process[stream].write(chunk);
    record(stream, chunk.toString("utf8"));
  });
}
child.on("error", (error) => {
  console.error(`terraform-tee: ${error.message}`);
  process.exitCode = 1;
});
child.on("close", (code, signal) => {
  record("stdout", "\n");
  record("stderr", "\n");
  process.exitCode = code ?? (signal ? 1 : 0);
});
