// Writes schemas/environment.schema.json from the zod schema, so editors validate environment files
// (`# yaml-language-server: $schema=../schemas/environment.schema.json`). A test keeps it in sync.
import * as fs from "fs";
import * as path from "path";
import { environmentJsonSchema } from "../environment/schema";

/** The committed JSON Schema, relative to the project root. */
export const ENVIRONMENT_SCHEMA_FILE = "schemas/environment.schema.json";

/** The JSON Schema file's exact text. */
export function environmentSchemaText(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const target = path.join(__dirname, "..", ENVIRONMENT_SCHEMA_FILE);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, environmentSchemaText());
  console.log(`wrote ${ENVIRONMENT_SCHEMA_FILE}`);
}
