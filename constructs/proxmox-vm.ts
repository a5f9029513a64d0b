import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { z } from "zod";
import type { VirtualEnvironmentVmDisk, VirtualEnvironmentVmNetworkDevice } from "../.gen/providers/proxmox/virtual-environment-vm";
import {
  bridgeName,
  cores,
  datastoreId,
  diskInterface,
  diskSerial,
  domainName,
  hostLabel,
  ipv4,
  ipv4WithPrefix,
  linuxUser,
  macAddress,
  memoryMiB,
  proxmoxTag,
  sizeGiB,
  sshPublicKey,
  vlanId,
  vmId,
} from "../environment/primitives";
import { propProblems } from "../environment/schema-check";
import { dependencies, proxmoxTags } from "./normalize";
import { ProxmoxVmResource } from "./vm-resource";

/** Disk bus and slot as Proxmox names them, e.g. `scsi0`, `virtio1`, `sata2`. */
export type DiskInterface = `${"scsi" | "virtio" | "sata" | "ide"}${number}`;

/** One virtual disk. */
export interface VmDiskProps {
  /** Size in GiB. */
  readonly sizeGiB: number;
  /** Proxmox datastore that holds the disk, e.g. `local-lvm`. */
  readonly datastore: string;
  /** Bus and slot. @default `scsi0` for the boot disk, `scsi1`, `scsi2`, ... for data disks in the order they are given or added */
  readonly interface?: DiskInterface;
  /** Serial number the guest sees (at most 20 characters), so it finds the disk at `/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_<serial>`. @default none */
  readonly serial?: string;
  /** Tell the guest the disk is an SSD. @default true */
  readonly ssd?: boolean;
  /** Pass TRIM/discard through to thin storage. @default true */
  readonly discard?: boolean;
  /** A dedicated IO thread (needs `virtio-scsi-single`, which this construct sets). @default true */
  readonly iothread?: boolean;
  /** Include the disk in Proxmox backups. @default true */
  readonly backup?: boolean;
}

/** One virtual NIC (virtio). */
export interface VmNicProps {
  /** Linux bridge on the node, e.g. `vmbr0`. */
  readonly bridge: string;
  /** 802.1Q VLAN tag. @default untagged */
  readonly vlan?: number;
  /** Fixed MAC address. @default one Proxmox generates */
  readonly macAddress?: string;
  /** Proxmox firewall on this NIC. @default false */
  readonly firewall?: boolean;
}

/** A static IPv4 address in CIDR notation with its gateway. */
export interface StaticIpv4 {
  /** Address with prefix length, e.g. `10.2.20.53/24`. */
  readonly address: string;
  /** Default gateway, e.g. `10.2.20.1`. */
  readonly gateway: string;
}

/** What the VM does when Terraform destroys it. */
export interface VmLifecycleProps {
  /** Proxmox deletion protection (the VM cannot be removed through the API). @default false */
  readonly protection?: boolean;
  /** Terraform refuses to plan a destroy of this VM (`lifecycle.prevent_destroy`). @default false */
  readonly preventDestroy?: boolean;
  /**
   * Keep the disks of this VMID that the VM does not refer to when it is destroyed. Every disk it
   * refers to (boot, data, cloud-init, and unused disks such as a detached data disk) goes with it
   * whatever this says. @default false
   */
  readonly keepUnreferencedDisks?: boolean;
  /** Stop the VM (instead of a guest shutdown) before destroying it. @default false */
  readonly stopOnDestroy?: boolean;
}

