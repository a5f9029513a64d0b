#!/usr/bin/env bash
# Prints the bin directory of a Python venv holding the pinned ansible-core and ansible-lint of
# requirements.txt beside this file; creates it once per key of that file and the Python version,
# under ~/.cache/homelab-cdktf/ (outside the checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
key=$( { cat "$here/requirements.txt"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-12)
venv="${HOMELAB_CACHE:-$HOME/.cache/homelab-cdktf}/ansible-venv-$key"
# a venv cannot be moved (its scripts name their own path): build in place, mark it complete last
if [ ! -e "$venv/.complete" ]; then
  echo "== creating the Ansible venv $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv -r "$here/requirements.txt" >&2
  touch "$venv/.complete"
fi
echo "$venv/bin"
