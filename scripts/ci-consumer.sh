#!/usr/bin/env bash
# Proves the library works from another repository: packs it as `npm publish` would (prepack
# builds dist/), installs the tarball into examples/consumer/ (a project of its own, with its own
# lock), then type-checks, tests and synthesizes the consumer. Run from a checkout after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1

pack_dir="$(mktemp -d)"
trap 'rm -rf "$pack_dir"' EXIT

echo "== npm pack (builds dist/)"
npm pack --pack-destination "$pack_dir" --loglevel=warn >/dev/null
tarballs=("$pack_dir"/homelab-cdktf-*.tgz)
tarball="${tarballs[0]}"
test -f "$tarball"

cd examples/consumer
echo "== install the consumer (its lock), then the packed library"
npm ci --no-audit --no-fund
# --no-save: the consumer's package.json and lock never record this machine's tarball path.
npm install --no-save --no-audit --no-fund "$tarball"
if grep -qE '\.tgz|"node_modules/homelab-cdktf"' package-lock.json; then
  echo "examples/consumer/package-lock.json must not pin the library tarball" >&2
  exit 1
fi

echo "== type-check (classic node resolution: types; node16 resolution: exports)"
npx tsc --noEmit
npx tsc --noEmit --module node16 --moduleResolution node16

echo "== consumer tests"
npx jest --ci

echo "== consumer synth"
rm -rf cdktf.out
npm run --silent synth
for stack in home home-images; do
  test -s "cdktf.out/stacks/$stack/cdk.tf.json" || { echo "consumer synth wrote no $stack stack" >&2; exit 1; }
done
if grep -rqF "$PWD" cdktf.out; then
  echo "consumer synth output holds an absolute path" >&2
  exit 1
fi
echo "consumer example: packed library installed, tests and synth passed"