/** Props of {@link ProxmoxVm}. Intent-level: sizes in MiB/GiB, the IP as CIDR, defaults for everything else. */
export interface ProxmoxVmProps {
  /** VM name in Proxmox, also the cloud-init hostname (an RFC 1123 host label). */
  readonly name: string;
  /** Proxmox node that runs the VM; changing it migrates the VM (with its local disks, online) rather than replacing it. */
  readonly node: string;
  /** Proxmox VMID (100 to 999999999). */
  readonly vmId: number;
  /** VMID of the template to clone. */
  readonly templateVmId: number;
  /** Node that holds the template. @default the VM's node */
  readonly templateNode?: string;
  /** Full clone (independent disks) rather than a linked clone. @default true */
  readonly fullClone?: boolean;
  /**
   * How often the provider sends the clone request when Proxmox answers with a transient error
   * (a 5xx, or a lock timeout while other VMs clone the same template). @default 3
   */
  readonly cloneRetries?: number;
  /**
   * Whether the VM follows its template: a change of the template (its VMID or node) replaces the
   * VM with a new clone. Otherwise the clone source is ignored once the VM exists, so a template
   * bump changes only what new VMs clone. @default false
   */
  readonly followTemplate?: boolean;
  /** Virtual CPU cores per socket. @default 2 */
  readonly cores?: number;
  /** CPU sockets. @default 1 */
  readonly sockets?: number;
  /** CPU model. @default `x86-64-v2-AES` */
  readonly cpuType?: string;
  /** Dedicated memory in MiB. */
  readonly memoryMiB: number;
  /** Ballooning floor in MiB. @default ballooning off */
  readonly floatingMemoryMiB?: number;
  /** The boot disk, resized from the template's disk. */
  readonly bootDisk: VmDiskProps;
  /** Data disks, attached after the boot disk (more with {@link ProxmoxVm.addDisk}). @default none */
  readonly dataDisks?: readonly VmDiskProps[];
  /** NICs, the first one carries the IP configuration (more with {@link ProxmoxVm.addNic}); a VM needs at least one. @default none */
  readonly nics?: readonly VmNicProps[];
  /** Static IPv4 for the first NIC, or `"dhcp"`. */
  readonly ipv4: StaticIpv4 | "dhcp";
  /** DNS resolvers written by cloud-init. @default none (DHCP or the template decides) */
  readonly dnsServers?: readonly string[];
  /** DNS search domain written by cloud-init. @default none */
  readonly dnsDomain?: string;
  /** Login user that cloud-init creates. */
  readonly user: string;
  /** SSH public keys for that user (no passwords: nothing secret reaches the Terraform JSON). */
  readonly sshKeys: readonly string[];
  /** Datastore for the cloud-init drive. @default the boot disk's datastore */
  readonly cloudInitDatastore?: string;
  /** Proxmox tags; sorted and de-duplicated, as Proxmox stores them. @default none */
  readonly tags?: readonly string[];
  /** Free-text description shown in the Proxmox UI. @default none */
  readonly description?: string;
  /** Start the VM when the node boots. @default true */
  readonly onBoot?: boolean;
  /** Position in the node's start order (lower starts first). @default unset */
  readonly startOrder?: number;
  /** Destroy-time behaviour. @default everything off: the VM is disposable */
  readonly lifecycle?: VmLifecycleProps;
  /** Resources this VM must be created after. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const disk = z.object({ sizeGiB, datastore: datastoreId, interface: diskInterface.optional(), serial: diskSerial.optional() });

/** The rules for the props (and what the mutators added): the environment schema's primitives, checked at synth. */
const propsSchema = z
  .object({
    name: hostLabel,
    node: hostLabel,
    vmId,
    templateVmId: vmId,
    templateNode: hostLabel.optional(),
    cores: cores.optional(),
    sockets: z.number().int().min(1).max(4).optional(),
    memoryMiB,
    floatingMemoryMiB: z.number().int().min(0).optional(),
    bootDisk: disk,
    dataDisks: z.array(disk),
    nics: z.array(z.object({ bridge: bridgeName, vlan: vlanId.optional(), macAddress: macAddress.optional() })).min(1),
    ipv4: z.union([z.literal("dhcp"), z.object({ address: ipv4WithPrefix, gateway: ipv4 })]),
    dnsServers: z.array(ipv4).optional(),
    dnsDomain: domainName.optional(),
    user: linuxUser,
    sshKeys: z.array(sshPublicKey),
    cloudInitDatastore: datastoreId.optional(),
    cloneRetries: z.number().int().min(1).max(10).optional(),
    tags: z.array(proxmoxTag).optional(),
    startOrder: z.number().int().min(0).optional(),
  })
  .superRefine((props, context) => {
    const disks = [props.bootDisk, ...props.dataDisks];
    const interfaces = disks.map((item, index) => item.interface ?? `scsi${index}`);
    interfaces.forEach((slot, index) => {
      if (interfaces.indexOf(slot) !== index)
        context.addIssue({ code: "custom", path: ["dataDisks", index - 1, "interface"], message: `${slot} is taken by another disk` });
    });
    const serials = disks.map((item) => item.serial);
    serials.forEach((serial, index) => {
      if (serial !== undefined && serials.indexOf(serial) !== index)
        context.addIssue({ code: "custom", path: ["dataDisks", index - 1, "serial"], message: `serial ${serial} is taken by another disk` });
    });
    if (props.floatingMemoryMiB !== undefined && props.floatingMemoryMiB > props.memoryMiB) {
      context.addIssue({ code: "custom", path: ["floatingMemoryMiB"], message: `must not be above memoryMiB (${props.memoryMiB})` });
    }
  });

/** How long the provider waits for the QEMU guest agent before giving up on a call. */
const GUEST_AGENT_TIMEOUT = "15m";

/** Clone attributes ignored once the VM exists when it follows its template: all but the template's VMID (each of them forces a new VM). */
const CLONE_DETAILS = ["clone[0].retries", "clone[0].node_name", "clone[0].full", "clone[0].datastore_id"];

/** The L1 disk entry of a disk in slot `index` (0: the boot disk). */
function l1Disk(item: VmDiskProps, index: number): VirtualEnvironmentVmDisk {
  return {
    interface: item.interface ?? `scsi${index}`,
    size: item.sizeGiB,
    datastoreId: item.datastore,
    serial: item.serial,
    ssd: item.ssd ?? true,
    discard: (item.discard ?? true) ? "on" : "ignore",
    iothread: item.iothread ?? true,
    backup: item.backup ?? true,
  };
}

/** The L1 network device of a NIC: virtio, firewall off unless asked. */
export function l1Nic(nic: VmNicProps): VirtualEnvironmentVmNetworkDevice {
  return { bridge: nic.bridge, model: "virtio", vlanId: nic.vlan, macAddress: nic.macAddress, firewall: nic.firewall ?? false };
}

/**
 * A Proxmox VM cloned from a template, configured by cloud-init, for the bpg/proxmox provider.
 *
 * It owns the resource type (`proxmox_virtual_environment_vm`). Grow it with {@link ProxmoxVm.addDisk}
 * and {@link ProxmoxVm.addNic}; its props (and what they add) are validated at synth, with errors
 * naming the construct path. The L1 resource is {@link ProxmoxVm.resource} (also `node.defaultChild`)
 * for anything the props do not cover.
 */
export class ProxmoxVm extends Construct {
  /** The generated L1 resource: the escape hatch (`addOverride`, extra attributes). */
  public readonly resource: ProxmoxVmResource;
  /** The VM's name. */
  public readonly vmName: string;
  /** The VM's VMID. */
  public readonly vmId: number;
  /** The static IPv4 address without prefix, or undefined for DHCP. Known at synth: never read from the guest agent. */
  public readonly ipAddress?: string;

