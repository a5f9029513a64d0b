import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { z } from "zod";
import type {
  VirtualEnvironmentContainerMountPoint,
  VirtualEnvironmentContainerNetworkInterface,
} from "../.gen/providers/proxmox/virtual-environment-container";
import { VirtualEnvironmentContainer } from "../.gen/providers/proxmox/virtual-environment-container";
import type { ContainerOsType } from "../environment/primitives";
import {
  bridgeName,
  containerOsType,
  containerTemplateVolume,
  cores,
  datastoreId,
  domainName,
  hostLabel,
  ipv4,
  ipv4WithPrefix,
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
import type { StaticIpv4, VmNicProps } from "./proxmox-vm";

/** A container's root file system. */
export interface ContainerRootDiskProps {
  /** Size in GiB. */
  readonly sizeGiB: number;
  /** Datastore that holds it (one with the `rootdir` content type), e.g. `local-lvm`. */
  readonly datastore: string;
}

/** A volume Proxmox allocates and mounts into the container (`mpN`): where a container keeps its data. */
export interface ContainerMountPointProps {
  /** Absolute path inside the container, e.g. `/srv/tools-data`. */
  readonly path: string;
  /** Size in GiB. */
  readonly sizeGiB: number;
  /** Datastore that holds the volume (one with the `rootdir` content type). */
  readonly datastore: string;
  /** Include the volume in vzdump backups (the root file system always is). @default true */
  readonly backup?: boolean;
}

/** What the container does when Terraform destroys it. */
export interface ContainerLifecycleProps {
  /** Proxmox deletion protection (the container cannot be removed through the API). @default false */
  readonly protection?: boolean;
  /** Terraform refuses to plan a destroy of this container (`lifecycle.prevent_destroy`). @default false */
  readonly preventDestroy?: boolean;
}

/** Props of {@link ProxmoxContainer}. Intent-level: sizes in MiB/GiB, the IP as CIDR, defaults for everything else. */
export interface ProxmoxContainerProps {
  /** Hostname, also the container's name in Proxmox (an RFC 1123 host label). */
  readonly name: string;
  /** Proxmox node that runs the container. */
  readonly node: string;
  /** Proxmox VMID (100 to 999999999): containers and VMs share one ID space. */
  readonly vmId: number;
  /**
   * The LXC template's `vztmpl` volume on the node, e.g. `local:vztmpl/debian-12-standard_12.12-1_amd64.tar.zst`.
   * It is read once, at creation: a new template applies to new containers, and changing it never
   * replaces an existing one (Terraform ignores the change; destroy and recreate to rebuild).
   */
  readonly templateFileId: string;
  /** The distribution inside the template; Proxmox sets up the network, hostname and root's SSH keys by it. @default `debian` */
  readonly osType?: ContainerOsType;
  /** CPU cores. @default 1 */
  readonly cores?: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
  /** Swap in MiB. @default 512 (Proxmox's own default) */
  readonly swapMiB?: number;
  /** The root file system. */
  readonly rootDisk: ContainerRootDiskProps;
  /** Volumes mounted into the container (more with {@link ProxmoxContainer.addMountPoint}). @default none */
  readonly mountPoints?: readonly ContainerMountPointProps[];
  /** NICs `eth0`, `eth1`, ...; the first carries the IP configuration (more with {@link ProxmoxContainer.addNic}); a container needs at least one. @default none */
  readonly nics?: readonly VmNicProps[];
  /** Static IPv4 for the first NIC, or `"dhcp"`. */
  readonly ipv4: StaticIpv4 | "dhcp";
  /** DNS resolvers Proxmox writes into the container. @default the node's */
  readonly dnsServers?: readonly string[];
  /** DNS search domain Proxmox writes into the container. @default the node's */
  readonly dnsDomain?: string;
  /** SSH public keys of the container's root user (Proxmox writes them; there is no cloud-init, and no password reaches the JSON). */
  readonly sshKeys: readonly string[];
  /** Run unprivileged: root inside maps to an unprivileged user of the node. Changing it replaces the container. @default true */
  readonly unprivileged?: boolean;
  /** Allow nested namespaces (the `nesting` feature: systemd sandboxing, Docker inside). @default false */
  readonly nesting?: boolean;
  /** Proxmox tags; sorted and de-duplicated, as Proxmox stores them. @default none */
  readonly tags?: readonly string[];
  /** Free-text description shown in the Proxmox UI. @default none */
  readonly description?: string;
  /** Start the container when the node boots. @default true */
  readonly onBoot?: boolean;
  /** Position in the node's start order (lower starts first). @default unset */
  readonly startOrder?: number;
  /** Destroy-time behaviour. @default everything off: the container is disposable */
  readonly lifecycle?: ContainerLifecycleProps;
  /** Resources this container must be created after. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The attribute that holds the template (ForceNew in the provider), which the container ignores changes of. */
const TEMPLATE_ATTRIBUTE = "operating_system[0].template_file_id";

/** Proxmox's default swap of a container, in MiB. */
const DEFAULT_SWAP_MIB = 512;

const mountPointPath = z
  .string()
  .regex(/^(\/[A-Za-z0-9_.-]+)+$/, "must be an absolute path such as /srv/data")
  .refine((path) => !path.split("/").includes(".."), "must not contain '..'");

/** The rules for the props (and what the mutators added): the environment schema's primitives, checked at synth. */
const propsSchema = z
  .object({
    name: hostLabel,
    node: hostLabel,
    vmId,
    templateFileId: containerTemplateVolume,
    osType: containerOsType.optional(),
    cores: cores.optional(),
    memoryMiB: memoryMiB.min(16),
    swapMiB: z.number().int().min(0).optional(),
    rootDisk: z.object({ sizeGiB, datastore: datastoreId }),
    mountPoints: z.array(z.object({ path: mountPointPath, sizeGiB, datastore: datastoreId })),
    nics: z.array(z.object({ bridge: bridgeName, vlan: vlanId.optional(), macAddress: macAddress.optional() })).min(1),
    ipv4: z.union([z.literal("dhcp"), z.object({ address: ipv4WithPrefix, gateway: ipv4 })]),
    dnsServers: z.array(ipv4).optional(),
    dnsDomain: domainName.optional(),
    sshKeys: z.array(sshPublicKey),
    tags: z.array(proxmoxTag).optional(),
    startOrder: z.number().int().min(0).optional(),
  })
  .superRefine((props, context) => {
    const paths = props.mountPoints.map((mount) => mount.path);
    paths.forEach((path, index) => {
      if (path === "/") context.addIssue({ code: "custom", path: ["mountPoints", index, "path"], message: "/ is the root file system (rootDisk)" });
      if (paths.indexOf(path) !== index)
        context.addIssue({ code: "custom", path: ["mountPoints", index, "path"], message: `${path} is taken by another mount point` });
    });
  });

/** The L1 mount point of a volume: allocated on its datastore at its size. */
function l1MountPoint(mount: ContainerMountPointProps): VirtualEnvironmentContainerMountPoint {
  return { volume: mount.datastore, size: `${mount.sizeGiB}G`, path: mount.path, backup: mount.backup ?? true };
}

/** The L1 network interface `eth<index>` of a NIC: firewall off unless asked. */
function l1NetworkInterface(nic: VmNicProps, index: number): VirtualEnvironmentContainerNetworkInterface {
  return { name: `eth${index}`, bridge: nic.bridge, vlanId: nic.vlan, macAddress: nic.macAddress, firewall: nic.firewall ?? false };
}

/**
 * A Proxmox LXC container created from an LXC template, for the bpg/proxmox provider: unprivileged
 * and without nesting unless asked, a static IP, root's SSH keys, data on mount points.
 *
 * It owns the resource type (`proxmox_virtual_environment_container`). Grow it with
 * {@link ProxmoxContainer.addMountPoint} and {@link ProxmoxContainer.addNic}; its props (and what
 * they add) are validated at synth, with errors naming the construct path. The L1 resource is
 * {@link ProxmoxContainer.resource} (also `node.defaultChild`) for anything the props do not cover.
 * Mount points are fixed at creation: the provider replaces the container when they change.
 */
export class ProxmoxContainer extends Construct {
  /** The generated L1 resource: the escape hatch (`addOverride`, extra attributes). */
  public readonly resource: VirtualEnvironmentContainer;
  /** The container's name (its hostname). */
  public readonly containerName: string;
  /** The container's VMID. */
  public readonly vmId: number;
  /** The static IPv4 address without prefix, or undefined for DHCP. Known at synth. */
  public readonly ipAddress?: string;

  private readonly mountPoints: ContainerMountPointProps[];
  private readonly nics: VmNicProps[];

  constructor(scope: Construct, id: string, props: ProxmoxContainerProps) {
    super(scope, id);
    this.containerName = props.name;
    this.vmId = props.vmId;
    this.ipAddress = props.ipv4 === "dhcp" ? undefined : props.ipv4.address.split("/")[0];
    this.mountPoints = [...(props.mountPoints ?? [])];
    this.nics = [...(props.nics ?? [])];
    const lifecycle = props.lifecycle ?? {};

    this.resource = new VirtualEnvironmentContainer(this, "container", {
      nodeName: props.node,
      vmId: props.vmId,
      description: props.description,
      tags: proxmoxTags(props.tags),
      startOnBoot: props.onBoot ?? true,
      started: true,
      startup: props.startOrder === undefined ? undefined : { order: props.startOrder },
      unprivileged: props.unprivileged ?? true,
      features: { nesting: props.nesting ?? false },
      cpu: { cores: props.cores ?? 1 },
      memory: { dedicated: props.memoryMiB, swap: props.swapMiB ?? DEFAULT_SWAP_MIB },
      disk: { datastoreId: props.rootDisk.datastore, size: props.rootDisk.sizeGiB },
      operatingSystem: { templateFileId: props.templateFileId, type: props.osType ?? "debian" },
      initialization: {
        hostname: props.name,
        dns: props.dnsServers || props.dnsDomain ? { servers: props.dnsServers && [...props.dnsServers], domain: props.dnsDomain } : undefined,
        ipConfig: [{ ipv4: props.ipv4 === "dhcp" ? { address: "dhcp" } : { ...props.ipv4 } }],
        userAccount: { keys: [...props.sshKeys] },
      },
      protection: lifecycle.protection ?? false,
      // the provider would replace the container for a new template; a template bump must not cost the data
      lifecycle: { ...(lifecycle.preventDestroy ? { preventDestroy: true } : {}), ignoreChanges: [TEMPLATE_ATTRIBUTE] },
      dependsOn: dependencies(props.dependsOn),
    });
    this.node.defaultChild = this.resource;
    this.putMountPoints();
    this.putNics();
    this.node.addValidation({ validate: () => propProblems(propsSchema, { ...props, mountPoints: this.mountPoints, nics: this.nics }) });
  }

  /** Mounts another volume into the container, after the ones it has (`mp<n>`). */
  public addMountPoint(mount: ContainerMountPointProps): void {
    this.mountPoints.push(mount);
    this.putMountPoints();
  }

  /** Adds a NIC after the ones the container has (`eth<n>`). */
  public addNic(nic: VmNicProps): void {
    this.nics.push(nic);
    this.putNics();
  }

  private putMountPoints(): void {
    if (this.mountPoints.length > 0) this.resource.putMountPoint(this.mountPoints.map(l1MountPoint));
  }

  private putNics(): void {
    if (this.nics.length > 0) this.resource.putNetworkInterface(this.nics.map(l1NetworkInterface));
  }
}
