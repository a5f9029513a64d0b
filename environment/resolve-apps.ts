import type { AppPlan } from "./app-plan";
import { portEnvName } from "./compose-stacks";
import { didYouMean } from "./did-you-mean";
import type { ValidationIssue } from "./issues";
import type { MachinePlan } from "./model";
import type { EnvironmentSpec } from "./schema";
import { runsService, SERVICE_NAMES } from "./service-names";

/** What the app catalogue adds to an environment's model. */
export interface AppCatalogue {
  /** The apps, in file order. */
  readonly apps: readonly AppPlan[];
  /** More folders of Compose stacks, relative to the project root. */
  readonly composeStackDirs: readonly string[];
  /** The lab CA's URL, `https://<machine>.<domain>` of the first machine by name with the certificate_authority service; absent without one. */
  readonly caUrl?: string;
}

/**
 * Resolves the app catalogue against the environment's resolved machines: each app's machine exists
 * and runs Compose workloads, its hostname defaults to `<name>.<domain>`, and its stack's `.env`
 * settings get its port under `<STACK>_PORT` (which `env` may not set too). Either every app resolves, or
 * the issues say which did not.
 */
export function resolveAppCatalogue(
  file: string,
  spec: EnvironmentSpec,
  machines: readonly MachinePlan[],
): { readonly catalogue: AppCatalogue; readonly issues?: undefined } | { readonly catalogue?: undefined; readonly issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const byName = new Map(machines.map((machine) => [machine.name, machine]));
  const appHosts = machines.filter((machine) => runsService(machine, SERVICE_NAMES.composeApps)).map((machine) => machine.name);
  const apps = (spec.apps ?? []).map((app, index): AppPlan => {
    const machine = byName.get(app.machine);
    if (!machine) {
      issues.push({
        file,
        path: `apps[${index}].machine`,
        message: `no machine named '${app.machine}' in this environment${didYouMean(app.machine, byName.keys())}`,
      });
    } else if (!runsService(machine, SERVICE_NAMES.composeApps)) {
      const candidates = appHosts.length > 0 ? appHosts.join(", ") : "none in this environment";
      issues.push({
        file,
        path: `apps[${index}].machine`,
        message: `${machine.name} (persona ${machine.persona.name}) does not run ${SERVICE_NAMES.composeApps}: an app goes on a machine that does (${candidates})`,
      });
    }
    const port = portEnvName(app.stack);
    const env = app.env ?? {};
    if (Object.hasOwn(env, port)) {
      issues.push({ file, path: `apps[${index}].env.${port}`, message: `is set from apps[${index}].port (the stack publishes the app's port as ${port})` });
    }
    const stackEnv: Record<string, string> = Object.fromEntries(
      [...Object.entries(env).map(([name, value]) => [name, String(value)]), [port, String(app.port)]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return {
      name: app.name,
      index,
      machine: app.machine,
      stack: app.stack,
      port: app.port,
      hostname: app.hostname ?? `${app.name}.${spec.network.domain}`,
      volumeGiB: app.volumeGiB,
      description: app.description,
      env: stackEnv,
    };
  });
  if (issues.length > 0) return { issues };
  // the first by name, as the inventory lists the group's hosts (and site.yml takes the root from it)
  const [authority] = machines.filter((machine) => runsService(machine, SERVICE_NAMES.certificateAuthority)).sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    catalogue: {
      apps,
      composeStackDirs: spec.composeStackDirs ?? [],
      ...(authority ? { caUrl: `https://${authority.name}.${spec.network.domain}` } : {}),
    },
  };
}
