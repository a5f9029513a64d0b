# The service checks after the two converge runs: each asks the real service, from this machine or
# from another test host, and names what it found on failure. Every wait is bounded.
# shellcheck source=common.sh
CHECKS_PASSED=0
CHECKS_FAILED=0

pass() { CHECKS_PASSED=$((CHECKS_PASSED + 1)); printf 'ok   %s\n' "$*"; }
fail() { CHECKS_FAILED=$((CHECKS_FAILED + 1)); printf 'FAIL %s\n' "$*"; }

# hostvar <host> <var> / anyvar <var> / group <name>: read the inventory list.
hostvar() { jq -r --arg h "$1" --arg v "$2" '._meta.hostvars[$h][$v] | if type == "array" or type == "object" then tojson else . end' "$LIST"; }
anyvar() { jq -r --arg v "$1" '._meta.hostvars | to_entries[0].value[$v] | if type == "array" or type == "object" then tojson else . end' "$LIST"; }
group() { jq -r --arg g "$1" '.[$g].hosts // [] | .[]' "$LIST"; }

zone_serial() { dig +short +time=2 +tries=2 @"$(hostvar "$(group svc_dns | head -1)" ansible_host)" "$(anyvar domain)" SOA | awk '{print $3}'; }

# The harness's cloud-init stand-in on one host reports "degraded" (exit 2): the run must go on.
check_cloud_init() {
  grep -A1 "^ok: \[$DEGRADED_HOST\] => {" "$RUN/run1.log" | grep -q "cloud-init finished degraded" \
    && pass "cloud-init: 'status --wait' exit 2 (degraded) on $DEGRADED_HOST counted as done" \
    || fail "cloud-init: the degraded first boot of $DEGRADED_HOST was not taken as done"
}

check_dns() {
  local dns domain name ip answer app proxy
  dns=$(hostvar "$(group svc_dns | head -1)" ansible_host)
  domain=$(anyvar domain)
  proxy=$(hostvar "$(group svc_reverse_proxy | head -1)" ansible_host)
  while read -r name ip; do
    answer=$(dig +short +time=2 +tries=2 @"$dns" "$name.$domain" A)
    [ "$answer" = "$ip" ] && pass "dns: $name.$domain A $ip" || fail "dns: $name.$domain A is '$answer', expected $ip"
    answer=$(dig +short +time=2 +tries=2 @"$dns" -x "$ip")
    [ "$answer" = "$name.$domain." ] && pass "dns: $ip PTR $name.$domain." || fail "dns: $ip PTR is '$answer', expected $name.$domain."
  done < <(machines "$LIST")
  while read -r app; do
    answer=$(dig +short +time=2 +tries=2 @"$dns" "$app" A | tail -1)
    [ "$answer" = "$proxy" ] && pass "dns: app $app -> reverse proxy $proxy" || fail "dns: app $app resolves to '$answer', expected the reverse proxy $proxy"
  done < <(anyvar apps | jq -r '.[].hostname')
  answer=$(zone_serial)
  [ "$answer" = "$SERIAL_AFTER_FIRST_RUN" ] && pass "dns: the zone serial stayed $answer through the unchanged second run" \
    || fail "dns: the zone serial went from $SERIAL_AFTER_FIRST_RUN to $answer on a run that changed no record"
  answer=$(dig +short +time=2 +tries=2 @"$dns" deb.debian.org A | tail -1)
  [ -n "$answer" ] && pass "dns: forwards names outside the zone (deb.debian.org)" || fail "dns: deb.debian.org does not resolve through the forwarders"
  while read -r name ip; do
    answer=$(docker exec "$name" getent hosts "$(group svc_certificate_authority | head -1).$domain" | awk '{print $1}')
    [ -n "$answer" ] && pass "dns: $name resolves lab names through its resolver ($(docker exec "$name" awk '/^nameserver/{print $2}' /etc/resolv.conf | paste -sd,))" \
      || fail "dns: $name cannot resolve lab names"
  done < <(machines "$LIST")
}

chrony_synced() { docker exec "$1" chronyc -n sources | grep -q "^\^\* $2 "; }

check_time() {
  local ntp ntp_ip client
  ntp=$(group svc_ntp | head -1)
  ntp_ip=$(hostvar "$ntp" ansible_host)
  for client in $(jq -r '._meta.hostvars | keys[]' "$LIST"); do
    [ "$client" = "$ntp" ] && continue
    if wait_until 90 "chrony on $client to sync from $ntp_ip" chrony_synced "$client" "$ntp_ip"; then
      pass "time: $client syncs from the time server $ntp ($ntp_ip)"
    else
      fail "time: $client does not sync from $ntp_ip: $(docker exec "$client" chronyc -n sources 2>&1 | tail -3 | tr '\n' ' ')"
    fi
  done
}

https_answers() { curl -fsS --max-time 5 --cacert "$RUN/root_ca.crt" --resolve "$1:443:$2" "https://$1/" -o "$RUN/https.out"; }

