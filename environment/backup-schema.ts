import { z } from "zod";
import { calendarEvent, datastoreId, mailTarget } from "./primitives";

/** How many backups of each kind vzdump keeps per machine (`prune-backups`). */
const retention = z
  .strictObject({
    daily: z.number().int().min(0).max(1000).default(7).describe("Daily backups kept"),
    weekly: z.number().int().min(0).max(1000).default(4).describe("Weekly backups kept"),
    monthly: z.number().int().min(0).max(1000).default(6).describe("Monthly backups kept"),
  })
  .refine((keep) => keep.daily + keep.weekly + keep.monthly > 0, "must keep at least one backup")
  .describe("Retention per machine: vzdump prunes older backups after each run");

/** The defaults of a backup job, the ones that apply when the environment file says nothing. */
export const BACKUP_DEFAULTS = { schedule: "02:30", mode: "snapshot", keep: { daily: 7, weekly: 4, monthly: 6 }, notify: "failure" } as const;

/**
 * The environment's backup job: every machine of a stateful persona (VM or container) is backed up
 * by vzdump on a schedule, to a datastore of the environment, with a retention. Absent, the
 * defaults apply; `enabled: false` keeps the job in Proxmox, switched off.
 */
export const backupsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run the job; false keeps it in Proxmox, switched off"),
    storage: datastoreId
      .optional()
      .describe(
        "Datastore the backups go to (the 'backup' content type): proxmox.backupDatastore or proxmox.imageDatastore; proxmox.backupDatastore when absent",
      ),
    schedule: calendarEvent.default(BACKUP_DEFAULTS.schedule).describe("When the job runs, a Proxmox calendar event; every day at 02:30 when absent"),
    mode: z
      .enum(["snapshot", "suspend", "stop"])
      .default(BACKUP_DEFAULTS.mode)
      .describe("vzdump mode; snapshot backs up running machines without stopping them"),
    keep: retention.prefault({}),
    notify: z.enum(["always", "failure"]).default(BACKUP_DEFAULTS.notify).describe("When Proxmox sends a notification about a run"),
    mailTo: z.array(mailTarget).min(1).optional().describe("Who gets it; the notification system's default target when absent"),
  })
  .describe("The backup job of the environment's stateful machines");

/** The `backups` section after validation. */
export type BackupsSpec = z.output<typeof backupsSchema>;
