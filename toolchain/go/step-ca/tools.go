//go:build tools

// Package tools pins step-ca for `npm run tools -- --hosts`, which builds it from this module: the
// certificate_authority role copies it to the CA host (Debian has no package).
package tools

import _ "github.com/smallstep/certificates/cmd/step-ca"
