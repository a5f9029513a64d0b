import * as fs from "fs";
import * as path from "path";
import { loadEnvironmentDirectory } from "../../stacks/load-environments";
import { FIXTURES, fixtureNames, issueLines } from "./helpers";

const invalid = fixtureNames("invalid");
const valid = fixtureNames("valid");

test("the invalid corpus covers at least 25 rules", () => {
  expect(invalid.length).toBeGreaterThanOrEqual(25);
});

describe.each(invalid)("invalid fixture %s", (name) => {
  const directory = path.join(FIXTURES, "invalid", name);

  test("reports exactly the issues in expected.txt, one line each", () => {
    const expected = fs.readFileSync(path.join(directory, "expected.txt"), "utf8").trimEnd().split("\n");
    expect(issueLines(() => loadEnvironmentDirectory(directory, { root: directory }))).toEqual(expected);
  });
});

describe.each(valid)("valid fixture %s", (name) => {
  const directory = path.join(FIXTURES, "valid", name);

  test("loads every environment of the directory", () => {
    const files = fs.readdirSync(directory).filter((entry) => entry.endsWith(".yaml"));
    expect(loadEnvironmentDirectory(directory, { root: directory }).map((model) => `${model.name}.yaml`)).toEqual(files.sort());
  });
});
