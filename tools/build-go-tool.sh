#!/usr/bin/env bash
# build-go-tool.sh <module> <version> <package> <binary>: builds a Go tool from its module on the Go
# module proxy, pinned, into ~/.cache/homelab-cdktf/tools/<binary>-<version>/ once, and
# prints the binary's path. The module is built as the main module (a copy of its own source from the
# module cache), since `go install pkg@version` refuses modules whose go.mod has replace or exclude
# directives (docker/compose). Static (CGO_ENABLED=0), so it runs on any Debian or Ubuntu host.
set -euo pipefail
module=$1 version=$2 package=$3 binary=$4
dir="${HOMELAB_CACHE:-$HOME/.cache/homelab-cdktf}/tools/$binary-$version"
if [ ! -x "$dir/$binary" ]; then
  echo "== building $binary $version from $module (once)" >&2
  src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "build-go-tool: go mod download $module@$version gave no source" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  mkdir -p "$dir"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w ${GO_TOOL_LDFLAGS:-}" -o "$dir/$binary.partial" "./$package")
  mv "$dir/$binary.partial" "$dir/$binary"
fi
echo "$dir/$binary"
