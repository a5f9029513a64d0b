// The backup job of an environment's stateful machines: defaults, what the file may set, and the storage rule.
import type { EnvironmentInput } from "../../environment/schema";
import { issueLines, patchedEnvironment, resolveInput, synthInput } from "../helpers";

/** The base environment (docker-1 is stateful) with `backups` and `proxmox` changed. */
function withBackups(backups: EnvironmentInput["backups"], proxmox: Partial<EnvironmentInput["proxmox"]> = {}): EnvironmentInput {
  return patchedEnvironment((document) => {
    document.backups = backups;
    Object.assign(document.proxmox, proxmox);
  });
}

describe("the backup job", () => {
  test("covers every stateful machine with the defaults when the file says nothing: nightly at 02:30 to the image datastore, snapshot, 7/4/6, on failure", () => {
    const model = resolveInput(withBackups(undefined));
    expect(model.backup).toEqual({
      id: "homelab-test",
      enabled: true,
      storage: "local",
      schedule: "02:30",
      mode: "snapshot",
      keep: { daily: 7, weekly: 4, monthly: 6 },
      notify: "failure",
      mailTo: [],
      machines: ["docker-1"],
      vmIds: [501],
    });
  });

  test("takes what the file sets, and proxmox.backupDatastore as its storage", () => {
    const model = resolveInput(
      withBackups(
        { schedule: "sun 01:00", mode: "stop", keep: { daily: 3 }, notify: "always", mailTo: ["ops@example.org"], enabled: false },
        { backupDatastore: "nas" },
      ),
    );
    expect(model.backup).toMatchObject({
      storage: "nas",
      schedule: "sun 01:00",
      mode: "stop",
      keep: { daily: 3, weekly: 4, monthly: 6 },
      notify: "always",
      mailTo: ["ops@example.org"],
      enabled: false,
    });
    expect(model.proxmox.backupDatastore).toBe("nas");
    expect(synthInput(withBackups({ storage: "nas" }, { backupDatastore: "nas" })).resource.proxmox_backup_job.backup_job).toMatchObject({
      storage: "nas",
      vmid: ["501"],
    });
  });

  test("does not exist when no machine is stateful", () => {
    const model = resolveInput(
      patchedEnvironment((document) => {
        document.machines = [document.machines[0]];
      }),
    );
    expect(model.backup).toBeUndefined();
    expect(synthInput(patchedEnvironment((document) => void (document.machines = [document.machines[0]]))).resource.proxmox_backup_job).toBeUndefined();
  });

  test.each<[string, EnvironmentInput, string[]]>([
    [
      "a storage the environment does not declare",
      withBackups({ storage: "nas" }),
      [
        "environment test: backups.storage: storage 'nas' is not a datastore of this environment (proxmox.imageDatastore: local): declare it as proxmox.backupDatastore",
      ],
    ],
    [
      "the datastore of the machines' disks",
      withBackups({ storage: "local-lvm" }),
      [
        "environment test: backups.storage: 'local-lvm' is the datastore of the machines' disks (proxmox.datastore): a backup next to the disks it protects is lost with them",
      ],
    ],
    [
      "a backup datastore that is the disks' datastore",
      withBackups(undefined, { backupDatastore: "local-lvm" }),
      [
        "environment test: proxmox.backupDatastore: 'local-lvm' is the datastore of the machines' disks (proxmox.datastore): a backup next to the disks it protects is lost with them",
      ],
    ],
    [
      "a retention that keeps nothing",
      withBackups({ keep: { daily: 0, weekly: 0, monthly: 0 } }),
      ["environment test: backups.keep: must keep at least one backup"],
    ],
    [
      "a schedule Proxmox cannot read",
      withBackups({ schedule: "every night" }),
      ["environment test: backups.schedule: must be a Proxmox calendar event such as '02:30', 'sun 01:00' or 'mon..fri 22:00'"],
    ],
    ["a mode vzdump does not have", withBackups({ mode: "hot" as never }), ["environment test: backups.mode: must be one of snapshot, suspend, stop"]],
    [
      "a recipient that is no address",
      withBackups({ mailTo: ["ops"] }),
      ["environment test: backups.mailTo[0]: must be an e-mail address or a Proxmox user such as root@pam"],
    ],
    ["an unknown key", withBackups({ schedul: "02:30" } as never), ["environment test: backups.schedul: unknown key 'schedul' (did you mean 'schedule'?)"]],
  ])("%s is an issue", (_, input, lines) => {
    expect(issueLines(() => resolveInput(input))).toEqual(lines);
  });
});
