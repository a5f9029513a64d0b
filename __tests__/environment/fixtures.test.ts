import * as fs from "fs";
import * as path from "path";
import { loadEnvironments } from "../../environment/load/load-environments";
import { readEnvironmentFiles } from "../../environment/load/read-files";
import { stockPersonaCatalog } from "../../personas/catalog";
import { issueLines, PROJECT_ROOT } from "../helpers";

const FIXTURES = path.join(PROJECT_ROOT, "__tests__", "fixtures");

/** The names of the fixture directories of one kind, sorted. */
function fixtureNames(kind: "invalid" | "valid"): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Loads every environment file of a fixture directory, errors naming the files relative to it. */
const loadEnvironmentDirectory = (directory: string) => loadEnvironments(readEnvironmentFiles(directory, { root: directory }), stockPersonaCatalog);

const invalid = fixtureNames("invalid");
const valid = fixtureNames("valid");

test("the invalid corpus covers at least 25 rules", () => {
  expect(invalid.length).toBeGreaterThanOrEqual(25);
});

describe.each(invalid)("invalid fixture %s", (name) => {
  const directory = path.join(FIXTURES, "invalid", name);

  test("reports exactly the issues in expected.txt, one line each", () => {
    const expected = fs.readFileSync(path.join(directory, "expected.txt"), "utf8").trimEnd().split("\n");
    expect(issueLines(() => loadEnvironmentDirectory(directory))).toEqual(expected);
  });
});

describe.each(valid)("valid fixture %s", (name) => {
  const directory = path.join(FIXTURES, "valid", name);

  test("loads every environment of the directory", () => {
    const files = fs.readdirSync(directory).filter((entry) => entry.endsWith(".yaml"));
    expect(loadEnvironmentDirectory(directory).map((model) => `${model.name}.yaml`)).toEqual(files.sort());
  });
});
