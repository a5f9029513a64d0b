//go:build tools

// Package tools pins the hashicorp/local provider for `npm run tools`, which builds it from this module.
package tools

import _ "github.com/terraform-providers/terraform-provider-local"
