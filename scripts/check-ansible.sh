#!/usr/bin/env bash
# Checks ansible/ against the inventory every bundled environment (and the converge harness's) emits:
# the inventory parses (unparsed = failure) with the groups, hosts and apps of the model and passes the
# contract check (contract.yml), every playbook passes --syntax-check against it, and ansible-lint passes. Uses the pinned ansible-core and
# ansible-lint (`npm run tools -- --ansible`: a venv in the tools cache, linked at .tools/ansible).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
npm run --silent tools -- --ansible
PATH="$root/.tools/ansible/bin:$PATH"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_CONFIG="$root/ansible/ansible.cfg" ANSIBLE_NOCOLOR=1
playbooks=(ansible/site.yml ansible/known-hosts.yml ansible/contract.yml)
checked=()
for dir in environments converge/environments; do
  mapfile -t environments < <(HOMELAB_ENVIRONMENTS_DIR=$dir node --import tsx scripts/render-artifacts.ts "$out")
  [ "${#environments[@]}" -gt 0 ] || { echo "check-ansible: no environment rendered from $dir" >&2; exit 1; }
  for env in "${environments[@]}"; do
    inventory="$out/ansible/inventories/$env/hosts.yml"
    echo "== $env: ansible-inventory --list"
    ansible-inventory -i "$inventory" --list >"$out/$env.json"
    HOMELAB_ENVIRONMENTS_DIR=$dir node --import tsx scripts/expect-inventory.ts "$env" "$out/$env.json"
    echo "== $env: contract.yml (the inventory contract, no host contacted)"
    (cd ansible && ansible-playbook -i "$inventory" contract.yml >"$out/$env.contract.log") || { tail -20 "$out/$env.contract.log" >&2; exit 1; }
    for playbook in "${playbooks[@]}"; do
      echo "== $env: ansible-playbook --syntax-check $playbook"
      ansible-playbook -i "$inventory" --syntax-check "$playbook" >/dev/null
    done
    checked+=("$env")
  done
done

echo "== stock Compose stacks: every image pinned to a version (no floating tag)"
floating=$(grep -HnE '^\s*image:' ansible/compose/*/compose.yaml | grep -vE 'image: *[^ :]+(/[^ :]+)*:v?[0-9][^ ]*$' || true)
[ -z "$floating" ] || { echo "check-ansible: images without a pinned version tag:" >&2; echo "$floating" >&2; exit 1; }

echo "== ansible-lint"
# (lint's own syntax check runs without an inventory)
(cd ansible && ANSIBLE_INVENTORY_UNPARSED_FAILED=false ansible-lint --offline --nocolor)
echo "ansible checks passed for: ${checked[*]}"
