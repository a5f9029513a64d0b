# Shared settings and helpers of the converge harness (sourced, not run).
# Everything expensive is cached outside the checkout, keyed by its inputs.
CONVERGE_CACHE="${HOMELAB_CACHE:-$HOME/.cache/homelab-cdktf}/converge"
CONVERGE_SUITE=bookworm
CONVERGE_MIRROR="${CONVERGE_MIRROR:-http://deb.debian.org/debian}"
# What a Debian cloud image brings that Ansible needs: systemd, sshd, python3, sudo.
CONVERGE_PACKAGES="systemd,systemd-sysv,openssh-server,python3,sudo,iproute2,dbus"

log() { printf '== converge: %s\n' "$*" >&2; }
die() { printf 'converge: %s\n' "$*" >&2; exit 1; }

# wait_until <seconds> <description> <command...>: runs the command every second until it succeeds;
# fails after <seconds> with the description.
wait_until() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { printf 'converge: timed out after %ss waiting for %s\n' "$limit" "$what" >&2; return 1; }
    sleep 1
  done
}

# key_of <strings...>: a short stable key of the inputs (cache keys).
key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-12; }
