import type { BackupPlan, MachinePlan } from "./model";
import type { EnvironmentSpec } from "./schema";

/** The Proxmox ID of an environment's backup job. */
export function backupJobId(environment: string): string {
  return `homelab-${environment}`;
}

/** The datastore an environment's backups go to: `backups.storage`, else `proxmox.backupDatastore`, else the image datastore. */
export function backupStorageOf(spec: EnvironmentSpec): string {
  return spec.backups.storage ?? spec.proxmox.backupDatastore ?? spec.proxmox.imageDatastore;
}

/**
 * The environment's backup job: the `backups` settings (defaults applied by the schema) over every
 * machine of a stateful persona, VMs and containers alike, by VMID; none when no machine is stateful.
 */
export function resolveBackup(name: string, spec: EnvironmentSpec, machines: readonly MachinePlan[]): BackupPlan | undefined {
  const covered = machines.filter((machine) => machine.persona.stateful);
  if (covered.length === 0) return undefined;
  const { backups } = spec;
  return {
    id: backupJobId(name),
    enabled: backups.enabled,
    storage: backupStorageOf(spec),
    schedule: backups.schedule,
    mode: backups.mode,
    keep: backups.keep,
    notify: backups.notify,
    mailTo: backups.mailTo ?? [],
    machines: covered.map((machine) => machine.name),
    vmIds: covered.map((machine) => machine.vmId).sort((a, b) => a - b),
  };
}
