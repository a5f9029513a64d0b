import type { ValidationIssue } from "../issues";
import type { BackendPlan } from "../model";
import { stackStateLocations, stateIdentity } from "../state-locations";
import type { ModelRule } from "./rule";

/** The key of `backend` that places the state, as issues point at it. */
function locationPath(backend: BackendPlan): string {
  if (backend.type === "local" && backend.path !== undefined) return "backend.path";
  if (backend.type === "pg" && backend.schemaName !== undefined) return "backend.schemaName";
  if (backend.type === "s3" && backend.key !== undefined) return "backend.key";
  return "backend";
}

/** Every stack of the fleet keeps its own state: two stacks writing one state would plan to destroy each other's resources. */
export const stateLocationRules: ModelRule = (models) => {
  const owners = new Map<string, { readonly stack: string; readonly file: string }>();
  const issues: ValidationIssue[] = [];
  for (const model of models) {
    for (const { stack, location } of stackStateLocations(model)) {
      const identity = stateIdentity(location);
      const owner = owners.get(identity);
      // a stack name given twice is the name rules' issue (two environments of one name)
      if (owner && owner.stack !== stack) {
        const where = owner.file === model.file ? "" : ` (${owner.file})`;
        issues.push({
          file: model.file,
          path: locationPath(model.backend),
          message: `stack ${stack} would keep its state where stack ${owner.stack}${where} keeps its own`,
        });
      } else if (!owner) owners.set(identity, { stack, file: model.file });
    }
  }
  return issues;
};
