# bench/lib.sh — shell helpers shared by the benchmarks in bench/ (sourced,
# not run).  A benchmark sets its knobs, sources this file, then:
#
#   bench_init                 # fingerprint, temp dir, free port, exit trap
#   bench_cluster NAME <<EOF   # initdb, settings, start; stdin: the
#   ...settings...             #   benchmark's own postgresql.conf lines
#   EOF
#   q -c '...'                 # psql in a fresh connection to the cluster
#   bench_cold_setup           # can we drop the OS page cache? sets COLD_LABEL
#   bench_cold_reset           # restart the server (+ drop the OS cache)
#   bench_perf NAME SQL        # perf profile of one backend running SQL
#   bench_md_*                 # lines of the report's Setup section
#
# The cluster is a throwaway one made with initdb in a fresh temp directory
# under /tmp, on a free port, listening on a Unix socket in that directory
# only (listen_addresses = ''), stopped and deleted at exit (KEEP=1 keeps
# it).  No other cluster is touched.
#
# Knobs read here: KEEP (default 0), LOCALE (default C.UTF-8), PGBIN.

KEEP=${KEEP:-0}
LOCALE=${LOCALE:-C.UTF-8}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || PGBIN=$(pg_config --bindir)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out

# Which build is measured: the installed module and extension script,
# fingerprinted at start and end (a `make install` during the run would mix
# builds: flagged in the report by bench_md_module).
SO=$("$PGBIN/pg_config" --pkglibdir)/hcpcs.so
EXT_SQL=$("$PGBIN/pg_config" --sharedir)/extension/hcpcs--1.0.sql
so_id() {
    echo "sha256 $(sha256sum "$SO" | cut -c1-12), installed $(date -u -r "$SO" '+%Y-%m-%d %H:%M:%S UTC');" \
         "script $(basename "$EXT_SQL") sha256 $(sha256sum "$EXT_SQL" | cut -c1-12)"
}

# Run server binaries as postgres when we are root (initdb refuses root).
if [ "$(id -u)" = 0 ]; then
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi

