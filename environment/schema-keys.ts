import type { z } from "zod";

/** The schemas `schema` stands for once wrappers (optional, default, pipe, ...) are peeled and unions spread. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
      return unwrap((def as z.core.$ZodOptionalDef).innerType);
    case "pipe":
      return unwrap((def as z.core.$ZodPipeDef).in);
    case "union":
      return (def as z.core.$ZodUnionDef).options.flatMap(unwrap);
    default:
      return [schema];
  }
}

/** The schemas that can hold the value at `key` of a value checked by `schema` (several for unions). */
function childSchemas(schema: z.core.$ZodType, key: PropertyKey): z.core.$ZodType[] {
  return unwrap(schema).flatMap((inner) => {
    const def = inner._zod.def;
    switch (def.type) {
      case "object": {
        const child = (def as z.core.$ZodObjectDef).shape[String(key)];
        return child ? [child] : [];
      }
      case "array":
        return typeof key === "number" ? [(def as z.core.$ZodArrayDef).element] : [];
      case "record":
        return [(def as z.core.$ZodRecordDef).valueType];
      default:
        return [];
    }
  });
}

/** The keys the object schemas in `schema` (through wrappers and unions) declare. */
function declaredKeys(schema: z.core.$ZodType): string[] {
  return unwrap(schema).flatMap((inner) => (inner._zod.def.type === "object" ? Object.keys((inner._zod.def as z.core.$ZodObjectDef).shape) : []));
}

/** The keys `schema` declares for the object at `path` (e.g. `["machines", 0]`): what a misspelt key was meant to be. */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const schemas = path.reduce<z.core.$ZodType[]>((current, key) => current.flatMap((s) => childSchemas(s, key)), [schema]);
  return [...new Set(schemas.flatMap(declaredKeys))];
}
