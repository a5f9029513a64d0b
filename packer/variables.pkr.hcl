# Everything an environment decides comes from its var file, packer/vars/<env>.pkrvars.json, which
# `cdktf deploy <env>-images` writes from the same model as the VMs and the inventory. Credentials
# never do: the plugin reads PROXMOX_USERNAME (user@realm!token-id) and PROXMOX_TOKEN.

variable "environment" {
  type        = string
  description = "Environment name, recorded in each template's description and the manifest."
}

variable "proxmox_url" {
  type        = string
  description = "Proxmox API URL, e.g. https://pve1.home.arpa:8006/api2/json."
}

variable "proxmox_insecure_skip_tls_verify" {
  type        = bool
  default     = false
  description = "Accept a self-signed Proxmox certificate."
}

variable "datastore" {
  type        = string
  description = "Datastore of the templates' disks (the machines' datastore)."
}

variable "bridge" {
  type        = string
  description = "Bridge of the build VM's NIC."
}

variable "vlan_tag" {
  type        = string
  default     = ""
  description = "VLAN tag of the build VM's NIC; empty for untagged."
}

variable "templates" {
  description = "The golden templates the environment's machines clone, by template key (debian-12, ubuntu-2404)."
  type = map(object({
    node           = string # node the build VM and the template live on
    vm_id          = number # template VMID: what the machines clone
    name           = string # versioned template name, e.g. tmpl-debian-12-v1
    base_vm_id     = number # imported cloud-image VM to clone (from the <env>-images stack)
    image_url      = string # where the cloud image came from
    image_checksum = string # its checksum, or ""
    build_user     = string # SSH user cloud-init creates with Packer's temporary key
  }))
}

variable "build_cores" {
  type        = number
  default     = 2
  description = "CPU cores of the build VM (the template keeps none of it: clones set their own)."
}

variable "build_memory_mib" {
  type        = number
  default     = 2048
  description = "Memory of the build VM in MiB."
}

variable "ssh_timeout" {
  type        = string
  default     = "20m"
  description = "How long Packer waits for SSH on the build VM (first boot installs the guest agent)."
}
