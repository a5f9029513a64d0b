import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { VirtualEnvironmentVm } from "../.gen/providers/proxmox/virtual-environment-vm";
import type { VmNicProps } from "./network-device";
import { networkDevices } from "./network-device";
import { dependencies, proxmoxTags } from "./normalize";

/** Disk bus and slot as Proxmox names them, e.g. `scsi0`, `virtio1`, `sata2`. */
export type DiskInterface = `${"scsi" | "virtio" | "sata" | "ide"}${number}`;

/** One virtual disk. */
export interface VmDiskProps {
  /** Size in GiB. */
  readonly sizeGiB: number;
  /** Proxmox datastore that holds the disk, e.g. `local-lvm`. */
  readonly datastore: string;
  /** Bus and slot. @default `scsi0` for the boot disk, `scsi1`, `scsi2`, ... for data disks in order */
  readonly interface?: DiskInterface;
  /** Tell the guest the disk is an SSD. @default true */
  readonly ssd?: boolean;
  /** Pass TRIM/discard through to thin storage. @default true */
  readonly discard?: boolean;
  /** A dedicated IO thread (needs `virtio-scsi-single`, which this construct sets). @default true */
  readonly iothread?: boolean;
  /** Include the disk in Proxmox backups. @default true */
  readonly backup?: boolean;
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
  /** Keep disks that are not referenced by the configuration when the VM is destroyed. @default false */
  readonly keepUnreferencedDisks?: boolean;
  /** Stop the VM (instead of a guest shutdown) before destroying it. @default false */
  readonly stopOnDestroy?: boolean;
}

/** Props of {@link ProxmoxVm}. Intent-level: sizes in MiB/GiB, the IP as CIDR, defaults for everything else. */
export interface ProxmoxVmProps {
  /** VM name in Proxmox, also the cloud-init hostname. */
  readonly name: string;
  /** Proxmox node that runs the VM. */
  readonly node: string;
  /** Proxmox VMID. */
  readonly vmId: number;
  /** VMID of the template to clone. */
  readonly templateVmId: number;
  /** Node that holds the template. @default the VM's node */
  readonly templateNode?: string;
  /** Full clone (independent disks) rather than a linked clone. @default true */
  readonly fullClone?: boolean;
  /** Virtual CPU cores per socket. @default 2 */
  readonly cores?: number;
  /** CPU sockets. @default 1 */
  readonly sockets?: number;
  /** CPU model. @default `x86-64-v2-AES` */
  readonly cpuType?: string;
  /** Dedicated memory in MiB. */
  readonly memoryMiB: number;
  /** Ballooning floor in MiB; ballooning off when absent. */
  readonly floatingMemoryMiB?: number;
  /** The boot disk, resized from the template's disk. */
  readonly bootDisk: VmDiskProps;
  /** Data disks, attached after the boot disk. @default none */
  readonly dataDisks?: VmDiskProps[];
  /** NICs, the first one carries the IP configuration. At least one. */
  readonly nics: VmNicProps[];
  /** Static IPv4 for the first NIC, or `"dhcp"`. */
  readonly ipv4: StaticIpv4 | "dhcp";
  /** DNS resolvers written by cloud-init. @default none (DHCP or the template decides) */
  readonly dnsServers?: string[];
  /** DNS search domain written by cloud-init. */
  readonly dnsDomain?: string;
  /** Login user that cloud-init creates. */
  readonly user: string;
  /** SSH public keys for that user (no passwords: nothing secret reaches the Terraform JSON). */
  readonly sshKeys: string[];
  /** Datastore for the cloud-init drive. @default the boot disk's datastore */
  readonly cloudInitDatastore?: string;
  /** Proxmox tags; sorted and de-duplicated, as Proxmox stores them. @default none */
  readonly tags?: string[];
  /** Free-text description shown in the Proxmox UI. */
  readonly description?: string;
  /** Start the VM when the node boots. @default true */
  readonly onBoot?: boolean;
  /** Position in the node's start order (lower starts first). @default unset */
  readonly startOrder?: number;
  /** Destroy-time behaviour. @default everything off: the VM is disposable */
  readonly lifecycle?: VmLifecycleProps;
  /** Resources this VM must be created after. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The generated VM resource without its unset top-level attributes. The generated class hands cdktf
 * all of its ~100 attributes, set or not, and cdktf resolves each one twice per VM; dropping the
 * unset ones first makes a 1000-machine synth about a fifth faster, with identical JSON.
 */
class CompactVirtualEnvironmentVm extends VirtualEnvironmentVm {
  protected synthesizeAttributes(): { [name: string]: unknown } {
    return Object.fromEntries(Object.entries(super.synthesizeAttributes()).filter(([, value]) => value !== undefined));
  }
}

/** How long the provider waits for the QEMU guest agent before giving up on a call. */
const GUEST_AGENT_TIMEOUT = "15m";

/**
 * A Proxmox VM cloned from a template, configured by cloud-init, for the bpg/proxmox provider.
 *
 * It owns the resource type (`proxmox_virtual_environment_vm`); reach the L1 resource through
 * {@link ProxmoxVm.resource} for anything the props do not cover.
 */
export class ProxmoxVm extends Construct {
  /** The generated L1 resource: the escape hatch (`addOverride`, extra attributes). */
  public readonly resource: VirtualEnvironmentVm;
  /** The VM's name. */
  public readonly vmName: string;
  /** The VM's VMID. */
  public readonly vmId: number;
  /** The static IPv4 address without prefix, or undefined for DHCP. Known at synth: never read from the guest agent. */
  public readonly ipAddress?: string;

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    if (props.nics.length === 0) {
      throw new Error(`ProxmoxVm ${props.name}: at least one NIC is required`);
    }
    this.vmName = props.name;
    this.vmId = props.vmId;
    this.ipAddress = props.ipv4 === "dhcp" ? undefined : props.ipv4.address.split("/")[0];
    const lifecycle = props.lifecycle ?? {};