  private readonly disks: VmDiskProps[];
  private readonly nics: VmNicProps[];

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    this.vmName = props.name;
    this.vmId = props.vmId;
    this.ipAddress = props.ipv4 === "dhcp" ? undefined : props.ipv4.address.split("/")[0];
    this.disks = [props.bootDisk, ...(props.dataDisks ?? [])];
    this.nics = [...(props.nics ?? [])];
    const lifecycle = props.lifecycle ?? {};

    this.resource = new ProxmoxVmResource(this, "vm", {
      name: props.name,
      nodeName: props.node,
      vmId: props.vmId,
      description: props.description,
      tags: proxmoxTags(props.tags),
      onBoot: props.onBoot ?? true,
      startup: props.startOrder === undefined ? undefined : { order: props.startOrder },
      clone: {
        vmId: props.templateVmId,
        nodeName: props.templateNode && props.templateNode !== props.node ? props.templateNode : undefined,
        full: props.fullClone ?? true,
        retries: props.cloneRetries ?? 3,
      },
      // a node change migrates the VM (with its local disks) instead of replacing it
      migrate: true,
      cpu: { cores: props.cores ?? 2, sockets: props.sockets ?? 1, type: props.cpuType ?? "x86-64-v2-AES" },
      memory: { dedicated: props.memoryMiB, floating: props.floatingMemoryMiB ?? 0 },
      scsiHardware: "virtio-scsi-single",
      operatingSystem: { type: "l26" },
      // The agent runs in every template, but IPs are static and known at synth: nothing waits
      // for the agent to report addresses, so a plan never blocks on a guest that is not up.
      agent: { enabled: true, timeout: GUEST_AGENT_TIMEOUT, trim: true, waitForIp: { disabled: true } },
      initialization: {
        datastoreId: props.cloudInitDatastore ?? props.bootDisk.datastore,
        dns: props.dnsServers || props.dnsDomain ? { servers: props.dnsServers && [...props.dnsServers], domain: props.dnsDomain } : undefined,
        ipConfig: [{ ipv4: props.ipv4 === "dhcp" ? { address: "dhcp" } : { ...props.ipv4 } }],
        userAccount: { username: props.user, keys: [...props.sshKeys] },
      },
      protection: lifecycle.protection ?? false,
      deleteUnreferencedDisksOnDestroy: !(lifecycle.keepUnreferencedDisks ?? false),
      stopOnDestroy: lifecycle.stopOnDestroy ?? false,
      lifecycle: {
        ...(lifecycle.preventDestroy ? { preventDestroy: true } : {}),
        // every clone attribute forces a new VM: ignored once the VM exists, unless it follows its template
        ignoreChanges: props.followTemplate ? CLONE_DETAILS : ["clone"],
      },
      dependsOn: dependencies(props.dependsOn),
    });
    this.node.defaultChild = this.resource;
    this.putDisks();
    this.putNics();
    this.node.addValidation({ validate: () => propProblems(propsSchema, { ...props, dataDisks: this.disks.slice(1), nics: this.nics }) });
  }

  /** Attaches a data disk after the ones the VM has, in the next slot (`scsi<n>`) unless it names its own. */
  public addDisk(disk: VmDiskProps): void {
    this.disks.push(disk);
    this.putDisks();
  }

  /** Adds a NIC after the ones the VM has. */
  public addNic(nic: VmNicProps): void {
    this.nics.push(nic);
    this.putNics();
  }

  private putDisks(): void {
    this.resource.putDisk(this.disks.map(l1Disk));
  }

  private putNics(): void {
    if (this.nics.length > 0) this.resource.putNetworkDevice(this.nics.map(l1Nic));
  }
}