# Every machine trusts the lab root: its own curl, with the system trust store, reaches step-ca.
check_trust() {
  local ca name
  ca="$(group svc_certificate_authority | head -1).$(anyvar domain)"
  while read -r name _; do
    docker exec "$name" curl -fsS --max-time 5 "https://$ca/health" >/dev/null \
      && pass "trust: $name verifies https://$ca/ against its trust store (the lab root)" \
      || fail "trust: $name does not trust https://$ca/"
  done < <(machines "$LIST")
}

check_proxy() {
  local proxy ca app issuer
  proxy=$(hostvar "$(group svc_reverse_proxy | head -1)" ansible_host)
  ca=$(group svc_certificate_authority | head -1)
  docker exec "$ca" cat "$(jq -r --arg h "$ca" '._meta.hostvars[$h].data_disks[0].mount_point' "$LIST")/step-ca/certs/root_ca.crt" >"$RUN/root_ca.crt"
  while read -r app; do
    if wait_until 120 "https://$app/ through Caddy" https_answers "$app" "$proxy" && grep -q "converge echo backend" "$RUN/https.out"; then
      issuer=$(openssl s_client -connect "$proxy:443" -servername "$app" </dev/null 2>/dev/null | openssl x509 -noout -issuer 2>/dev/null)
      pass "proxy: https://$app/ reaches its backend, certificate verified against the lab root ($issuer)"
    else
      fail "proxy: https://$app/ does not answer over TLS from the lab CA: $(curl -sS --max-time 5 --cacert "$RUN/root_ca.crt" --resolve "$app:443:$proxy" "https://$app/" 2>&1 | tail -1)"
    fi
  done < <(anyvar apps | jq -r '.[].hostname')
}

targets_up() {
  curl -fsS --max-time 5 "http://$1:9090/api/v1/targets" -o "$RUN/targets.json" || return 1
  [ "$(jq '[.data.activeTargets[] | select(.labels.job == "node" and .health == "up")] | length' "$RUN/targets.json")" -eq "$2" ]
}

check_metrics() {
  local mon count
  mon=$(hostvar "$(group svc_metrics | head -1)" ansible_host)
  count=$(jq '._meta.hostvars | length' "$LIST")
  if wait_until 90 "Prometheus to see $count node exporters up" targets_up "$mon" "$count"; then
    pass "metrics: Prometheus scrapes all $count node exporters, every one up ($(jq -r '[.data.activeTargets[] | select(.labels.job == "node") | .labels.instance] | join(",")' "$RUN/targets.json"))"
  else
    fail "metrics: node targets: $(jq -c '[.data.activeTargets[]? | {instance: .labels.instance, health}]' "$RUN/targets.json" 2>/dev/null)"
  fi
}

check_firewall() {
  local from docker_host ip allowed blocked
  docker_host=$(group svc_compose_apps | head -1)
  ip=$(hostvar "$docker_host" ansible_host)
  from=$(group svc_dns | head -1)
  allowed=$(anyvar apps | jq -r --arg h "$docker_host" '[.[] | select(.machine == $h)][0].port')
  blocked=8081
  if docker exec "$from" curl -fsS --max-time 5 "http://$ip:$allowed/" | grep -q "converge echo backend"; then
    pass "firewall: $from reaches the allowed published port $ip:$allowed"
  else fail "firewall: $from cannot reach the allowed published port $ip:$allowed"; fi
  if docker exec "$docker_host" curl -fsS --max-time 5 "http://127.0.0.1:$blocked/" >/dev/null; then
    if docker exec "$from" curl -fsS --max-time 5 "http://$ip:$blocked/" >/dev/null 2>&1; then
      fail "firewall: $from reaches $ip:$blocked, a published port firewall_allow does not list"
    else pass "firewall: $from cannot reach $ip:$blocked (published by Compose, not in firewall_allow; answers on the host itself)"; fi
  else fail "firewall: the blocked-port probe is void: $blocked does not answer on $docker_host itself"; fi
  if docker exec "$from" curl -fsS --max-time 5 "http://$(hostvar "$(group svc_metrics | head -1)" ansible_host):9090/-/healthy" >/dev/null; then
    pass "firewall: $from reaches Prometheus (9090/tcp allowed on the metrics host)"
  else fail "firewall: $from cannot reach Prometheus on 9090"; fi
}

