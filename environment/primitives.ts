import { z } from "zod";
import { secretLookingValue } from "./secret-patterns";
import { parsePublicKeyLine, SSH_KEY_TYPES } from "./ssh-public-key";

/**
 * The value rules shared by the environment schema and the constructs' own prop validation, so a
 * library user composing constructs gets the same rule and wording as a YAML user.
 */

/** Keeps a custom message for malformed values only; a missing value or a wrong type keeps the shared wording. */
export function formatError(message: string): z.core.$ZodErrorMap {
  return (issue) => (issue.code === "invalid_format" ? message : undefined);
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** RFC 1123 host label: lowercase letters, digits and inner hyphens, 1 to 63 characters. */
export const hostLabel = z.string().regex(HOST_LABEL, "must be an RFC 1123 host label (a-z, 0-9, inner '-', 1-63 characters)");

/** Proxmox VMIDs range from 100 to 999999999. */
export const vmId = z.number().int().min(100).max(999_999_999);

/** An IPv4 address such as `10.2.20.53`. */
export const ipv4 = z.ipv4({ error: formatError("must be an IPv4 address such as 10.2.20.53") });

/** An IPv4 address with the prefix length of its network, such as `10.2.20.53/24`. */
export const ipv4WithPrefix = z.cidrv4({ error: formatError("must be an IPv4 address with prefix length such as 10.2.20.53/24") });

/** An 802.1Q VLAN tag. */
export const vlanId = z.number().int().min(1).max(4094);

/** CPU cores of a VM or a node. */
export const cores = z.number().int().min(1).max(1024);

/** Memory in MiB: a whole, positive number. */
export const memoryMiB = z.number().int().min(1);

/** A disk size in GiB. */
export const sizeGiB = z.number().int().min(1).max(65_536);

/** A Proxmox storage (datastore) ID such as `local-lvm`. */
export const datastoreId = z.string().regex(/^[A-Za-z]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/, "must be a Proxmox storage ID such as local-lvm");

/** A Linux bridge name such as `vmbr0` (an interface name: at most 15 characters). */
export const bridgeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,14}$/, "must be a Linux bridge name such as vmbr0 (at most 15 characters)");

/** A disk's bus and slot as Proxmox names them, e.g. `scsi0`, `virtio1`. */
export const diskInterface = z.string().regex(/^(scsi|virtio|sata|ide)\d{1,2}$/, "must be a disk bus and slot such as scsi1");

/**
 * The serial number a disk reports to the guest (Proxmox `serial=`, at most 20 characters): the
 * guest finds the disk by it at `/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_<serial>`.
 */
export const diskSerial = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, "must be a disk serial: 1-20 letters, digits, '-' or '_'");

/** A Proxmox tag: lowercase letters, digits, `-` and `_`. */
export const proxmoxTag = z.string().regex(/^[a-z0-9_-]+$/, "must be a Proxmox tag (a-z, 0-9, '-', '_')");

/** A MAC address such as `BC:24:11:00:00:01`. */
export const macAddress = z.string().regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, "must be a MAC address such as BC:24:11:00:00:01");

/** A DNS domain: host labels joined by dots. */
export const domainName = z
  .string()
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS domain such as lab.home.arpa");

/** A Linux user name. */
export const linuxUser = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a Linux user name (lowercase, up to 32 characters)");

/** The shape of an OpenSSH public key line, for editors (the JSON Schema) and the first message. */
const SSH_PUBLIC_KEY_SHAPE = new RegExp(`^(${SSH_KEY_TYPES.join("|")}) [A-Za-z0-9+/]+={0,2}( .*)?$`);

/** What is wrong with a line of the right shape as a public key, or undefined: the key (sshpk), then its comment. */
function publicKeyProblem(line: string): string | undefined {
  const key = parsePublicKeyLine(line);
  if ("problem" in key) return key.problem;
  if (key.comment === undefined) return undefined;
  if (key.comment.split(" ").some((word) => (SSH_KEY_TYPES as readonly string[]).includes(word))) return "holds a second key in its comment: one key per entry";
  const secret = secretLookingValue(key.comment);
  return secret && `its comment looks like ${secret}: a comment names the key's owner, nothing secret`;
}

/**
 * One OpenSSH public key line: a supported type, the key's exact base64 body (parsed by sshpk, so
 * a truncated or line-wrapped key fails) and an optional comment, which holds neither a second key
 * nor anything that looks like a secret. Messages echo nothing of the line.
 */
