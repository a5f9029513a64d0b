# Docker engine on this machine: Debian's docker.io (installed by apt if missing), dockerd started if
# it is not running. Stops only a dockerd it started itself.
# shellcheck source=common.sh
CONVERGE_STARTED_DOCKERD=""

ensure_dockerd() {
  if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null || ! command -v dig >/dev/null || ! command -v jq >/dev/null; then
    log "apt-get install docker.io debootstrap bind9-dnsutils jq"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap bind9-dnsutils jq curl openssl openssh-client >/dev/null
  fi
  docker info >/dev/null 2>&1 && return
  log "starting dockerd"
  mkdir -p "$CONVERGE_CACHE"
  dockerd >"$CONVERGE_CACHE/dockerd.log" 2>&1 &
  CONVERGE_STARTED_DOCKERD=$!
  wait_until 60 "dockerd to answer" docker info || { tail -20 "$CONVERGE_CACHE/dockerd.log" >&2; die "dockerd did not start"; }
}

stop_own_dockerd() {
  [ -n "$CONVERGE_STARTED_DOCKERD" ] || return 0
  [ -n "${CONVERGE_KEEP_DOCKERD:-}" ] && return 0
  kill "$CONVERGE_STARTED_DOCKERD" 2>/dev/null || true
  wait "$CONVERGE_STARTED_DOCKERD" 2>/dev/null || true
}
