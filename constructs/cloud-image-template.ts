import { Construct } from "constructs";
import { z } from "zod";
import { DownloadFile } from "../.gen/providers/proxmox/download-file";
import { VirtualEnvironmentFile } from "../.gen/providers/proxmox/virtual-environment-file";
import { bridgeName, datastoreId, hostLabel, linuxUser, proxmoxTag, sshPublicKey, vlanId, vmId } from "../environment/primitives";
import { propProblems } from "../environment/schema-check";
import { proxmoxTags } from "./normalize";
import { l1Nic } from "./proxmox-vm";
import { ProxmoxVmResource } from "./vm-resource";

/**
 * Vendor data of the base VM: cloud images ship without the QEMU guest agent, and Packer finds the
 * build VM's address through it. Vendor data merges with the user data Proxmox generates, so the
 * user and the SSH key Packer injects still apply.
 */
const GUEST_AGENT_VENDOR_DATA = [
  "#cloud-config",
  "package_update: true",
  "packages:",
  "  - qemu-guest-agent",
  "runcmd:",
  "  - systemctl enable --now qemu-guest-agent",
  "",
].join("\n");

/** Size of the base VM's disk: at least the virtual size of any cloud image; clones grow it. */
const BASE_DISK_GIB = 8;

/** How long Proxmox may take to download an image: a 600 MB cloud image over a slow line takes longer than the provider's 10 minutes. */
const DOWNLOAD_TIMEOUT_SECONDS = 3600;

/** The rules for the props, checked at synth: the environment schema's primitives. */
const propsSchema = z.object({
  node: hostLabel,
  vmId,
  name: hostLabel,
  url: z.url({ protocol: /^https?$/ }),
  checksum: z
    .string()
    .regex(/^sha(256|512):[0-9a-f]+$/, "must be 'sha256:<hex>' or 'sha512:<hex>'")
    .optional(),
  fileName: z.string().regex(/^[A-Za-z0-9._-]+\.(img|qcow2|raw)$/, "must be a file name ending in .img, .qcow2 or .raw"),
  imageDatastore: datastoreId,
  vmDatastore: datastoreId,
  bridge: bridgeName,
  vlan: vlanId.optional(),
  user: linuxUser,
  sshKeys: z.array(sshPublicKey),
  tags: z.array(proxmoxTag).optional(),
  downloadTimeoutSeconds: z.number().int().min(60).max(86_400).optional(),
});

/** Props of {@link CloudImageTemplate}. */
export interface CloudImageTemplateProps {
  /** Proxmox node that downloads the image and holds the base VM. */
  readonly node: string;
  /** VMID of the base VM. */
  readonly vmId: number;
  /** Name of the base VM, e.g. `base-lab-debian-12`; also the Terraform name of its three resources. */
  readonly name: string;
  /** URL of the cloud image (qcow2, or Ubuntu's `.img`, which is qcow2). */
  readonly url: string;
  /** `sha256:<hex>` or `sha512:<hex>`; the download is not verified when absent. */
  readonly checksum?: string;
  /** File name on the datastore; `.img` becomes `.qcow2`, as the `import` content type requires. */
  readonly fileName: string;
  /** File datastore with the `import` and `snippets` content types, e.g. `local`. */
  readonly imageDatastore: string;
  /** Datastore of the base VM's disk and cloud-init drive, e.g. `local-lvm`. */
  readonly vmDatastore: string;
  /** Bridge of the base VM's NIC (clones inherit it). */
  readonly bridge: string;
  /** VLAN tag of that NIC. @default untagged */
  readonly vlan?: number;
  /** User cloud-init creates in clones of the base VM (Packer's SSH user). */
  readonly user: string;
  /** SSH public keys for that user besides the key Packer injects. */
  readonly sshKeys: readonly string[];
  /** Proxmox tags. @default none */
  readonly tags?: readonly string[];
  /** How long the node may take to download the image, in seconds. @default 3600 (one hour) */
  readonly downloadTimeoutSeconds?: number;
}

