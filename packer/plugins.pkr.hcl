packer {
  required_version = ">= 1.10.0"
  required_plugins {
    proxmox = {
      # pinned: upgrade deliberately, and rebuild the templates with a new version suffix
      version = "= 1.2.2"
      source  = "github.com/hashicorp/proxmox"
    }
  }
}
