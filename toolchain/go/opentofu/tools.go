//go:build tools

// Package tools pins OpenTofu for `npm run tools`, which builds it from this module when no terraform or tofu >= 1.8 is on PATH.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
