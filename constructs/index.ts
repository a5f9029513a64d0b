// Public API: constructs that know nothing of personas (`homelab-cdktf/constructs`).
export * from "./ansible-inventory";
export * from "./cloud-image-template";
export * from "./network-device";
export * from "./packer-var-file";
export * from "./project-file";
export * from "./proxmox-vm";
