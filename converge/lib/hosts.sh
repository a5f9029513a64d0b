# The test hosts: one systemd container per machine of the inventory, on a Docker network of the
# harness's own at the environment's network_cidr, each at its static IP. The harness plays the part
# of cloud-init that matters: the admin user with the run's SSH key and passwordless sudo, fresh SSH
# host keys, the hostname, and the resolver cloud-init would write (the environment's dns_servers,
# which answer nothing yet: the playbook must solve that). Data disks are loop devices named by their
# serial under /dev/disk/by-id/ as udev names a Proxmox disk (harness-sized, at most 2 GiB).
# shellcheck source=common.sh
CONVERGE_NETWORK=""
CONVERGE_CONTAINERS=()
CONVERGE_LOOPS=()
# The host whose (stand-in) cloud-init reports a degraded first boot.
DEGRADED_HOST=""

# machine_kind <inventory-list.json> <host>: vm or container.
machine_kind() { jq -r --arg h "$2" '._meta.hostvars[$h].machine_kind // "vm"' "$1"; }

# login_user <inventory-list.json> <host>: who the harness's SSH key logs in as at first (a container: root, as Proxmox sets it up).
login_user() { if [ "$(machine_kind "$1" "$2")" = container ]; then echo root; else admin_user "$1"; fi; }

# machines <inventory-list.json>: prints "name ip" per machine.
machines() { jq -r '._meta.hostvars | to_entries[] | "\(.key) \(.value.ansible_host)"' "$1" | sort; }

# remove_stale_bridges <cidr>: a run killed outright (SIGKILL, a daemon that died) can leave its
# network's bridge in the kernel, with the veths of its hosts, whose namespaces still answer at the
# static IPs; the kernel would route the new network's addresses there. Removes every Docker bridge
# (`br-<id>`) on <cidr> that no network of the running daemon owns.
remove_stale_bridges() {
  local cidr=$1 owned dev veth
  owned=$(docker network ls -q | sed 's/^/br-/')
  for dev in $(ip -o route show "$cidr" | awk '{print $3}'); do
    [[ $dev == br-* ]] || continue
    grep -qx "$dev" <<<"$owned" && continue
    for veth in $(ip -o link show master "$dev" | awk -F': ' '{print $2}' | cut -d@ -f1); do ip link delete "$veth" 2>/dev/null || true; done
    ip link delete "$dev"
    log "removed the stale bridge $dev on $cidr (a network of a run or a daemon that is gone)"
  done
}

start_hosts() {
  local list=$1 run=$2 image=$3 cidr gateway name ip
  cidr=$(jq -r '._meta.hostvars | to_entries[0].value.network_cidr' "$list")
  gateway=$(jq -r '._meta.hostvars | to_entries[0].value.gateway' "$list")
  remove_stale_bridges "$cidr"
  CONVERGE_NETWORK="homelab-converge-$$"
  log "network $CONVERGE_NETWORK $cidr"
  docker network create --subnet "$cidr" --gateway "$gateway" "$CONVERGE_NETWORK" >/dev/null
  ssh-keygen -q -t ed25519 -N '' -C converge -f "$run/id_ed25519"
  while read -r name ip; do
    start_host "$list" "$run" "$image" "$name" "$ip"
  done < <(machines "$list")
  while read -r -u 3 name ip; do
    wait_until 60 "systemd on $name" systemd_up "$name"
    provision_host "$list" "$run" "$name"
    wait_until 120 "sshd on $name" ssh -n -i "$run/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=2 "$(login_user "$list" "$name")@$ip" true
  done 3< <(machines "$list")
}

admin_user() { jq -r '._meta.hostvars | to_entries[0].value.admin_user' "$1"; }

systemd_up() { [[ $(docker exec "$1" systemctl is-system-running 2>/dev/null) =~ ^(running|degraded)$ ]]; }