export const sshPublicKey = z
  .string()
  .regex(SSH_PUBLIC_KEY_SHAPE, "must be one OpenSSH public key line such as 'ssh-ed25519 AAAA... user@host'")
  .superRefine((line, context) => {
    if (!SSH_PUBLIC_KEY_SHAPE.test(line)) return; // the line's shape is reported above
    const problem = publicKeyProblem(line);
    if (problem) context.addIssue({ code: "custom", message: `is not a valid OpenSSH public key: ${problem}` });
  });

/** A download checksum: `sha256:<hex>` or `sha512:<hex>`. */
export const checksum = z.string().regex(/^sha(256|512):[0-9a-f]+$/, "must be 'sha256:<hex>' or 'sha512:<hex>'");

/** The distributions Proxmox VE sets up inside a container (network, hostname, SSH keys); `unmanaged` would leave all of that undone. */
export const CONTAINER_OS_TYPES = ["debian", "devuan", "ubuntu", "centos", "fedora", "opensuse", "archlinux", "alpine", "gentoo", "nixos"] as const;

/** The schema of a container's distribution: one of {@link CONTAINER_OS_TYPES}. */
export const containerOsType = z.enum(CONTAINER_OS_TYPES);

/** The file name of an LXC template (a `vztmpl` volume): a tar archive, compressed or not. */
export const containerTemplateFileName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+\.tar(\.(gz|xz|zst|bz2))?$/, "must be a file name ending in .tar, .tar.zst, .tar.xz, .tar.gz or .tar.bz2");

/** An OCI image reference: `[registry/]repository[:tag][@sha256:digest]`. */
export const ociReference = z
  .string()
  .regex(
    /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[0-9a-f]{64})?$/,
    "must be an OCI image reference such as docker.io/library/debian:12",
  );

/** The `vztmpl` volume ID of an LXC template, e.g. `local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst`. */
export const containerTemplateVolume = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*:vztmpl\/[A-Za-z0-9._-]+\.tar(\.(gz|xz|zst|bz2))?$/, "must be a vztmpl volume such as local:vztmpl/debian-12.tar.zst");

const WEEKDAY = "(mon|tue|wed|thu|fri|sat|sun)";
const WEEKDAYS = new RegExp(`^${WEEKDAY}(\\.\\.${WEEKDAY})?(,${WEEKDAY}(\\.\\.${WEEKDAY})?)*$`);
const CALENDAR_NUMBER = "[0-9*][0-9*,./]*";
const CALENDAR_DATE = new RegExp(`^${CALENDAR_NUMBER}-${CALENDAR_NUMBER}(-${CALENDAR_NUMBER})?$`);
const CALENDAR_TIME = new RegExp(`^${CALENDAR_NUMBER}(:${CALENDAR_NUMBER}){0,2}$`);
const CALENDAR_KEYWORD = /^(minutely|hourly|daily|weekly|monthly|yearly|annually|quarterly|semiannually)$/;

/** Whether a text reads as a calendar event: a keyword, or weekdays, a date and a time, in that order, each optional but one. */
function isCalendarEvent(text: string): boolean {
  if (CALENDAR_KEYWORD.test(text)) return true;
  const parts = text.trim().split(/\s+/);
  const kinds = [WEEKDAYS, CALENDAR_DATE, CALENDAR_TIME];
  let next = 0;
  for (const part of parts) {
    while (next < kinds.length && !kinds[next].test(part)) next += 1;
    if (next === kinds.length) return false;
    next += 1;
  }
  return parts.length > 0 && parts[0] !== "";
}

/** A Proxmox VE calendar event (systemd-like): `02:30`, `sun 01:00`, `mon..fri 22:00`, `*-*-1 03:00`, `daily`. */
export const calendarEvent = z.string().max(128).refine(isCalendarEvent, "must be a Proxmox calendar event such as '02:30', 'sun 01:00' or 'mon..fri 22:00'");

/** Where Proxmox VE sends a notification: an e-mail address or a Proxmox user (`root@pam`). */
export const mailTarget = z.string().regex(/^[^\s,;@]+@[^\s,;@]+$/, "must be an e-mail address or a Proxmox user such as root@pam");

/** A distribution Proxmox VE sets up inside a container (`debian`, `ubuntu`, `alpine`, ...; not `unmanaged`). */
export type ContainerOsType = (typeof CONTAINER_OS_TYPES)[number];
