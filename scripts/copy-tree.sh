#!/usr/bin/env bash
# Copy what building the extension and running its tests need (sources,
# SQL, tests, and the docs and scripts the TAP tests read) into DIR, for a
# run as another user or with other build flags:
#   scripts/copy-tree.sh DIR
# Used by scripts/test.sh (TAP tests as postgres) and scripts/sanitize.sh.
set -euo pipefail
dest=${1:?usage: scripts/copy-tree.sh DIR}
case "$dest" in /*) ;; *) dest="$PWD/$dest" ;; esac
cd "$(dirname "$0")/.."
cp -r Makefile hcpcs.control hcpcs--*.sql src sql expected tests doc scripts "$dest"/
