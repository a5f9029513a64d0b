import * as fs from "fs";
import * as path from "path";
import { EnvironmentValidationError, formatIssue } from "../../stacks/validation-issue";

/** The repository root. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The fixture corpus: `invalid/<rule>/` and `valid/<case>/`, each a directory of environment files. */
export const FIXTURES = path.join(PROJECT_ROOT, "__tests__", "fixtures");

/** The issue lines `run` throws as an {@link EnvironmentValidationError}; fails the test if it throws anything else or nothing. */
export function issueLines(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvironmentValidationError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error("expected an EnvironmentValidationError, but validation passed");
}

/** The names of the fixture directories of one kind, sorted. */
export function fixtureNames(kind: "invalid" | "valid"): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
