#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this script):
#   1. install missing Debian packages (scripts/deps.sh)
#   2. build and install the extension
#   3. C-level tests of the pure core (exhaustive parser test) and a
#      short libFuzzer run of every parser (doc/fuzzing.md)
#   4. pg_regress and isolation suites in a throwaway cluster (pg_virtualenv)
#   5. TAP tests (each starts its own clusters)
#   6. all of 3-5 again against an ASan/UBSan build of the extension
#      loaded into a real server (scripts/sanitize.sh)
# Real CMS data comes from ../shared/data (or $HCPCS_SHARED_DATA), copied
# to a temporary directory the server can read.
set -euo pipefail
cd "$(dirname "$0")/.."
# the throwaway cluster must not inherit connection settings of another one
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE
top=$(pwd)

step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"
bash scripts/deps.sh build test

step "build and install"
make -s clean >/dev/null
make -s 2>&1 | { grep -E 'warning|error' || true; }
make -s install >/dev/null

step "real CMS data"
HCPCS_DATA=$(bash scripts/test-data.sh)
export HCPCS_DATA
trap 'rm -rf "$HCPCS_DATA"' EXIT
echo "using $HCPCS_DATA"

step "C-level tests of the core"
make -s check-core HCPCS_DATA="$HCPCS_DATA"

step "libFuzzer smoke run of every parser (ASan+UBSan, seeded from the real files)"
make -s fuzz-smoke HCPCS_DATA="$HCPCS_DATA"

step "pg_regress and isolation tests (throwaway cluster)"
if ! pg_virtualenv -v 15 make -s installcheck HCPCS_DATA="$HCPCS_DATA"; then
    [ -f regression.diffs ] && head -300 regression.diffs
    [ -f output_iso/regression.diffs ] && head -300 output_iso/regression.diffs
    exit 1
fi

step "TAP tests (PostgreSQL::Test::Cluster)"
# The update test (tests/tap/t/005_update.pl) builds release 1.0 from the
# v1.0 tag: hand it the tag's sources (a shallow clone may lack the tag).
# A clone without tags still has the commit: its id is recorded here.
HCPCS_V10_TAR=""
v10=532eda3e94def96007a634d7b61a978b5e499e06
if git rev-parse -q --verify refs/tags/v1.0 >/dev/null 2>&1; then
    v10=v1.0
fi
if ! git rev-parse -q --verify "$v10^{commit}" >/dev/null 2>&1 &&
   git fetch -q --depth=1 origin refs/tags/v1.0:refs/tags/v1.0 2>/dev/null; then
    v10=v1.0
fi
if git rev-parse -q --verify "$v10^{commit}" >/dev/null 2>&1; then
    HCPCS_V10_TAR=$(mktemp /tmp/hcpcs-v1.0.XXXXXX)
    git archive -o "$HCPCS_V10_TAR" "$v10"
    chmod a+r "$HCPCS_V10_TAR"
    trap 'rm -rf "$HCPCS_DATA" "$HCPCS_V10_TAR"' EXIT
else
    echo "warning: neither tag v1.0 nor its commit is in this clone (shallow?): the update test will be skipped"
fi
export HCPCS_V10_TAR
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses root: run them as postgres, in a copy it may write to
    tapdir=$(mktemp -d /tmp/hcpcs-tap.XXXXXX)
    bash scripts/copy-tree.sh "$tapdir"
    chown -R postgres "$tapdir"
    if ! runuser -u postgres -- env HCPCS_DATA="$HCPCS_DATA" HCPCS_V10_TAR="$HCPCS_V10_TAR" make -C "$tapdir" -s installcheck-tap; then
        tail -n 60 "$tapdir"/tmp_check/log/regress_log_* || true
        exit 1
    fi
    rm -rf "$tapdir"
else
    make -s installcheck-tap
fi

step "ASan/UBSan build of the extension: every suite again (doc/sanitizers.md)"
HCPCS_DATA="$HCPCS_DATA" HCPCS_V10_TAR="$HCPCS_V10_TAR" bash scripts/sanitize.sh

step "all tests passed"