start_host() {
  local list=$1 run=$2 image=$3 name=$4 ip=$5 devices=() serial file loop
  while read -r serial; do
    [ -n "$serial" ] || continue
    file="$run/disks/$name-$serial.img"
    mkdir -p "$run/disks"
    truncate -s 2G "$file"
    loop=$(losetup -f --show "$file")
    CONVERGE_LOOPS+=("$loop")
    devices+=(--device "$loop")
    printf '%s %s\n' "$serial" "$loop" >>"$run/disks/$name.map"
  done < <(jq -r --arg h "$name" '._meta.hostvars[$h].data_disks // [] | .[].serial' "$list")
  mkdir -p "$CONVERGE_CACHE/apt/$name/archives/partial" "$CONVERGE_CACHE/apt/$name/lists/partial"
  log "host $name at $ip"
  docker run -d --name "$name" --hostname "$name" --network "$CONVERGE_NETWORK" --ip "$ip" \
    --cap-add ALL --cap-drop SYS_RESOURCE --cap-drop SYS_TIME --security-opt seccomp=unconfined \
    --security-opt apparmor=unconfined --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
    --sysctl net.ipv4.ip_forward=1 --tmpfs /run --tmpfs /run/lock --tmpfs /tmp:exec --stop-signal SIGRTMIN+3 "${devices[@]}" \
    -v "$CONVERGE_CACHE/apt/$name/archives:/var/cache/apt/archives" \
    -v "$CONVERGE_CACHE/apt/$name/lists:/var/lib/apt/lists" \
    --label homelab-converge="$$" "$image" >/dev/null
  CONVERGE_CONTAINERS+=("$name")
}

provision_host() {
  local list=$1 run=$2 name=$3 user dns domain serial loop kind mount
  user=$(admin_user "$list")
  kind=$(machine_kind "$list" "$name")
  dns=$(jq -r '._meta.hostvars | to_entries[0].value.dns_servers | map("nameserver " + .) | join("\n")' "$list")
  domain=$(jq -r '._meta.hostvars | to_entries[0].value.domain' "$list")
  docker exec -i "$name" bash -euo pipefail -s <<SCRIPT
# Docker bind-mounts these three; a VM has plain files (and Ansible replaces files by rename)
for f in /etc/resolv.conf /etc/hosts /etc/hostname; do cp \$f /tmp/f; umount \$f; cat /tmp/f >\$f; done
printf '%s\nsearch %s\n' "$dns" "$domain" >/etc/resolv.conf
if [ "$kind" = container ]; then
  # Proxmox's part for an LXC container: the environment's keys for root (ssh-public-keys), no admin user
  install -d -m 0700 /root/.ssh
  install -m 0600 /dev/stdin /root/.ssh/authorized_keys <<<"$(cat "$run/id_ed25519.pub")"
else
  useradd --create-home --shell /bin/bash $user
  install -d -m 0700 -o $user -g $user /home/$user/.ssh
  install -m 0600 -o $user -g $user /dev/stdin /home/$user/.ssh/authorized_keys <<<"$(cat "$run/id_ed25519.pub")"
  echo "$user ALL=(ALL) NOPASSWD:ALL" >/etc/sudoers.d/90-cloud-init-users
  chmod 0440 /etc/sudoers.d/90-cloud-init-users
fi
ssh-keygen -A >/dev/null
if [ "$name" = "$DEGRADED_HOST" ]; then
  # a cloud-init that finished with recoverable errors: 'status --wait' exits 2
  printf '#!/bin/sh\necho "status: done (degraded)"\nexit 2\n' >/usr/bin/cloud-init
  chmod 0755 /usr/bin/cloud-init
fi
systemctl reset-failed ssh.service
systemctl restart ssh.service
SCRIPT
  [ -f "$run/disks/$name.map" ] || return 0
  while read -r serial loop; do
    if [ "$kind" = container ]; then
      # a container's data disk is a Proxmox mount point: a volume already mounted at its mount point when it starts
      mount=$(jq -r --arg h "$name" --arg s "$serial" '._meta.hostvars[$h].data_disks[] | select(.serial == $s) | .mount_point' "$list")
      docker exec "$name" sh -c "mkfs.ext4 -q $loop && mkdir -p $mount && mount $loop $mount"
    else
      docker exec "$name" sh -c "mkdir -p /dev/disk/by-id && ln -sf $loop /dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_$serial"
    fi
  done <"$run/disks/$name.map"
}

stop_hosts() {
  local loop
  [ "${#CONVERGE_CONTAINERS[@]}" -eq 0 ] || docker rm -f "${CONVERGE_CONTAINERS[@]}" >/dev/null 2>&1 || true
  [ -z "$CONVERGE_NETWORK" ] || docker network rm "$CONVERGE_NETWORK" >/dev/null 2>&1 || true
  for loop in "${CONVERGE_LOOPS[@]}"; do losetup -d "$loop" 2>/dev/null || true; done
}
