import { Construct } from "constructs";
import { z } from "zod";
import { hostLabel, vmId } from "../environment/primitives";
import { propProblems } from "../environment/schema-check";
import { ProxmoxVmResource } from "./vm-resource";

/**
 * What Terraform leaves as it is on a retiring VM: every argument of the bpg/proxmox VM resource
 * (v0.111.1) except the ones a retirement sets, so that the deploy changes nothing else (a test
 * keeps the list equal to the vendored provider schema).
 */
export const RETIREMENT_IGNORES: readonly string[] = [
  "acpi",
  "agent",
  "amd_sev",
  "audio_device",
  "bios",
  "boot_order",
  "cdrom",
  "clone",
  "cpu",
  "description",
  "disk",
  "efi_disk",
  "hook_script_file_id",
  "hostpci",
  "hotplug",
  "initialization",
  "keyboard_layout",
  "kvm_arguments",
  "mac_addresses",
  "machine",
  "memory",
  "migrate",
  "name",
  "network_device",
  "node_name",
  "numa",
  "operating_system",
  "pool_id",
  "reboot",
  "reboot_after_update",
  "rng",
  "scsi_hardware",
  "serial_device",
  "smbios",
  "startup",
  "tablet_device",
  "tags",
  "template",
  "timeout_clone",
  "timeout_create",
  "timeout_migrate",
  "timeout_move_disk",
  "timeout_reboot",
  "timeout_shutdown_vm",
  "timeout_start_vm",
  "timeout_stop_vm",
  "tpm_state",
  "usb",
  "vga",
  "virtiofs",
  "vm_id",
  "watchdog",
];

/** The arguments a retirement sets (everything else is in {@link RETIREMENT_IGNORES}). */
export const RETIREMENT_SETS: readonly string[] = [
  "delete_unreferenced_disks_on_destroy",
  "on_boot",
  "protection",
  "purge_on_destroy",
  "started",
  "stop_on_destroy",
];

/** Props of {@link RetiringVm}. */
export interface RetiringVmProps {
  /** The VM's name (its Terraform address stays the one it had). */
  readonly name: string;
  /** The node it runs on. */
  readonly node: string;
  /** Its VMID. */
  readonly vmId: number;
  /** Stop the VM (instead of a guest shutdown) before destroying it. @default false */
  readonly stopOnDestroy?: boolean;
}

const propsSchema = z.object({ name: hostLabel, node: hostLabel, vmId });

/**
 * An existing VM on its way out: the resource keeps its Terraform address, and the deploy only
 * stops the VM, keeps it from starting with its node, and turns off Proxmox protection (and
 * `prevent_destroy`, by leaving it out), so that a later deploy without this resource can destroy
 * it. Every other argument is ignored, so nothing else of the VM changes. On that destroy, Proxmox
 * deletes the disks the VM refers to; disks of its VMID that it does not refer to are kept.
 */
export class RetiringVm extends Construct {
  /** The L1 resource (also `node.defaultChild`). */
  public readonly resource: ProxmoxVmResource;

  constructor(scope: Construct, id: string, props: RetiringVmProps) {
    super(scope, id);
    this.resource = new ProxmoxVmResource(this, "vm", {
      name: props.name,
      nodeName: props.node,
      vmId: props.vmId,
      started: false,
      onBoot: false,
      protection: false,
      deleteUnreferencedDisksOnDestroy: false,
      purgeOnDestroy: true,
      stopOnDestroy: props.stopOnDestroy ?? false,
      lifecycle: { ignoreChanges: [...RETIREMENT_IGNORES] },
    });
    this.node.defaultChild = this.resource;
    this.node.addValidation({ validate: () => propProblems(propsSchema, props) });
  }
}
