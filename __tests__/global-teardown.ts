// Removes what global-setup.ts wrote.
import * as fs from "fs";
import * as path from "path";

export default function globalTeardown(): void {
  const dir = process.env.HOMELAB_TEST_BUNDLED_OUT;
  if (dir) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}
