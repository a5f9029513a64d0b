import { backupStorageOf } from "../resolve-backup";
import type { ValidationIssue } from "../issues";
import type { DocumentRule } from "./rule";

/**
 * The backup job writes to a datastore the environment declares for files (`proxmox.imageDatastore`
 * or `proxmox.backupDatastore`), never to the datastore of the machines' disks: a backup next to the
 * disks it protects is lost with them (and block storages hold no backups at all).
 */
export const backupRules: DocumentRule = (documents) =>
  documents.flatMap(({ file, spec }): ValidationIssue[] => {
    const { proxmox, backups } = spec;
    const disksDatastore = `'${proxmox.datastore}' is the datastore of the machines' disks (proxmox.datastore): a backup next to the disks it protects is lost with them`;
    const issues: ValidationIssue[] = [];
    if (proxmox.backupDatastore === proxmox.datastore) issues.push({ file, path: "proxmox.backupDatastore", message: disksDatastore });
    const storage = backupStorageOf(spec);
    if (backups.storage === undefined || storage === proxmox.backupDatastore) return issues;
    if (storage === proxmox.datastore) return [...issues, { file, path: "backups.storage", message: disksDatastore }];
    if (storage !== proxmox.imageDatastore) {
      const declared = [
        `proxmox.imageDatastore: ${proxmox.imageDatastore}`,
        ...(proxmox.backupDatastore ? [`proxmox.backupDatastore: ${proxmox.backupDatastore}`] : []),
      ];
      issues.push({
        file,
        path: "backups.storage",
        message: `storage '${storage}' is not a datastore of this environment (${declared.join(", ")}): declare it as proxmox.backupDatastore`,
      });
    }
    return issues;
  });
