#!/usr/bin/env bash
# Checks ansible/ against the inventory every bundled environment emits: the inventory parses
# (unparsed = failure) with the expected groups, every playbook passes --syntax-check against it,
# and ansible-lint passes. Installs nothing: needs ansible-core and ansible-lint on PATH
# (Debian: apt-get install -y ansible-core ansible-lint).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

for tool in ansible-inventory ansible-playbook ansible-lint; do
  command -v "$tool" >/dev/null || { echo "check-ansible: $tool not found (apt-get install -y ansible-core ansible-lint)" >&2; exit 1; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mapfile -t environments < <(node --import tsx scripts/render-artifacts.ts "$out")
[ "${#environments[@]}" -gt 0 ] || { echo "check-ansible: no environment rendered" >&2; exit 1; }

export ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_CONFIG="$root/ansible/ansible.cfg" ANSIBLE_NOCOLOR=1
playbooks=(ansible/site.yml ansible/playbooks/*.yml)
for env in "${environments[@]}"; do
  inventory="$out/ansible/inventories/$env/hosts.yml"
  echo "== $env: ansible-inventory --list"
  ansible-inventory -i "$inventory" --list >"$out/$env.json"
  node --import tsx scripts/expect-inventory.ts "$env" "$out/$env.json"
  for playbook in "${playbooks[@]}"; do
    echo "== $env: ansible-playbook --syntax-check $playbook"
    ansible-playbook -i "$inventory" --syntax-check "$playbook" >/dev/null
  done
done

echo "== ansible-lint"
(cd ansible && ansible-lint --offline --nocolor)
echo "ansible checks passed for: ${environments[*]}"