/**
 * A cloud image imported as a Proxmox VM template, the base that Packer's `proxmox-clone` builder
 * clones to bake a golden template: the image is downloaded onto the node (`proxmox_download_file`,
 * content type `import`), becomes the boot disk of a stopped template VM with a cloud-init drive,
 * and a vendor-data snippet installs the guest agent on first boot of each clone. The snippet is
 * for Packer's build VM only: it lives on the node's file datastore, so the golden template must
 * not keep it (`packer/` deletes its `cicustom`), or clones on other nodes would not start.
 */
export class CloudImageTemplate extends Construct {
  /** The downloaded image. */
  public readonly image: DownloadFile;
  /** The vendor-data snippet. */
  public readonly vendorData: VirtualEnvironmentFile;
  /** The base template VM (L1 escape hatch; also `node.defaultChild`). */
  public readonly vm: ProxmoxVmResource;

  constructor(scope: Construct, id: string, props: CloudImageTemplateProps) {
    super(scope, id);
    const [algorithm, digest] = props.checksum ? props.checksum.split(":") : [undefined, undefined];
    this.image = new DownloadFile(this, "image", {
      nodeName: props.node,
      datastoreId: props.imageDatastore,
      contentType: "import",
      url: props.url,
      fileName: props.fileName.replace(/\.img$/, ".qcow2"),
      checksum: digest,
      checksumAlgorithm: algorithm,
      uploadTimeout: props.downloadTimeoutSeconds ?? DOWNLOAD_TIMEOUT_SECONDS,
      // the URL names one image: no refresh asks upstream whether it changed (a dated URL and a
      // checksum make a new image a reviewed change of the environment file, not a surprise)
      overwrite: false,
    });
    // Terraform addresses named after the base VM (`proxmox_download_file.base-lab-debian-12`), set
    // before anything refers to these resources
    this.image.overrideLogicalId(props.name);
    this.vendorData = new VirtualEnvironmentFile(this, "vendor-data", {
      nodeName: props.node,
      datastoreId: props.imageDatastore,
      contentType: "snippets",
      sourceRaw: { fileName: `${props.name}-vendor-data.yaml`, data: GUEST_AGENT_VENDOR_DATA },
    });
    this.vendorData.overrideLogicalId(`${props.name}-vendor-data`);
    this.vm = new ProxmoxVmResource(this, "vm", {
      name: props.name,
      nodeName: props.node,
      vmId: props.vmId,
      description: `Cloud image ${props.url}, imported for Packer to clone; managed by homelab-cdktf.`,
      tags: proxmoxTags(props.tags),
      template: true,
      started: false,
      onBoot: false,
      cpu: { cores: 2, type: "x86-64-v2-AES" },
      memory: { dedicated: 2048 },
      scsiHardware: "virtio-scsi-single",
      operatingSystem: { type: "l26" },
      // cloud images log to the serial console; without one some kernels stall at boot
      serialDevice: [{ device: "socket" }],
      agent: { enabled: true },
      disk: [
        {
          interface: "scsi0",
          datastoreId: props.vmDatastore,
          importFromAttribute: this.image.id,
          size: BASE_DISK_GIB,
          ssd: true,
          discard: "on",
          iothread: true,
        },
      ],
      initialization: {
        datastoreId: props.vmDatastore,
        ipConfig: [{ ipv4: { address: "dhcp" } }],
        userAccount: { username: props.user, keys: [...props.sshKeys] },
        vendorDataFileId: this.vendorData.id,
      },
      networkDevice: [l1Nic({ bridge: props.bridge, vlan: props.vlan })],
    });
    this.vm.overrideLogicalId(props.name);
    this.node.defaultChild = this.vm;
    this.node.addValidation({ validate: () => propProblems(propsSchema, props) });
  }
}