    this.resource = new CompactVirtualEnvironmentVm(this, "vm", {
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
      },
      cpu: { cores: props.cores ?? 2, sockets: props.sockets ?? 1, type: props.cpuType ?? "x86-64-v2-AES" },
      memory: { dedicated: props.memoryMiB, floating: props.floatingMemoryMiB ?? 0 },
      scsiHardware: "virtio-scsi-single",
      operatingSystem: { type: "l26" },
      disk: [props.bootDisk, ...(props.dataDisks ?? [])].map((disk, index) => ({
        interface: disk.interface ?? `scsi${index}`,
        size: disk.sizeGiB,
        datastoreId: disk.datastore,
        ssd: disk.ssd ?? true,
        discard: (disk.discard ?? true) ? "on" : "ignore",
        iothread: disk.iothread ?? true,
        backup: disk.backup ?? true,
      })),
      // The agent runs in every template, but IPs are static and known at synth: nothing waits
      // for the agent to report addresses, so a plan never blocks on a guest that is not up.
      agent: { enabled: true, timeout: GUEST_AGENT_TIMEOUT, trim: true, waitForIp: { disabled: true } },
      initialization: {
        datastoreId: props.cloudInitDatastore ?? props.bootDisk.datastore,
        dns: props.dnsServers || props.dnsDomain ? { servers: props.dnsServers, domain: props.dnsDomain } : undefined,
        ipConfig: [{ ipv4: props.ipv4 === "dhcp" ? { address: "dhcp" } : { ...props.ipv4 } }],
        userAccount: { username: props.user, keys: props.sshKeys },
      },
      protection: lifecycle.protection ?? false,
      deleteUnreferencedDisksOnDestroy: !(lifecycle.keepUnreferencedDisks ?? false),
      stopOnDestroy: lifecycle.stopOnDestroy ?? false,
      lifecycle: lifecycle.preventDestroy ? { preventDestroy: true } : undefined,
      dependsOn: dependencies(props.dependsOn),
    });
    this.resource.addOverride("network_device", networkDevices(props.nics));
  }
}
