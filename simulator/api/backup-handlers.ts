import type { HandlerTable } from "./handler-table";
import { param } from "./handler-table";
import { splitList } from "../schema/named-formats";
import { backupJob, backupJobResponse, backupJobSettings, createBackupJob, updateBackupJob } from "../state/backup-jobs";

const JOB = "/cluster/backup/{id}";

/** Registers the vzdump job endpoints of `cluster/backup`. */
export function registerBackupHandlers(table: HandlerTable): void {
  table
    .on("GET", "/cluster/backup", (request) =>
      [...request.cluster.backupJobs.values()].sort((a, b) => a.id.localeCompare(b.id)).map((job) => backupJobResponse(job)),
    )
    .on("POST", "/cluster/backup", (request) => {
      createBackupJob(request.cluster, param.optionalString(request, "id"), backupJobSettings(request.params));
      return null;
    })
    .on("GET", JOB, (request) => backupJobResponse(backupJob(request.cluster, param.string(request, "id"))))
    .on("PUT", JOB, (request) => {
      updateBackupJob(request.cluster, param.string(request, "id"), backupJobSettings(request.params), splitList(String(request.params.delete ?? "")));
      return null;
    })
    .on("DELETE", JOB, (request) => {
      const job = backupJob(request.cluster, param.string(request, "id"));
      request.cluster.backupJobs.delete(job.id);
      return null;
    });
}
