import { ApiError } from "../api/api-error";
import { parsePropertyString } from "../schema/property-string";
import type { ParameterSchema, PropertyStringFormat } from "../schema/api-schema";
import { loadApiSchema } from "../schema/api-schema";
import { splitList } from "../schema/named-formats";
import type { BackupJobState, Cluster } from "./cluster";

/** Settings of a job that are property strings, answered as objects (PVE::VZDump::Common's PROPERTY_STRINGS). */
const PROPERTY_STRINGS: ReadonlySet<string> = new Set(["prune-backups", "fleecing", "performance"]);

/** Parameters of the job calls that are not settings. */
const NOT_SETTINGS: ReadonlySet<string> = new Set(["id", "delete", "digest"]);

/** The settings a call gives: every parameter but the job's ID and `delete`, as text. */
export function backupJobSettings(params: Readonly<Record<string, string | number | readonly (string | number)[]>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([key]) => !NOT_SETTINGS.has(key))
      .map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : String(value)]),
  );
}

/** Throws pve-manager's errors for settings that contradict each other or name what does not exist. */
function checkSettings(cluster: Cluster, config: Readonly<Record<string, string>>): void {
  const selections = ["all", "vmid", "pool"].filter((key) => config[key] !== undefined && !(key === "all" && config[key] === "0"));
  if (selections.length > 1) throw new ApiError(400, "Parameter verification failed.", { [selections[1]]: `option conflicts with option '${selections[0]}'` });
  if (selections.length === 0) throw new ApiError(400, "Parameter verification failed.", { vmid: "property is missing and it is not optional" });
  if (config.storage !== undefined && !cluster.storages.has(config.storage)) throw new ApiError(500, `storage '${config.storage}' does not exist`);
}

/** `POST cluster/backup`: a new job, enabled unless it says otherwise. */
export function createBackupJob(cluster: Cluster, id: string | undefined, settings: Readonly<Record<string, string>>): void {
  if (id === undefined) throw new ApiError(400, "Parameter verification failed.", { id: "property is missing and it is not optional" });
  if (cluster.backupJobs.has(id)) throw new ApiError(500, `Job '${id}' already exists`);
  const config = { enabled: "1", ...settings };
  checkSettings(cluster, config);
  cluster.backupJobs.set(id, { id, config });
}

/** A job, or pve-manager's error. */
export function backupJob(cluster: Cluster, id: string): BackupJobState {
  const job = cluster.backupJobs.get(id);
  if (!job) throw new ApiError(500, `Job '${id}' does not exist`);
  return job;
}

/** `PUT cluster/backup/{id}`: `delete` first, then the settings given. */
export function updateBackupJob(cluster: Cluster, id: string, settings: Readonly<Record<string, string>>, deletes: readonly string[]): void {
  const job = backupJob(cluster, id);
  const config = { ...job.config };
  for (const key of deletes) delete config[key];
  Object.assign(config, settings);
  checkSettings(cluster, config);
  job.config = config;
}

/** A job as `GET cluster/backup/{id}` answers: typed as the API schema returns it, property strings as objects, with `id` and `type`. */
export function backupJobResponse(job: BackupJobState): Record<string, unknown> {
  const returns = loadApiSchema().paths["/cluster/backup/{id}"].GET?.returns?.properties ?? {};
  const typed = (schema: ParameterSchema | undefined, value: string): string | number =>
    (schema?.type === "integer" || schema?.type === "boolean" || schema?.type === "number") && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  const response: Record<string, unknown> = { id: job.id, type: "vzdump" };
  for (const [key, value] of Object.entries(job.config)) {
    const schema = returns[key] as (ParameterSchema & { readonly properties?: PropertyStringFormat }) | undefined;
    if (PROPERTY_STRINGS.has(key) && schema?.properties) {
      const parsed = parsePropertyString(schema.properties, value);
      const values = parsed.ok ? parsed.values : {};
      response[key] = Object.fromEntries(Object.entries(values).map(([name, item]) => [name, typed(schema.properties?.[name], item)]));
    } else {
      response[key] = typed(schema, value);
    }
  }
  return response;
}

/** Removes a guest from every job that names it, and a job left with none (what `purge` does when a guest is destroyed). */
export function removeGuestFromBackupJobs(cluster: Cluster, vmid: number): void {
  for (const job of [...cluster.backupJobs.values()]) {
    if (job.config.vmid === undefined) continue;
    const remaining = splitList(job.config.vmid).filter((id) => id !== String(vmid));
    if (remaining.length > 0) job.config.vmid = remaining.join(",");
    else cluster.backupJobs.delete(job.id);
  }
}
