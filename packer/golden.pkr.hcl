# Golden templates from imported cloud images: clone the base VM of the <env>-images stack, install
# the guest agent and nothing else, reset cloud-init and the machine identity, convert to a template
# with the versioned name and VMID the environment's machines clone, and delete the base VM's
# node-local vendor-data snippet from it (curl, on the machine that runs Packer).
#
#   packer init packer/
#   packer build -var-file=packer/vars/lab.pkrvars.json -only='proxmox-clone.debian-12' packer/
#
# Build only the templates the var file lists (-only): a key missing from `templates` leaves its
# source without a VM to clone, and Packer stops with "clone_vm_id must be specified".

source "proxmox-clone" "golden" {
  proxmox_url              = var.proxmox_url
  insecure_skip_tls_verify = var.proxmox_insecure_skip_tls_verify
  task_timeout             = "10m"

  full_clone      = true
  os              = "l26"
  cores           = var.build_cores
  memory          = var.build_memory_mib
  cpu_type        = "x86-64-v2-AES"
  scsi_controller = "virtio-scsi-single"
  qemu_agent      = true

  network_adapters {
    bridge   = var.bridge
    model    = "virtio"
    vlan_tag = var.vlan_tag
  }

  # Packer generates a temporary key and hands it to cloud-init; no password anywhere.
  communicator = "ssh"
  ssh_timeout  = var.ssh_timeout
}

locals {
  debian_12   = try(var.templates["debian-12"], null)
  ubuntu_2404 = try(var.templates["ubuntu-2404"], null)
}

build {
  description = "Golden templates of one environment"

  source "proxmox-clone.golden" {
    name                 = "debian-12"
    node                 = try(local.debian_12.node, "")
    clone_vm_id          = try(local.debian_12.base_vm_id, 0)
    vm_id                = try(local.debian_12.vm_id, 0)
    template_name        = try(local.debian_12.name, "")
    ssh_username         = try(local.debian_12.build_user, "")
    template_description = "Debian 12 golden template of ${var.environment}, from ${try(local.debian_12.image_url, "")}; built by Packer"
  }

  source "proxmox-clone.golden" {
    name                 = "ubuntu-2404"
    node                 = try(local.ubuntu_2404.node, "")
    clone_vm_id          = try(local.ubuntu_2404.base_vm_id, 0)
    vm_id                = try(local.ubuntu_2404.vm_id, 0)
    template_name        = try(local.ubuntu_2404.name, "")
    ssh_username         = try(local.ubuntu_2404.build_user, "")
    template_description = "Ubuntu 24.04 golden template of ${var.environment}, from ${try(local.ubuntu_2404.image_url, "")}; built by Packer"
  }

  provisioner "shell" {
    execute_command = "sudo -E sh -eu '{{ .Path }}'"
    scripts         = ["${path.root}/scripts/install-guest-agent.sh"]
  }

  provisioner "shell" {
    execute_command  = "sudo -E sh -eu '{{ .Path }}'"
    environment_vars = ["BUILD_USER=${var.templates[source.name].build_user}"]
    scripts          = ["${path.root}/scripts/seal.sh"]
  }

  # Clones must not inherit the base VM's vendor-data snippet: it lives on the build node only, and
  # Proxmox reads it at every start (a clone on another node would not start). See the script.
  post-processor "shell-local" {
    environment_vars = [
      "PROXMOX_URL=${var.proxmox_url}",
      "PROXMOX_INSECURE=${var.proxmox_insecure_skip_tls_verify}",
      "TEMPLATE_NODE=${var.templates[source.name].node}",
      "TEMPLATE_VMID=${var.templates[source.name].vm_id}",
    ]
    scripts = ["${path.root}/scripts/strip-node-local-snippets.sh"]
  }

  post-processor "manifest" {
    output     = "${path.root}/manifests/${var.environment}.json"
    strip_path = true
    custom_data = {
      environment   = var.environment
      template_key  = source.name
      template_name = var.templates[source.name].name
      template_vmid = var.templates[source.name].vm_id
      image_url     = var.templates[source.name].image_url
    }
  }
}
