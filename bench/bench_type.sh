#!/usr/bin/env bash
#
# bench/bench_type.sh — benchmark of the hcpcs_code type against the types and
# checks people use for HCPCS codes today.
#
#   ROWS=10000000 bench/bench_type.sh      # full run (default ROWS)
#   ROWS=100000   bench/bench_type.sh      # smoke test
#
# Measures, side by side in one run:
#   * conversion of ROWS text codes, count(x::hcpcs_code), against
#     count(x::int4) over ROWS 5-digit numeric strings and against the check
#     users write today, upper(btrim(x)) ~ '^([0-9]{4}[0-9AFMTU]|[ABCDEGHJKLMPQRSTUV][0-9]{4})$';
#   * sorting ROWS codes as hcpcs_code, int4 (the very same encoded values),
#     text COLLATE "C", text in the cluster's default collation, char(5);
#   * table and btree index sizes of a ROWS-line claims table
#     (claim_id bigint, line int, code) with code as hcpcs_code, text,
#     char(5) and int4; and, one run each, the CREATE INDEX times.
#
# Data: codes are drawn uniformly (fixed seed) from the real code list
# tests/fixtures/opps_addendum_b_2026_04_codes.csv, first column, after
# stripping the U+00A0 in two rows and keeping only valid codes
# (hcpcs_is_valid).  All claims tables hold the same codes in the same row
# order.  See bench/type_setup.sql.
#
# Method:
#   * Timing is server-side: clock_timestamp() before and after a plpgsql
#     EXECUTE of the query (bench_ms() in type_setup.sql), for every figure.
#     Every query returns one row: conversions are count(cast) over a table
#     column (evaluated for every row, and each count is checked to be ROWS);
#     sorts are "SELECT code FROM t ORDER BY code OFFSET ROWS-1", which
#     sorts all rows in memory (work_mem below) and ships one row to the
#     client; the warm-up pass runs each sort under EXPLAIN ANALYZE, checks
#     that its Sort node sorted ROWS rows by in-memory quicksort, and prints
#     those plan lines.
#   * Warm: one untimed warm-up pass (which also checks the results), then
#     RUNS rounds (default 7); each round runs every query once, in turn, so
#     drift hits all of them alike.  Reported figure: median of the rounds.
#     The informational sort of text in the default collation (~25 s a run
#     at 10 M rows) only takes part in the first RUNS_SLOW (default 3)
#     rounds, which keeps the full run near 10 minutes.
#     shared_buffers is big enough that every table stays in shared buffers.
#     Every timed run (warm or cold) gets a fresh connection and is planned
#     untimed first: see bench_run() in type_setup.sql for why.
#   * Cold: for each compared query (not the default-collation sort), the
#     server is restarted and, if /proc/sys/vm/drop_caches is writable (root),
#     the OS page cache is dropped
#     (sync; echo 3 > drop_caches — this affects the whole machine's cache);
#     the query is planned (EXPLAIN, untimed, loads catalogs), then timed
#     once.  If the cache cannot be dropped the figure is labelled
#     "cold (server restart, OS cache warm)".  COLD=0 skips this.
#   * Ratios are hcpcs_code / baseline (smaller is better for hcpcs_code).
#
# Cluster: a throwaway cluster made with initdb in a fresh temp directory, on
# a free port, Unix socket only in that directory (listen_addresses = ''),
# stopped and deleted at exit (KEEP=1 keeps it).  No other cluster is
# touched.  Settings that decide the numbers are set explicitly below and
# printed.  fsync/full_page_writes are off and wal_level is minimal: that
# only speeds up loading; no measured query writes.
#
# Environment knobs: ROWS, RUNS, RUNS_SLOW, COLD, LOCALE (initdb locale, default
# C.UTF-8: the only UTF-8 locale on the Debian image; it is not "C" for
# PostgreSQL, so text sorts through strcoll), SHARED_BUFFERS, WORK_MEM,
# PGBIN, KEEP, EXTRA=1 (also time sorting char(5) in the default collation:
# +2.5 min at 10 M rows), PERF=1 (perf profiles of the conversion queries,
# written to bench/out/perf_*.txt).
#
# Output: progress on stdout, the Markdown report at the end, also written
# to bench/out/type_results.md (bench/out is gitignored).
#
set -euo pipefail

ROWS=${ROWS:-10000000}
RUNS=${RUNS:-7}
RUNS_SLOW=${RUNS_SLOW:-3}
COLD=${COLD:-1}
PERF=${PERF:-0}
KEEP=${KEEP:-0}
EXTRA=${EXTRA:-0}
LOCALE=${LOCALE:-C.UTF-8}
SHARED_BUFFERS=${SHARED_BUFFERS:-6GB}
WORK_MEM=${WORK_MEM:-3GB}
MAINTENANCE_WORK_MEM=${MAINTENANCE_WORK_MEM:-2GB}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
CSV=$ROOT/tests/fixtures/opps_addendum_b_2026_04_codes.csv
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || PGBIN=$(pg_config --bindir)

