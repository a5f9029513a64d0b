import { TerraformStack } from "cdktf";
import { z } from "zod";

/**
 * Shortcuts that `synth/run-app.js` takes for this project's app, with the same output (tests
 * compare it byte for byte with `synthesizeEnvironments` in-process):
 *
 * - **No creation stacks.** cdktf captures a stack trace for every token and complex attribute it
 *   creates (dozens per VM resource), onto plain objects, only to show them in token resolution
 *   errors. Captures onto anything but an Error are skipped; errors keep their stacks.
 * - **No preparing resolve.** `app.synth()` resolves every element twice: once "preparing", which only
 *   wires cross-stack references, then for real. The stacks of an environment never reference each
 *   other's resources (the model gives both the same plain values), so the first pass is skipped.
 * - **No parser compilation.** zod compiles a parser per object schema (`new Function`), which
 *   costs more than it saves for the few documents of a synth (and no code cache keeps it).
 *
 * Importing this module applies them, for the rest of the process.
 */
const captureStackTrace = Error.captureStackTrace;
Error.captureStackTrace = (...args: Parameters<typeof captureStackTrace>) => {
  if (args[0] instanceof Error) captureStackTrace(...args);
};

TerraformStack.prototype.prepareStack = function prepareStack(this: TerraformStack): void {
  this.ensureBackendExists();
};

z.config({ jitless: true });
