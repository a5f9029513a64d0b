// Every environment file is read exactly once per synth: `fs` counted for this file's modules.
import * as os from "os";
import * as path from "path";

jest.mock("fs", () => {
  const actual = jest.requireActual<typeof import("fs")>("fs");
  const opened: string[] = [];
  const count =
    <F extends (...args: never[]) => unknown>(call: F) =>
    (...args: Parameters<F>) => {
      opened.push(String(args[0]));
      return call(...args);
    };
  return { ...actual, openSync: count(actual.openSync), readFileSync: count(actual.readFileSync), openedForTest: opened };
});

import * as fs from "fs";
import { runSynth } from "../../main";
import { copyBundledEnvironments, PROJECT_ROOT } from "../helpers";

/** The paths opened or read since the mock was made, in order. */
const opened = (fs as unknown as { openedForTest: string[] }).openedForTest;

test("every environment file is opened once per synth, and read through that one descriptor", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "read-once-"));
  const environments = copyBundledEnvironments(work);
  const previous = process.env.HOMELAB_ENVIRONMENTS_DIR;
  process.env.HOMELAB_ENVIRONMENTS_DIR = environments;
  try {
    opened.length = 0;
    expect(runSynth({ projectRoot: PROJECT_ROOT, outdir: path.join(work, "cdktf.out"), print: () => undefined })).toBe(0);
    expect(opened.filter((file) => file.startsWith(environments)).sort()).toEqual(
      ["lab.lock.yaml", "lab.yaml", "prod.lock.yaml", "prod.yaml"].map((file) => path.join(environments, file)),
    );
  } finally {
    if (previous === undefined) delete process.env.HOMELAB_ENVIRONMENTS_DIR;
    else process.env.HOMELAB_ENVIRONMENTS_DIR = previous;
    fs.rmSync(work, { recursive: true, force: true });
  }
});