pgctl() { "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w "$@" >/dev/null; }

# psql to the throwaway cluster, database postgres unless -d is given later
# on the command line; every call is a new connection (a new backend).
q() { "${PSQL[@]}" "$@"; }

bench_cleanup() {
    local rc=$?
    if [ -n "${DATA:-}" ] && [ -f "$DATA/postmaster.pid" ]; then
        if [ "$KEEP" = 1 ]; then
            echo "KEEP=1: cluster left running: PGHOST=$TMP PGPORT=$PORT PGUSER=postgres ($DATA)"
        else
            pgctl stop -m immediate || true
        fi
    fi
    if [ "$KEEP" != 1 ] && [ -n "${TMP:-}" ]; then rm -rf "$TMP"; fi
    exit $rc
}

# bench_free_port FROM: the first port from FROM (100 tried) with nothing
# listening on it (TCP) and no socket file for it in the usual socket
# directories or in $TMP; prints nothing if there is none.
bench_free_port() {
    local p
    for p in $(seq "$1" $(($1 + 100))); do
        if ! ss -Hltn "( sport = :$p )" 2>/dev/null | grep -q . &&
           ! [ -e "/var/run/postgresql/.s.PGSQL.$p" ] && ! [ -e "/tmp/.s.PGSQL.$p" ] &&
           ! [ -e "${TMP:-/nonexistent}/.s.PGSQL.$p" ]; then
            echo "$p"; return
        fi
    done
}

# bench_init: start-of-run facts, the temp directory ($TMP, owned by
# postgres when we are root), a free port ($PORT), the exit trap, $PSQL.
bench_init() {
    START=$(date +%s)
    SO_START=$(so_id)
    GIT_REV=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
    LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
    mkdir -p "$OUT"

    TMP=$(mktemp -d /tmp/hcpcs_bench.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$TMP"; fi
    DATA=$TMP/data

    # A free port: nothing listening on it (TCP) and no socket file for it
    # in the usual socket directories.  The server only listens on a socket
    # in $TMP anyway; the port is just part of the socket's name.
    PORT=$(bench_free_port 55432)
    [ -n "$PORT" ] || { echo "no free port" >&2; exit 1; }

    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM

    PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$TMP" -p "$PORT" -U postgres -d postgres)
}

# bench_cluster NAME: initdb, write the settings, start.  Standard input
# holds the benchmark's own settings (memory sizes, with their reasons);
# the socket-only listening and the settings every benchmark pins are
# added here.
bench_cluster() {
    local name=$1
    "${AS_PG[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust --encoding=UTF8 \
        --locale="$LOCALE" --no-sync >"$TMP/initdb.log" 2>&1 ||
        { cat "$TMP/initdb.log" >&2; exit 1; }
    {
        echo
        echo "# ---- bench/$name ----"
        echo "listen_addresses = ''"
        echo "port = $PORT"
        echo "unix_socket_directories = '$TMP'"
        cat
        cat <<EOF
# Determinism: one process per query, no JIT, no background vacuum.
max_parallel_workers_per_gather = 0
max_parallel_maintenance_workers = 0
jit = off
autovacuum = off
# Loading speed only (no measured query writes, except loads timed as
# such); throwaway cluster.
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = '32GB'
checkpoint_timeout = '1h'
EOF
    } >>"$DATA/postgresql.conf"
    pgctl start
    q -Atc "SELECT version()"
    SETTINGS=$(q -At -F ' = ' -c "
        SELECT name, current_setting(name) FROM pg_settings
        WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem',
                       'max_parallel_workers_per_gather', 'max_parallel_maintenance_workers',
                       'jit', 'autovacuum', 'lc_collate', 'server_version', 'fsync')
        ORDER BY name")
    echo "$SETTINGS" | sed 's/^/   /'
}

# Cold runs: the server is restarted and, if /proc/sys/vm/drop_caches is
# writable (root), the OS page cache is dropped (sync; echo 3 >
# drop_caches — this affects the whole machine's cache).  bench_cold_setup
# finds out which, and sets DROP and COLD_LABEL.
# RUNS rounds of every repeated query of bench_query, each run timed in a
# fresh backend by bench_run(); a round runs every query once, in turn, so
# that drift hits them all alike.
bench_warm_rounds() {
    echo "== warm runs: $RUNS rounds (ms, server-side; each run in a fresh backend)"
    local r n line names
    for r in $(seq 1 "$RUNS"); do
        names=$(q -Atc "SELECT name FROM bench_query WHERE kind = 'repeat' AND rounds >= $r ORDER BY ord")
        line=
        for n in $names; do
            line+="$n=$(q -Atc "SELECT round(bench_run('$n', 'warm', $r)::numeric, 0)") "
        done
        echo "   round $r: $line"
    done
}

bench_cold_setup() {
    if [ -w /proc/sys/vm/drop_caches ] && (sync; echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
        DROP=1
        COLD_LABEL="cold (server restart + OS page cache dropped), one run"
    else
        DROP=0
        COLD_LABEL="cold (server restart, OS cache warm: cannot drop OS caches), one run"
    fi
}
bench_cold_reset() {
    pgctl restart -m fast
    if [ "$DROP" = 1 ]; then sync; echo 3 >/proc/sys/vm/drop_caches; fi
}

# bench_perf NAME SQL: perf profile (call graphs) of one backend running SQL
# three times in a row; the report goes to $OUT/perf_NAME.txt (top objects
# and symbols) and its head to stdout.  Needs perf; a no-op without it.
bench_perf() {
    local n=$1 sql=$2 bg pid perfpid
    command -v perf >/dev/null || { echo "   (no perf: $n not profiled)"; return 0; }
    q -Atc "SET application_name = 'bench_perf'; SELECT pg_sleep(1); $sql; $sql; $sql" >/dev/null &
    bg=$!
    sleep 0.5
    pid=$(q -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = 'bench_perf'")
    perf record -q -g -p "$pid" -o "$OUT/perf_$n.data" 2>/dev/null &
    perfpid=$!
    wait "$bg"
    kill -INT "$perfpid" 2>/dev/null || true
    wait "$perfpid" || true
    {
        echo "# $sql"
        echo "# by object"
        perf report -i "$OUT/perf_$n.data" --no-children --sort dso --stdio 2>/dev/null |
            grep -E '^ +[0-9.]+%' | head -5 || true
        echo "# by symbol (hex: static functions of the stripped postgres binary)"
        perf report -i "$OUT/perf_$n.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
            grep -E '^ +[0-9.]+%' | head -25 || true
    } >"$OUT/perf_$n.txt"
    echo "   $n:"; head -22 "$OUT/perf_$n.txt" | sed 's/^/      /' || true
}

# Lines of a report's Setup section.
bench_md_machine() {
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $( . /etc/os-release && echo "$PRETTY_NAME")."
}
bench_md_cluster() {
    echo "- Cluster (throwaway, initdb --locale=$LOCALE): $(echo "$SETTINGS" | tr '\n' ';' | sed 's/;$//; s/;/; /g')."
}
bench_md_module() {
    local now
    now=$(so_id)
    echo "- Measured module: $SO ($SO_START); source tree at $GIT_REV."
    if [ "${now//, installed*;/;}" != "${SO_START//, installed*;/;}" ]; then
        echo "- **WARNING: $SO or the extension script changed during the run (now $now): the figures mix two builds; run again.**"
    elif [ "$now" != "$SO_START" ]; then
        echo "- Note: $SO was installed again during the run, with identical content (now $now)."
    fi
}
bench_md_load() {
    echo "- Load average (1/5/15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine adds noise)."
}
bench_md_elapsed() {
    echo "- Total run time: $(( $(date +%s) - START )) s."
}
