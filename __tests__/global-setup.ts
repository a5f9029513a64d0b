// Synthesizes the bundled environments once per jest run, as `npm run synth` does in-process; suites read the files (helpers.bundledStacks).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeEnvironments } from "../synth/synthesize";
import { bundledModels } from "./helpers";

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bundled-"));
  synthesizeEnvironments(bundledModels(), path.join(dir, "cdktf.out"));
  process.env.HOMELAB_TEST_BUNDLED_OUT = path.join(dir, "cdktf.out");
}