if ! [[ "$ROWS" =~ ^[0-9]+$ ]] || [ "$ROWS" -lt 1000 ]; then
    echo "ROWS must be an integer >= 1000" >&2; exit 2
fi
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || [ "$RUNS" -lt 3 ] ||
   ! [[ "$RUNS_SLOW" =~ ^[0-9]+$ ]] || [ "$RUNS_SLOW" -lt 3 ] || [ "$RUNS_SLOW" -gt "$RUNS" ]; then
    echo "RUNS and RUNS_SLOW must be integers, 3 <= RUNS_SLOW <= RUNS" >&2; exit 2
fi

START=$(date +%s)
# Which build is measured: the installed module, fingerprinted at start and
# end (a `make install` during the run would mix builds: flagged in the
# report).
SO=$("$PGBIN/pg_config" --pkglibdir)/hcpcs.so
so_id() { echo "sha256 $(sha256sum "$SO" | cut -c1-12), installed $(date -u -r "$SO" '+%Y-%m-%d %H:%M:%S UTC')"; }
SO_START=$(so_id)
GIT_REV=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$OUT"

# Run server binaries as postgres when we are root (initdb refuses root).
if [ "$(id -u)" = 0 ]; then
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi

TMP=$(mktemp -d /tmp/hcpcs_bench.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$TMP"
DATA=$TMP/data

# A free port: nothing listening on it (TCP) and no socket file for it in
# the usual socket directories.  The server only listens on a socket in
# $TMP anyway; the port is just part of the socket's name.
PORT=
for p in $(seq 55432 55532); do
    if ! ss -Hltn "( sport = :$p )" 2>/dev/null | grep -q . &&
       ! [ -e "/var/run/postgresql/.s.PGSQL.$p" ] && ! [ -e "/tmp/.s.PGSQL.$p" ]; then
        PORT=$p; break
    fi
done
[ -n "$PORT" ] || { echo "no free port" >&2; exit 1; }

pgctl() { "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w "$@" >/dev/null; }

cleanup() {
    local rc=$?
    if [ -f "$DATA/postmaster.pid" ]; then
        if [ "$KEEP" = 1 ]; then
            echo "KEEP=1: cluster left running: PGHOST=$TMP PGPORT=$PORT PGUSER=postgres ($DATA)"
        else
            pgctl stop -m immediate || true
        fi
    fi
    if [ "$KEEP" != 1 ]; then rm -rf "$TMP"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$TMP" -p "$PORT" -U postgres -d postgres)
q() { "${PSQL[@]}" "$@"; }

echo "== hcpcs_code type benchmark: ROWS=$ROWS RUNS=$RUNS RUNS_SLOW=$RUNS_SLOW, cluster in $TMP port $PORT"

"${AS_PG[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust --encoding=UTF8 \
    --locale="$LOCALE" --no-sync >"$TMP/initdb.log" 2>&1 ||
    { cat "$TMP/initdb.log" >&2; exit 1; }

# The settings that decide the numbers.
cat >>"$DATA/postgresql.conf" <<EOF

# ---- bench/bench_type.sh ----
listen_addresses = ''
port = $PORT
unix_socket_directories = '$TMP'
# Every claims table (~0.5 GB each at 10 M rows) stays in shared buffers; a
# table smaller than shared_buffers/4 is scanned without the bulk-read ring.
shared_buffers = '$SHARED_BUFFERS'
# Big enough that every 10 M-row sort is an in-memory quicksort.
work_mem = '$WORK_MEM'
maintenance_work_mem = '$MAINTENANCE_WORK_MEM'
# Determinism: one process per query, no JIT, no background vacuum.
max_parallel_workers_per_gather = 0
max_parallel_maintenance_workers = 0
jit = off
autovacuum = off
# Loading speed only (no measured query writes); throwaway cluster.
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = '32GB'
checkpoint_timeout = '1h'
EOF

pgctl start

q -Atc "SELECT version()"
SETTINGS=$(q -At -F ' = ' -c "
    SELECT name, current_setting(name) FROM pg_settings
    WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem',
                   'max_parallel_workers_per_gather', 'max_parallel_maintenance_workers',
                   'jit', 'autovacuum', 'lc_collate', 'server_version', 'fsync')
    ORDER BY name")
echo "$SETTINGS" | sed 's/^/   /'
DEFAULT_COLL=$(q -Atc "SELECT datcollate FROM pg_database WHERE datname = current_database()")

# ---------------------------------------------------------------- data
echo "== loading data ($ROWS claim lines)"
T0=$(date +%s)
q -v rows="$ROWS" -v csv="$CSV" -f "$HERE/type_setup.sql"
q -v rows="$ROWS" -v runs="$RUNS" -v runs_slow="$RUNS_SLOW" -f "$HERE/type_queries.sql"
echo "   loaded in $(( $(date +%s) - T0 )) s"

# ---------------------------------------------------------------- warm
[ "$EXTRA" = 1 ] || q -c "DELETE FROM bench_query WHERE name = 'sort_bpchar'"

echo "== warm-up pass (untimed): conversions must count $ROWS rows; sorts run"
echo "   under EXPLAIN ANALYZE and must sort $ROWS rows with an in-memory quicksort"
q -Atc "SELECT * FROM bench_check($ROWS)" | sed 's/^/   /'

echo "== warm runs: $RUNS rounds (ms, server-side; each run in a fresh backend)"
for r in $(seq 1 "$RUNS"); do
    NAMES=$(q -Atc "SELECT name FROM bench_query WHERE kind = 'repeat' AND rounds >= $r ORDER BY ord")
    line=
    for n in $NAMES; do
        line+="$n=$(q -Atc "SELECT round(bench_run('$n', 'warm', $r)::numeric, 0)") "
    done
    echo "   round $r: $line"
done

# ---------------------------------------------------------------- cold
COLD_LABEL="no cold runs (COLD=0)"
if [ "$COLD" = 1 ]; then
    if [ -w /proc/sys/vm/drop_caches ] && (sync; echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
        DROP=1
        COLD_LABEL="cold (server restart + OS page cache dropped), one run"
    else
        DROP=0
        COLD_LABEL="cold (server restart, OS cache warm: cannot drop OS caches), one run"
    fi
    echo "== $COLD_LABEL"
    for n in $(q -Atc "SELECT name FROM bench_query WHERE cold ORDER BY ord"); do
        pgctl restart -m fast
        if [ "$DROP" = 1 ]; then sync; echo 3 >/proc/sys/vm/drop_caches; fi
        echo "   $n: $(q -Atc "SELECT round(bench_run('$n', 'cold', 1)::numeric, 0)") ms"
    done
fi

# ---------------------------------------------------------------- perf (optional)
# (before the indexes exist, so the plans are the measured ones)
if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
    echo "== perf profiles of the conversions (bench/out/perf_*.txt)"
    for n in cast_hcpcs cast_int4 check_regex; do
        sql=$(q -Atc "SELECT query FROM bench_query WHERE name = '$n'")
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
    done
fi

# ---------------------------------------------------------------- indexes, sizes
echo "== indexes (one run each) and sizes"
for n in $(q -Atc "SELECT name FROM bench_query WHERE kind = 'once' ORDER BY ord"); do
    echo "   $n: $(q -Atc "SELECT round(bench_record('$n', 'once', 1)::numeric, 0)") ms"
done
q -c "VACUUM ANALYZE claims_hcpcs, claims_text, claims_bpchar, claims_int4"
q -c "
    INSERT INTO bench_size
    SELECT 'tbl_' || t, pg_relation_size(('claims_' || t)::regclass)
    FROM unnest('{hcpcs,text,bpchar,int4}'::text[]) t
    UNION ALL
    SELECT 'idx_' || t, pg_indexes_size(('claims_' || t)::regclass)
    FROM unnest('{hcpcs,text,bpchar,int4}'::text[]) t"

# ---------------------------------------------------------------- report
ELAPSED=$(( $(date +%s) - START ))
REPORT=$OUT/type_results.md
{
    echo "## hcpcs_code benchmark ($(date -u +%Y-%m-%d), $ROWS rows)"
    echo
    q -At -v rows="$ROWS" -v cold_label="$COLD_LABEL" -f "$HERE/type_report.sql"
    echo
    echo "### Setup"
    echo
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $( . /etc/os-release && echo "$PRETTY_NAME")."
    echo "- Cluster (throwaway, initdb --locale=$LOCALE): $(echo "$SETTINGS" | tr '\n' ';' | sed 's/;$//; s/;/; /g')."
    echo "- Default collation: $DEFAULT_COLL."
    echo "- Measured module: $SO ($SO_START); source tree at $GIT_REV."
    if [ "$(so_id)" != "$SO_START" ]; then
        echo "- **WARNING: $SO changed during the run (now $(so_id)): the figures mix two builds; run again.**"
    fi
    echo "- Timing: server-side clock_timestamp() around a plpgsql EXECUTE; warm = median of $RUNS rounds ($RUNS_SLOW for the default-collation text sort), each run in a fresh backend, after an untimed warm-up, all data in shared buffers; $COLD_LABEL."
    echo "- Sort: \`SELECT code FROM t ORDER BY code OFFSET ROWS-1\` (full in-memory quicksort, one row to the client), before any index on code exists."
    echo "- Data: $ROWS codes drawn uniformly with a fixed seed from the $(q -Atc "SELECT count(*) FROM codes") valid codes of tests/fixtures/opps_addendum_b_2026_04_codes.csv; int4 conversion baseline: $ROWS random 5-digit strings."
    echo "- Load average (1/5/15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine adds noise)."
    echo "- Total run time: ${ELAPSED} s."
} >"$REPORT"

echo
cat "$REPORT"
