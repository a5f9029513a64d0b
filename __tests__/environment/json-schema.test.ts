import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_SCHEMA_FILE, environmentSchemaText } from "../../scripts/write-environment-schema";
import { BUNDLED_ENVIRONMENTS, PROJECT_ROOT } from "../helpers";

describe("schemas/environment.schema.json", () => {
  test("is what the zod schema generates (run `npm run schema` after changing environment/schema.ts)", () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, ENVIRONMENT_SCHEMA_FILE), "utf8")).toBe(environmentSchemaText());
  });

  test("rejects unknown keys for editors too", () => {
    const schema = JSON.parse(environmentSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.machines.items.additionalProperties).toBe(false);
  });

  test.each(BUNDLED_ENVIRONMENTS)("environments/%s points editors at it", (file) => {
    const firstLine = fs.readFileSync(path.join(PROJECT_ROOT, "environments", file), "utf8").split("\n")[0];
    expect(firstLine).toBe("# yaml-language-server: $schema=../schemas/environment.schema.json");
  });
});