check_disks() {
  local host mount source root
  while read -r host mount; do
    source=$(docker exec "$host" findmnt -n -o SOURCE --target "$mount" 2>/dev/null)
    [[ $source == /dev/loop* ]] && pass "disks: $host mounts its data disk at $mount ($source, by its serial path)" || fail "disks: $mount on $host is on '$source', not its data disk"
  done < <(jq -r '._meta.hostvars | to_entries[] | .key as $h | (.value.data_disks // [])[] | "\($h) \(.mount_point)"' "$LIST")
  for host in $(group svc_docker); do
    root=$(docker exec "$host" docker info --format '{{.DockerRootDir}}')
    [[ $root == "$(jq -r --arg h "$host" '._meta.hostvars[$h].data_disks[0].mount_point' "$LIST")"/* ]] && pass "disks: Docker's data root on $host is on the data disk ($root)" || fail "disks: Docker's data root on $host is $root"
  done
}

# A container has no cloud-init: the Containers play made its admin user from root's keys, once; hardening then closed root's SSH login.
check_containers() {
  local host ip user
  user=$(anyvar admin_user)
  for host in $(group proxmox_container); do
    ip=$(hostvar "$host" ansible_host)
    grep -qE "^changed: \[$host\]" <(sed -n '/TASK \[container_bootstrap : Create the admin user/,/^TASK/p' "$RUN/run1.log") \
      && pass "containers: the first run created $user on $host from root's keys" || fail "containers: the first run did not create $user on $host"
    docker exec "$host" sudo -n -u "$user" sudo -n true && pass "containers: $user on $host has passwordless sudo" || fail "containers: $user on $host has no passwordless sudo"
    if ssh -n -i "$RUN/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=3 "root@$ip" true 2>/dev/null; then
      fail "containers: root still logs in to $host by SSH after the base play"
    else pass "containers: root's SSH login to $host is closed after the base play; $user logs in"; fi
  done
}

check_dashboard() {
  local host app
  host=$(group svc_dashboard | head -1)
  for app in $(anyvar apps | jq -r '.[].hostname'); do
    docker exec "$host" grep -q "https://$app" /opt/dashboard/homepage/config/services.yaml \
      && pass "dashboard: homepage's services.yaml on $host has a tile for $app" || fail "dashboard: no tile for $app on $host"
  done
}

ping_host() { (cd "$REPO/ansible" && ansible "${INVENTORY[@]}" "$1" -m ansible.builtin.ping >"$RUN/ping.log" 2>&1); }

# A rebuilt machine has a new host key: SSH refuses it until known-hosts.yml is told of the rebuild.
check_known_hosts() {
  local host
  host=$(group svc_ntp | head -1)
  # close the SSH masters Ansible keeps open (ControlPersist): the next connection exchanges keys anew
  for socket in "$ANSIBLE_SSH_CONTROL_PATH_DIR"/*; do
    if [ -S "$socket" ]; then ssh -o ControlPath="$socket" -O exit converge >/dev/null 2>&1 || true; fi
  done
  docker exec "$host" sh -c 'rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && systemctl restart ssh'
  if ping_host "$host"; then fail "known hosts: $host's new host key was accepted without a rebuild being declared"
  elif grep -q "REMOTE HOST IDENTIFICATION HAS CHANGED\|Host key verification failed" "$RUN/ping.log"; then pass "known hosts: a changed host key of $host is refused"
  else fail "known hosts: ping of $host failed for another reason: $(tail -2 "$RUN/ping.log")"; fi
  (cd "$REPO/ansible" && ansible-playbook "${INVENTORY[@]}" known-hosts.yml -e "known_hosts_rebuilt=$host" >"$RUN/rebuilt.log" 2>&1) \
    && ping_host "$host" && pass "known hosts: after known-hosts.yml -e known_hosts_rebuilt=$host, $host is reached again" \
    || fail "known hosts: $host unreachable after declaring its rebuild: $(tail -3 "$RUN/ping.log")"
}

# A record change bumps the serial once: one more app in the environment file (a stock stack on the
# docker host), its inventory rendered by the project's code, then the DNS layer alone.
check_dns_change() {
  local extra answer added="$RUN/added"
  extra="added.$(anyvar domain)"
  mkdir -p "$added/environments"
  (cd "$REPO" && node -e '
    const fs = require("fs"), yaml = require("js-yaml");
    const [from, to, machine] = process.argv.slice(1);
    const environment = yaml.load(fs.readFileSync(from, "utf8"));
    environment.apps.push({ name: "added", machine, stack: "whoami", port: 8082 });
    fs.writeFileSync(to, yaml.dump(environment));' converge/environments/converge.yaml "$added/environments/converge.yaml" "$(group svc_compose_apps | head -1)") \
    && (cd "$REPO" && HOMELAB_ENVIRONMENTS_DIR="$added/environments" node --import tsx scripts/render-artifacts.ts "$added" >/dev/null) \
    || { fail "dns: rendering the environment with one more app failed"; return; }
  cp "$inventory_dir/known_hosts" "$added/ansible/inventories/converge/"
  (cd "$REPO/ansible" && ansible-playbook -i "$added/ansible/inventories/converge/hosts.yml" -i "$inventory_dir/harness.yml" site.yml --tags dns >"$RUN/dns-change.log" 2>&1) \
    || { fail "dns: the DNS layer failed with one more app: $(tail -3 "$RUN/dns-change.log")"; return; }
  answer=$(zone_serial)
  [ "$answer" = "$((SERIAL_AFTER_FIRST_RUN + 1))" ] && pass "dns: one more record bumps the serial once ($SERIAL_AFTER_FIRST_RUN -> $answer)" \
    || fail "dns: serial is $answer after one record change, expected $((SERIAL_AFTER_FIRST_RUN + 1))"
  answer=$(dig +short +time=2 +tries=2 @"$(hostvar "$(group svc_dns | head -1)" ansible_host)" "$extra" CNAME)
  [ -n "$answer" ] && pass "dns: the new app name $extra is served ($answer)" || fail "dns: $extra is not served after the change"
}
