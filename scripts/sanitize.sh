#!/usr/bin/env bash
# The whole test suite against an AddressSanitizer + UndefinedBehaviorSanitizer
# build of the extension, loaded into a real (uninstrumented) PostgreSQL 15
# server that runs with the clang ASan runtime preloaded (doc/sanitizers.md).
#
#   scripts/sanitize.sh            (after: bash scripts/deps.sh build test)
#
#   1. a private relocated PostgreSQL install (scripts/private-pg.sh), so the
#      system installation is untouched
#   2. the extension built with clang and $(SANITIZE_CFLAGS) of the Makefile,
#      in a copy of the tree, installed into the private install
#   3. the C-level tests of the core, sanitized (make check-core-sanitize),
#      in the background while steps 4 and 5 run
#   4. a throwaway cluster started with LD_PRELOAD of the ASan runtime; the
#      pg_regress and isolation suites (make installcheck)
#   5. the TAP tests (make installcheck-tap), the runtime preloaded into
#      every process they start
#   6. the sanitizer logs and server logs are scanned for ASan/UBSan reports
#      and crashed server processes; any is printed and fails the script
#
# Environment: SANITIZE_PORT (default 5521); for a quick look, not for CI:
# SANITIZE_CORE=0 skips step 3, SANITIZE_TAP=0 skips step 5,
# SANITIZE_REGRESS="code_input ..." runs only those pg_regress tests;
# SANITIZE_KEEP=1 keeps the work directory (it is always kept on failure).
# HCPCS_V10_TAR (as scripts/test.sh makes it) is handed to the TAP tests;
# HCPCS_DATA, a copy of the CMS data made by scripts/test-data.sh, is used
# when set (scripts/test.sh passes its own), else the script makes one.
# Needs root (runs the servers as user postgres) or an ordinary user.
set -euo pipefail
cd "$(dirname "$0")/.."
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE
top=$(pwd)
port=${SANITIZE_PORT:-5521}
start=$SECONDS

step() { printf '\n=== %s ===\n' "$*"; }
die() { echo "sanitize.sh: $*" >&2; exit 1; }

# initdb and the server refuse root: run everything that writes the work
# directory as postgres
if [ "$(id -u)" -eq 0 ]; then
    asuser() { runuser -u postgres -- "$@"; }
else
    asuser() { "$@"; }
fi

command -v clang >/dev/null || die "clang not found (bash scripts/deps.sh build test)"
asan_rt=$(clang -print-file-name=libclang_rt.asan-x86_64.so)
[ -f "$asan_rt" ] || die "no ASan runtime at '$asan_rt' (package libclang-rt-14-dev)"
symbolizer=$(command -v llvm-symbolizer || ls /usr/lib/llvm-*/bin/llvm-symbolizer 2>/dev/null | tail -n1 || true)

work=$(mktemp -d /tmp/hcpcs-sanitize.XXXXXX)
chmod 755 "$work"
src=$work/src            # the copy of the tree that is built and tested
data=$work/data          # the cluster
logs=$work/log           # sanitizer reports (san.PID) and server.log
sock=$work/sock
given_data=${HCPCS_DATA:-}  # a copy made by the caller (scripts/test.sh)
own_data=                   # the copy this script made, removed at the end
server_up=

cleanup() {
    local rc=$?
    # (a C-level test still running in the background writes in $work)
    if [ -n "${core_pid:-}" ]; then wait "$core_pid" 2>/dev/null || true; fi
    if [ -n "$server_up" ]; then
        asuser "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$own_data" ] && rm -rf "$own_data"
    if [ "$rc" -eq 0 ] && [ "${SANITIZE_KEEP:-0}" != 1 ]; then
        rm -rf "$work"
    else
        echo "sanitize.sh: work directory kept: $work" >&2
    fi
}
trap cleanup EXIT
# run a command, its output also saved in a file; the command's status
run_logged() {
    local out=$1
    shift
    "$@" 2>&1 | tee "$out"
    return "${PIPESTATUS[0]}"
}

step "private PostgreSQL install"
bin=$(bash scripts/private-pg.sh "$work/pg")
pgc=$bin/pg_config
echo "$bin"

