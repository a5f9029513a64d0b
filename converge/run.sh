#!/usr/bin/env bash
# npm run converge: the real Ansible (site.yml) against real Debian hosts, twice, then service checks.
#
# Builds (once, cached) the tools (npm run tools -- --ansible --hosts) and a Debian bookworm image with
# systemd from Debian's archive, starts dockerd if needed, renders the inventory of
# converge/environments/ with the project's own renderer, brings up
# one container per machine at its static IP on a network of its own, runs known-hosts.yml and
# site.yml, runs site.yml again and fails on any change, then checks each service (lib/checks.sh).
# Containers, network and loop devices are removed on every exit path (CONVERGE_KEEP=1 keeps them,
# for debugging). Needs root (loop devices, dockerd), Node (npm ci), Go and Python 3.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
here="$repo/converge"
# shellcheck source=lib/common.sh
for lib in common dockerd image hosts checks; do source "$here/lib/$lib.sh"; done

RUN=$(mktemp -d /tmp/homelab-converge.XXXXXX)
cleanup() {
  local rc=$?
  if [ -n "${CONVERGE_KEEP:-}" ]; then log "kept containers and $RUN (CONVERGE_KEEP)"; exit "$rc"; fi
  stop_hosts
  stop_own_dockerd
  rm -rf "$RUN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$SECONDS

ensure_dockerd
# ansible-core/ansible-lint (.tools/ansible), step-ca and the Compose plugin (.tools/hosts/, where site.yml takes them)
(cd "$repo" && npm run --silent tools -- --ansible --hosts) >&2 || die "npm run tools -- --ansible --hosts failed"
export PATH="$repo/.tools/ansible/bin:$PATH"
image=$(ensure_host_image)
log "tools and host image ready after $((SECONDS - started))s"

# the inventory, rendered from converge/environments/converge.yaml by the project's own code
inventory_dir="$RUN/ansible/inventories/converge"
HOMELAB_ENVIRONMENTS_DIR=converge/environments node --import tsx "$repo/scripts/render-artifacts.ts" "$RUN" >/dev/null
INVENTORY=(-i "$inventory_dir/hosts.yml")
REPO=$repo
export ANSIBLE_CONFIG="$repo/ansible/ansible.cfg" ANSIBLE_PRIVATE_KEY_FILE="$RUN/id_ed25519" ANSIBLE_NOCOLOR=1 \
  ANSIBLE_FORCE_COLOR=0 ANSIBLE_HOME="$RUN/ansible-home" ANSIBLE_LOCAL_TEMP="$RUN/ansible-tmp" \
  ANSIBLE_SSH_CONTROL_PATH_DIR="$RUN/ssh-control"
LIST="$RUN/inventory.json"
ansible-inventory "${INVENTORY[@]}" --list >"$LIST"
# the test backend, under the image name the environment gives its app (ECHO_IMAGE), loaded into the host from an archive
backend=$(jq -r '[._meta.hostvars[].compose_env["converge-echo"].ECHO_IMAGE // empty][0]' "$LIST")
[ -n "$backend" ] || die "the converge inventory has no app of the converge-echo stack with ECHO_IMAGE"
ensure_backend_image "$image" "$backend"
docker save "$backend" -o "$RUN/echo-backend.tar"
cat >"$inventory_dir/harness.yml" <<YAML
# What differs on the harness's containers from VMs (see converge/README.md).
all:
  vars:
    dns_dnssec_validation: "no"       # Docker's resolver, the upstream, does not pass DNSSEC records through
    timesync_set_clock: false         # the clock is this machine's, not the container's
    harden_apply_sysctl: false        # /proc/sys is read-only in a container
    docker_install_from: debian       # no registry but Debian's: docker.io and the Compose plugin we build
    dashboard_run: false              # the homepage image cannot be pulled here
    compose_image_archives:
      - {archive: $RUN/echo-backend.tar, images: ["$backend"]}
YAML
INVENTORY+=(-i "$inventory_dir/harness.yml")
ansible-inventory "${INVENTORY[@]}" --list >"$LIST"
DEGRADED_HOST=$(group svc_ntp | head -1)

start_hosts "$LIST" "$RUN" "$image"
log "hosts up after $((SECONDS - started))s"

playbook() { (cd "$repo/ansible" && timeout 2400 ansible-playbook "${INVENTORY[@]}" "$@"); }
playbook known-hosts.yml >"$RUN/known-hosts.log" || { tail -30 "$RUN/known-hosts.log"; die "known-hosts.yml failed"; }

first=$SECONDS
playbook site.yml >"$RUN/run1.log" 2>&1 || { tail -60 "$RUN/run1.log"; die "site.yml failed (first run)"; }
log "first run: $((SECONDS - first))s"; sed -n '/PLAY RECAP/,$p' "$RUN/run1.log"
SERIAL_AFTER_FIRST_RUN=$(zone_serial)

second=$SECONDS
playbook site.yml >"$RUN/run2.log" 2>&1 || { tail -60 "$RUN/run2.log"; die "site.yml failed (second run)"; }
log "second run: $((SECONDS - second))s"; sed -n '/PLAY RECAP/,$p' "$RUN/run2.log"
if grep -E '^[a-z0-9-]+ +: .*changed=[1-9]' "$RUN/run2.log" >/dev/null; then
  grep -B2 -E '^changed:' "$RUN/run2.log" | head -40
  fail "idempotence: the second run changed something (above)"
else
  pass "idempotence: the second site.yml run changed nothing on $(grep -cE '^[a-z0-9-]+ +: ok=' "$RUN/run2.log") hosts"
fi

# a check that cannot run reports FAIL and the others still run: no errexit from here on
set +e
check_cloud_init
check_dns
check_trust
check_time
check_proxy
check_metrics
check_firewall
check_disks
check_containers
check_dashboard
check_known_hosts
check_dns_change

log "done in $((SECONDS - started))s"
echo "converge: $CHECKS_PASSED passed, $CHECKS_FAILED failed"
[ "$CHECKS_FAILED" -eq 0 ]
