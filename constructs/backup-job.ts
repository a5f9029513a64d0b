import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { z } from "zod";
import { BackupJob } from "../.gen/providers/proxmox/backup-job";
import { calendarEvent, datastoreId, mailTarget, vmId } from "../environment/primitives";
import { propProblems } from "../environment/schema-check";
import { dependencies } from "./normalize";

/** How many backups vzdump keeps per guest; older ones are pruned after each run. */
export interface BackupRetentionProps {
  /** Daily backups kept. @default 7 */
  readonly daily?: number;
  /** Weekly backups kept. @default 4 */
  readonly weekly?: number;
  /** Monthly backups kept. @default 6 */
  readonly monthly?: number;
}

/** Props of {@link ProxmoxBackupJob}. */
export interface ProxmoxBackupJobProps {
  /** The job's ID in Proxmox (`Datacenter > Backup`), e.g. `homelab-lab`. Changing it replaces the job. */
  readonly jobId: string;
  /** Datastore the backups go to (one with the `backup` content type). */
  readonly storage: string;
  /** VMIDs of the VMs and containers it backs up (at least one). */
  readonly vmIds: readonly number[];
  /** When it runs, a Proxmox calendar event. @default `02:30` (every day) */
  readonly schedule?: string;
  /** vzdump mode. @default `snapshot` (running guests are backed up without stopping them) */
  readonly mode?: "snapshot" | "suspend" | "stop";
  /** Backups kept per guest. @default 7 daily, 4 weekly, 6 monthly */
  readonly keep?: BackupRetentionProps;
  /** When Proxmox sends a notification about a run. @default `failure` */
  readonly notify?: "always" | "failure";
  /** E-mail addresses or Proxmox users notified. @default the notification system's default target */
  readonly mailTo?: readonly string[];
  /** Run the job; false keeps it, switched off. @default true */
  readonly enabled?: boolean;
  /** Compression of the archives. @default `zstd` */
  readonly compress?: "zstd" | "lzo" | "gzip";
  /** Resources the job is created after. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const retentionCount = z.number().int().min(0).max(1000);

/** The rules for the props, checked at synth: the environment schema's primitives. */
const propsSchema = z
  .object({
    jobId: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{1,49}$/, "must be a Proxmox job ID: a letter, then letters, digits, '-' or '_' (2-50 characters)"),
    storage: datastoreId,
    vmIds: z.array(vmId).min(1),
    schedule: calendarEvent.optional(),
    keep: z.object({ daily: retentionCount.optional(), weekly: retentionCount.optional(), monthly: retentionCount.optional() }).optional(),
    mailTo: z.array(mailTarget).optional(),
  })
  .superRefine((props, context) => {
    const keep = retentionOf(props.keep);
    if (keep.daily + keep.weekly + keep.monthly === 0) context.addIssue({ code: "custom", path: ["keep"], message: "must keep at least one backup" });
    props.vmIds.forEach((id, index) => {
      if (props.vmIds.indexOf(id) !== index) context.addIssue({ code: "custom", path: ["vmIds", index], message: `VMID ${id} is listed twice` });
    });
  });

/** The retention with its defaults applied. */
function retentionOf(keep: BackupRetentionProps | undefined): Required<BackupRetentionProps> {
  return { daily: keep?.daily ?? 7, weekly: keep?.weekly ?? 4, monthly: keep?.monthly ?? 6 };
}

/** `prune_backups` as Proxmox stores it: the kinds that keep any. */
function pruneBackups(keep: Required<BackupRetentionProps>): Record<string, string> {
  const kinds = [
    ["keep-daily", keep.daily],
    ["keep-weekly", keep.weekly],
    ["keep-monthly", keep.monthly],
  ] as const;
  return Object.fromEntries(kinds.filter(([, count]) => count > 0).map(([kind, count]) => [kind, String(count)]));
}

/**
 * A vzdump backup job of the cluster (`proxmox_backup_job`): named guests, on a schedule, to a
 * backup datastore, in snapshot mode, with a retention and a notification on failure. The L1
 * resource is {@link ProxmoxBackupJob.resource} (also `node.defaultChild`).
 */
export class ProxmoxBackupJob extends Construct {
  /** The generated L1 resource: the escape hatch. */
  public readonly resource: BackupJob;

  constructor(scope: Construct, id: string, props: ProxmoxBackupJobProps) {
    super(scope, id);
    this.resource = new BackupJob(this, "job", {
      id: props.jobId,
      enabled: props.enabled ?? true,
      schedule: props.schedule ?? "02:30",
      storage: props.storage,
      vmid: [...props.vmIds].sort((a, b) => a - b).map(String),
      mode: props.mode ?? "snapshot",
      compress: props.compress ?? "zstd",
      pruneBackups: pruneBackups(retentionOf(props.keep)),
      mailnotification: props.notify ?? "failure",
      mailto: props.mailTo && props.mailTo.length > 0 ? [...props.mailTo] : undefined,
      dependsOn: dependencies(props.dependsOn),
    });
    this.node.defaultChild = this.resource;
    this.node.addValidation({ validate: () => propProblems(propsSchema, props) });
  }
}