step "sanitized build (clang, \$(SANITIZE_CFLAGS))"
mkdir -p "$src" "$logs" "$sock"
bash scripts/copy-tree.sh "$src"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$work"
# CFLAGS replaces Debian's gcc flags: its gcc-only options make clang warn on
# every file, and -fwrapv would turn off UBSan's signed-overflow check
# (overflow is defined under -fwrapv).  No LLVM bitcode for JIT inlining.
cflags='-Wall -Wmissing-prototypes -Wpointer-arith -Wdeclaration-after-statement -Werror=vla -Wendif-labels -Wmissing-format-attribute -Wformat-security -fno-strict-aliasing -Wno-ignored-attributes $(SANITIZE_CFLAGS)'
mk=(make -C "$src" -s PG_CONFIG="$pgc")
asuser "${mk[@]}" clean >/dev/null
asuser "${mk[@]}" CC=clang with_llvm=no CFLAGS="$cflags" 2>&1 | { grep -E 'warning|error' || true; }
asuser "${mk[@]}" with_llvm=no install >/dev/null
nm -D "$work/pg/usr/lib/postgresql/15/lib/hcpcs.so" | grep ' U __asan_init' >/dev/null ||
    die "the installed hcpcs.so is not instrumented"

step "real CMS data"
if [ -n "$given_data" ] && [ -d "$given_data" ]; then
    HCPCS_DATA=$given_data
else
    HCPCS_DATA=$(bash scripts/test-data.sh)
    own_data=$HCPCS_DATA
fi
export HCPCS_DATA
echo "using $HCPCS_DATA"

# Sanitizer settings.  The server is not instrumented, only hcpcs.so is; the
# preloaded runtime replaces malloc/free and checks the extension's loads
# and stores.
#  detect_leaks=0    the server frees memory contexts, not single chunks, and
#                    keeps much until exit on purpose: leak reports would be
#                    noise (the standalone core tests keep leak detection on)
#  abort_on_error=1  a report ends the process with SIGABRT, so the postmaster
#                    logs "terminated by signal 6" and the test in progress
#                    fails; a plain exit(1) of a backend goes unnoticed
#  detect_stack_use_after_return=0
#                    fake stacks would break check_stack_depth() (it compares
#                    addresses of locals) and the siglongjmp of ereport(ERROR)
#  log_path          one report file per process (san.PID), which survives the
#                    postmaster's redirection of stderr
# The runtime initializes lazily on the first malloc when a library
# constructor allocates before the runtime's own constructor has run.  In
# PostgreSQL's programs that is libp11-kit's newlocale(), which holds glibc's
# setlocale lock; runtime 14's initialization then calls dlsym() for an
# optional "swift_demangle" and dlerror(), whose message translation takes the
# same lock again and corrupts it: postgres, psql and initdb hang.  A stub
# swift_demangle (it demangles nothing) makes that dlsym() succeed.
cat >"$work/swift_stub.c" <<'STUB'
#include <stddef.h>
#include <stdint.h>
char	   *swift_demangle(const char *name, size_t len, char *buf, size_t *buflen,
						   uint32_t flags);
char *
swift_demangle(const char *name, size_t len, char *buf, size_t *buflen, uint32_t flags)
{
	return NULL;
}
STUB
clang -shared -fPIC -O1 -o "$work/swift_stub.so" "$work/swift_stub.c"
chmod a+r "$work/swift_stub.so"
preload="$asan_rt $work/swift_stub.so"
san_common="log_path=$logs/san:print_summary=1:${symbolizer:+external_symbolizer_path=$symbolizer:}"
asan_options="${san_common}detect_leaks=0:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=0:detect_odr_violation=0:disable_coredump=1"
ubsan_options="${san_common}print_stacktrace=1:halt_on_error=1:abort_on_error=1"
sanenv=(env LD_PRELOAD="$preload" ASAN_OPTIONS="$asan_options" UBSAN_OPTIONS="$ubsan_options")

# The C-level tests of the core need no server: they run meanwhile
core_pid=
if [ "${SANITIZE_CORE:-1}" != 0 ]; then
    echo "C-level tests of the core (ASan, UBSan, leak detection on): started"
    asuser env ASAN_OPTIONS="abort_on_error=1:detect_leaks=1" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        make -C "$src" -s check-core-sanitize HCPCS_DATA="$HCPCS_DATA" >"$work/core.out" 2>&1 &
    core_pid=$!
