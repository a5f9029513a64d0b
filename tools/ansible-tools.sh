#!/usr/bin/env bash
# Builds the binaries the Ansible roles ship to hosts that Debian does not package, pinned, from their
# Go modules, into ~/.cache/homelab-cdktf/tools/ (once each): step-ca (certificate_authority role)
# and the Docker Compose v2 CLI plugin (docker role, when Docker comes from Debian's docker.io).
# Prints "name=path" per tool. Needs Go and the Go module proxy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STEP_CA_VERSION=v0.30.2
COMPOSE_VERSION=v2.40.3
echo "step_ca=$(GO_TOOL_LDFLAGS="-X main.Version=${STEP_CA_VERSION#v}" "$here/build-go-tool.sh" github.com/smallstep/certificates "$STEP_CA_VERSION" cmd/step-ca step-ca)"
echo "docker_compose=$(GO_TOOL_LDFLAGS="-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" "$here/build-go-tool.sh" github.com/docker/compose/v2 "$COMPOSE_VERSION" cmd docker-compose)"
