import { didYouMean } from "../did-you-mean";
import type { ValidationIssue } from "../issues";
import type { Persona } from "../persona";

/** How issues about a persona name their source (personas are code, not files). */
export function personaSource(name: string): string {
  return `persona ${name}`;
}

/**
 * The persona dependency graph is sound: every `dependsOn` names a persona of the catalog and no
 * persona depends on itself, directly or through others (each cycle is reported once, on the
 * edge that closes it, in catalog order).
 */
export function personaGraphRules(catalog: ReadonlyMap<string, Persona>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = [...catalog.keys()];
  const done = new Set<string>();
  const visit = (name: string, trail: readonly string[]): void => {
    if (done.has(name)) return;
    const dependsOn = catalog.get(name)?.dependsOn ?? [];
    dependsOn.forEach((dependency, index) => {
      if (typeof dependency !== "string" || !catalog.has(dependency)) return;
      const cycleStart = trail.indexOf(dependency);
      if (dependency === name || cycleStart >= 0) {
        const cycle = [...trail.slice(cycleStart >= 0 ? cycleStart : trail.length), name, dependency];
        issues.push({ file: personaSource(name), path: `dependsOn[${index}]`, message: `dependency cycle ${cycle.join(" -> ")}` });
        return;
      }
      visit(dependency, [...trail, name]);
    });
    done.add(name);
  };
  for (const [name, persona] of catalog) {
    (persona.dependsOn ?? []).forEach((dependency, index) => {
      if (typeof dependency === "string" && !catalog.has(dependency)) {
        issues.push({ file: personaSource(name), path: `dependsOn[${index}]`, message: `unknown persona '${dependency}'${didYouMean(dependency, names)}` });
      }
    });
  }
  for (const name of names) visit(name, []);
  return issues;
}
