#!/usr/bin/env bash
# Refreshes the vendored axe-core (accessibility rules for the browser tests) in
# tests/browser/vendor/ from the npm registry. Change AXE_VERSION, run, then update the
# version in tests/browser/vendor/README.md.
#
#   bash scripts/vendor-axe.sh
set -euo pipefail

AXE_VERSION="${AXE_VERSION:-4.14.1}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$root/tests/browser/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
# npm pack checks the tarball against the registry's integrity hash.
tarball="$(npm pack --silent "axe-core@$AXE_VERSION")"
tar -xzf "$tarball"

mkdir -p "$vendor"
cp package/axe.min.js "$vendor/axe.min.js"
cp package/LICENSE "$vendor/AXE-CORE-LICENCE.txt"
cp package/LICENSE-3RD-PARTY.txt "$vendor/AXE-CORE-LICENCE-3RD-PARTY.txt"

head -n 1 "$vendor/axe.min.js"
wc -c "$vendor"/*