fi

step "cluster with the ASan runtime preloaded (port $port)"
asuser "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
cat >>"$data/postgresql.conf" <<EOF
port = $port
listen_addresses = ''
unix_socket_directories = '$sock'
fsync = off
EOF
asuser "${sanenv[@]}" "$bin/pg_ctl" -D "$data" -l "$logs/server.log" -w start >/dev/null
server_up=1
pm=$(head -n1 "$data/postmaster.pid")
grep -q libclang_rt.asan "/proc/$pm/maps" || die "the ASan runtime is not loaded in the server"

step "pg_regress and isolation tests"
tests_failed=0
if ! run_logged "$work/installcheck.out" asuser env PGHOST="$sock" PGPORT="$port" \
        PGUSER=postgres HCPCS_DATA="$HCPCS_DATA" "${mk[@]}" installcheck \
        ${SANITIZE_REGRESS:+REGRESS="$SANITIZE_REGRESS"}; then
    tests_failed=1
    for f in "$src/regression.diffs" "$src/output_iso/regression.diffs"; do
        if [ -f "$f" ]; then head -300 "$f"; fi
    done
fi
# After a crash, a fast shutdown requested while the postmaster restarts
# waited out pg_ctl's timeout here: stop such a server at once (its logs are
# scanned all the same).
stopmode=fast
if grep -q 'terminated by signal' "$logs/server.log"; then stopmode=immediate; fi
if ! asuser "$bin/pg_ctl" -D "$data" -m "$stopmode" -t 120 -w stop >/dev/null; then
    tests_failed=1
    asuser "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null || true
fi
server_up=

tap_summary="TAP skipped"
if [ "${SANITIZE_TAP:-1}" != 0 ]; then
    step "TAP tests (the ASan runtime preloaded into every process)"
    if ! run_logged "$work/tap.out" asuser "${sanenv[@]}" HCPCS_DATA="$HCPCS_DATA" \
            HCPCS_V10_TAR="${HCPCS_V10_TAR:-}" \
            "${mk[@]}" installcheck-tap; then
        tests_failed=1
        tail -n 60 "$src"/tmp_check/log/regress_log_* || true
    fi
    tap_summary="TAP: $(grep -Eo 'Files=[0-9]+, Tests=[0-9]+' "$work/tap.out" || echo 'no result')"
fi

core_summary="core unit tests skipped"
if [ -n "$core_pid" ]; then
    step "C-level tests of the core (ASan, UBSan, leak detection on)"
    if wait "$core_pid"; then
        grep -E '^[a-z_0-9]+: ' "$work/core.out"
    else
        tests_failed=1
        tail -n 80 "$work/core.out"
    fi
    core_summary="core unit tests: $(grep -cE '^[a-z_0-9]+: (all checks passed|[0-9]+ checks, 0 failed)' "$work/core.out") of 3 passed"
fi

step "sanitizer reports and crashes"
# every report file, and every report or crash line of the server logs
reports=$(find "$logs" -name 'san.*' -type f | sort)
nreports=$(printf '%s' "$reports" | grep -c . || true)
for f in $reports; do
    echo "--- $f"
    cat "$f"
done
pattern='AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:|terminated by signal|PANIC:'
crashes=$(grep -HE "$pattern" "$logs/server.log" "$src"/tmp_check/log/*.log 2>/dev/null || true)
ncrashes=$(printf '%s' "$crashes" | grep -c . || true)
[ -n "$crashes" ] && printf '%s\n' "$crashes"

nrun=$(grep -cE '\.\.\. (ok|FAILED|failed)' "$work/installcheck.out" || true)
nfail=$(grep -cE '\.\.\. (FAILED|failed)' "$work/installcheck.out" || true)
summary="sanitize: $nrun pg_regress/isolation tests ($nfail failed), $tap_summary, $core_summary;"
summary+=" $nreports sanitizer report file(s), $ncrashes report/crash line(s) in server logs; $((SECONDS - start)) s"
echo
echo "$summary"
if [ "$tests_failed" -ne 0 ] || [ "$nreports" -ne 0 ] || [ "$ncrashes" -ne 0 ]; then
    exit 1
fi
