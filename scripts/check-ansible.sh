#!/usr/bin/env bash
# Checks ansible/ against the inventory every bundled environment emits: the inventory parses
# (unparsed = failure) with the expected groups, every playbook passes --syntax-check against it,
# and ansible-lint passes. Uses the pinned ansible-core and ansible-lint of tools/ansible/ (a venv
# under ~/.cache/homelab-cdktf/, created on first use from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PATH="$(bash tools/ansible/venv.sh):$PATH"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mapfile -t environments < <(node --import tsx scripts/render-artifacts.ts "$out")
[ "${#environments[@]}" -gt 0 ] || { echo "check-ansible: no environment rendered" >&2; exit 1; }

export ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_CONFIG="$root/ansible/ansible.cfg" ANSIBLE_NOCOLOR=1
playbooks=(ansible/site.yml ansible/known-hosts.yml)
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

echo "== stock Compose stacks: every image pinned to a version (no floating tag)"
floating=$(grep -HnE '^\s*image:' ansible/compose/*/compose.yaml | grep -vE 'image: *[^ :]+(/[^ :]+)*:v?[0-9][^ ]*$' || true)
[ -z "$floating" ] || { echo "check-ansible: images without a pinned version tag:" >&2; echo "$floating" >&2; exit 1; }

echo "== ansible-lint"
# (lint's own syntax check runs without an inventory)
(cd ansible && ANSIBLE_INVENTORY_UNPARSED_FAILED=false ansible-lint --offline --nocolor)
echo "ansible checks passed for: ${environments[*]}"
