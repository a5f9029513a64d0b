//go:build tools

// Package tools pins the Docker Compose v2 CLI plugin for `npm run tools -- --hosts`, which builds it
// from this module: the docker role copies it to hosts whose Docker comes from Debian's docker.io.
package tools

import _ "github.com/docker/compose/v2/cmd"
