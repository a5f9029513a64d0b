import { Testing } from "cdktf";
import { BackupJob } from "../../.gen/providers/proxmox/backup-job";
import type { ProxmoxBackupJobProps } from "../../constructs/backup-job";
import { ProxmoxBackupJob } from "../../constructs/backup-job";
import { proxmoxStack } from "../helpers";

const baseProps: ProxmoxBackupJobProps = { jobId: "homelab-lab", storage: "nas", vmIds: [2004, 2001] };

function synthJob(props: Partial<ProxmoxBackupJobProps> = {}): Record<string, unknown> {
  const stack = proxmoxStack();
  new ProxmoxBackupJob(stack, "backups", { ...baseProps, ...props });
  const resources = JSON.parse(Testing.synth(stack, true)).resource.proxmox_backup_job as Record<string, Record<string, unknown>>;
  return Object.values(resources)[0];
}

describe("ProxmoxBackupJob", () => {
  test("backs up the guests nightly in snapshot mode, zstd, keeping 7 daily, 4 weekly and 6 monthly, notifying on failure", () => {
    expect(synthJob()).toMatchObject({
      id: "homelab-lab",
      enabled: true,
      schedule: "02:30",
      storage: "nas",
      vmid: ["2001", "2004"],
      mode: "snapshot",
      compress: "zstd",
      prune_backups: { "keep-daily": "7", "keep-weekly": "4", "keep-monthly": "6" },
      mailnotification: "failure",
    });
    expect(synthJob().mailto).toBeUndefined();
  });

  test("takes the schedule, mode, retention (kinds that keep none left out), notification and recipients it is given", () => {
    expect(
      synthJob({
        schedule: "sun 01:00",
        mode: "stop",
        keep: { daily: 0, weekly: 2, monthly: 12 },
        notify: "always",
        mailTo: ["ops@example.org"],
        enabled: false,
      }),
    ).toMatchObject({
      schedule: "sun 01:00",
      mode: "stop",
      prune_backups: { "keep-weekly": "2", "keep-monthly": "12" },
      mailnotification: "always",
      mailto: ["ops@example.org"],
      enabled: false,
    });
  });

  test("is the L1 resource's node.defaultChild", () => {
    const stack = proxmoxStack();
    const job = new ProxmoxBackupJob(stack, "backups", baseProps);
    expect(job.resource).toBeInstanceOf(BackupJob);
    expect(job.node.defaultChild).toBe(job.resource);
  });

  test.each<[string, Partial<ProxmoxBackupJobProps>, string]>([
    ["no guest", { vmIds: [] }, "vmIds: must hold at least 1 item"],
    ["a guest twice", { vmIds: [2001, 2001] }, "vmIds[1]: VMID 2001 is listed twice"],
    ["a retention that keeps nothing", { keep: { daily: 0, weekly: 0, monthly: 0 } }, "keep: must keep at least one backup"],
    ["a schedule Proxmox cannot read", { schedule: "every night" }, "schedule: must be a Proxmox calendar event"],
    ["a job ID Proxmox does not take", { jobId: "1-backup" }, "jobId: must be a Proxmox job ID"],
    ["a recipient that is neither address nor user", { mailTo: ["ops"] }, "mailTo[0]: must be an e-mail address or a Proxmox user"],
  ])("rejects %s at synth", (_, props, message) => {
    const stack = proxmoxStack();
    new ProxmoxBackupJob(stack, "backups", { ...baseProps, ...props });
    expect(() => Testing.synth(stack, true)).toThrow(`[test/backups] ${message}`);
  });
});
