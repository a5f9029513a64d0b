//go:build tools

// Package tools pins the bpg/proxmox provider for `npm run tools`, which builds it from this module.
package tools

import _ "github.com/bpg/terraform-provider-proxmox"
