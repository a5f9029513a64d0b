import type { Construct } from "constructs";
import { ProxmoxBackupJob } from "../constructs/backup-job";
import type { BackupPlan } from "../environment/model";

/** Adds the environment's backup job (Terraform address `proxmox_backup_job.backup_job`). */
export function addBackupJob(scope: Construct, plan: BackupPlan): ProxmoxBackupJob {
  const job = new ProxmoxBackupJob(scope, "backup-job", {
    jobId: plan.id,
    storage: plan.storage,
    vmIds: plan.vmIds,
    schedule: plan.schedule,
    mode: plan.mode,
    keep: plan.keep,
    notify: plan.notify,
    mailTo: plan.mailTo,
    enabled: plan.enabled,
  });
  job.resource.overrideLogicalId("backup_job");
  return job;
}
