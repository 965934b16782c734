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
#     EXECUTE of the query (bench_ms() in lib.sql), for every figure.
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
#     untimed first: see bench_time() in lib.sql for why.
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
# touched.  Settings that decide the numbers are set explicitly below and in
# bench/lib.sh, and printed.  fsync/full_page_writes are off and wal_level is
# minimal: that only speeds up loading; no measured query writes.
#
# Shared with bench/bench_catalog.sh: bench/lib.sh (cluster, cold runs,
# report lines) and bench/lib.sql (timing helpers).
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
EXTRA=${EXTRA:-0}
SHARED_BUFFERS=${SHARED_BUFFERS:-6GB}
WORK_MEM=${WORK_MEM:-3GB}
MAINTENANCE_WORK_MEM=${MAINTENANCE_WORK_MEM:-2GB}

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CSV=$ROOT/tests/fixtures/opps_addendum_b_2026_04_codes.csv

if ! [[ "$ROWS" =~ ^[0-9]+$ ]] || [ "$ROWS" -lt 1000 ]; then
    echo "ROWS must be an integer >= 1000" >&2; exit 2
fi
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || [ "$RUNS" -lt 3 ] ||
   ! [[ "$RUNS_SLOW" =~ ^[0-9]+$ ]] || [ "$RUNS_SLOW" -lt 3 ] || [ "$RUNS_SLOW" -gt "$RUNS" ]; then
    echo "RUNS and RUNS_SLOW must be integers, 3 <= RUNS_SLOW <= RUNS" >&2; exit 2
fi

bench_init

echo "== hcpcs_code type benchmark: ROWS=$ROWS RUNS=$RUNS RUNS_SLOW=$RUNS_SLOW, cluster in $TMP port $PORT"

# The settings that decide the numbers (and those of bench_cluster).
bench_cluster bench_type.sh <<EOF
# Every claims table (~0.5 GB each at 10 M rows) stays in shared buffers; a
# table smaller than shared_buffers/4 is scanned without the bulk-read ring.
shared_buffers = '$SHARED_BUFFERS'
# Big enough that every 10 M-row sort is an in-memory quicksort.
work_mem = '$WORK_MEM'
maintenance_work_mem = '$MAINTENANCE_WORK_MEM'
EOF
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

bench_warm_rounds

# ---------------------------------------------------------------- cold
COLD_LABEL="no cold runs (COLD=0)"
if [ "$COLD" = 1 ]; then
    bench_cold_setup
    echo "== $COLD_LABEL"
    for n in $(q -Atc "SELECT name FROM bench_query WHERE cold ORDER BY ord"); do
        bench_cold_reset
        echo "   $n: $(q -Atc "SELECT round(bench_run('$n', 'cold', 1)::numeric, 0)") ms"
    done
fi

# ---------------------------------------------------------------- perf (optional)
# (before the indexes exist, so the plans are the measured ones)
if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
    echo "== perf profiles of the conversions (bench/out/perf_*.txt)"
    for n in cast_hcpcs cast_int4 check_regex; do
        sql=$(q -Atc "SELECT query FROM bench_query WHERE name = '$n'")
        bench_perf "$n" "$sql"
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
REPORT=$OUT/type_results.md
{
    echo "## hcpcs_code benchmark ($(date -u +%Y-%m-%d), $ROWS rows)"
    echo
    q -At -v rows="$ROWS" -v cold_label="$COLD_LABEL" -f "$HERE/type_report.sql"
    echo
    echo "### Setup"
    echo
    bench_md_machine
    bench_md_cluster
    echo "- Default collation: $DEFAULT_COLL."
    bench_md_module
    echo "- Timing: server-side clock_timestamp() around a plpgsql EXECUTE; warm = median of $RUNS rounds ($RUNS_SLOW for the default-collation text sort), each run in a fresh backend, after an untimed warm-up, all data in shared buffers; $COLD_LABEL."
    echo "- Sort: \`SELECT code FROM t ORDER BY code OFFSET ROWS-1\` (full in-memory quicksort, one row to the client), before any index on code exists."
    echo "- Data: $ROWS codes drawn uniformly with a fixed seed from the $(q -Atc "SELECT count(*) FROM codes") valid codes of tests/fixtures/opps_addendum_b_2026_04_codes.csv; int4 conversion baseline: $ROWS random 5-digit strings."
    bench_md_load
    bench_md_elapsed
} >"$REPORT"

echo
cat "$REPORT"
