#!/usr/bin/env bash
#
# bench/bench_catalog.sh — benchmark of the reference catalog: loading the
# CMS HCPCS Level II files, and hcpcs_is_active() against the join a user
# writes without the extension.
#
#   ROWS=10000000 bench/bench_catalog.sh     # full run (default ROWS)
#   ROWS=100000   bench/bench_catalog.sh     # smoke test
#
# Targets:
#   1. Loading the 2019 file takes under 2 s: SELECT hcpcs_load_level2(path)
#      in a fresh database (CREATE DATABASE + CREATE EXTENSION, untimed,
#      then the timed load in a new backend), median of RUNS_LOAD (default
#      3) runs, each in its own fresh database; the 2017 and 2018 files
#      alike (informational).  The files are copied first to a directory
#      of the throwaway cluster that the server can read.
#   2. hcpcs_is_active over ROWS claim lines is at least as fast as the
#      hand-written alternative, measured side by side in one run:
#        SELECT count(*) FILTER (WHERE hcpcs_is_active(code, dos)) AS active,
#               count(*) FILTER (WHERE hcpcs_is_active(code, dos) IS NULL) AS unknown
#        FROM lines
#      against
#        SELECT count(*) FILTER (WHERE c.code IS NOT NULL AND l.dos >= c.added
#                                AND (c.terminated IS NULL OR l.dos <= c.terminated)) AS active,
#               count(*) FILTER (WHERE c.code IS NULL) AS unknown
#        FROM lines_text l LEFT JOIN code_catalog_text c ON c.code = l.code
#      with lines_text (code text) holding the same rows as lines (code
#      hcpcs_code) and code_catalog_text(code text primary key, added date,
#      terminated date) filled from hcpcs_code_catalog.  Both must give the
#      same counts (checked).  Informational: the same join over
#      hcpcs_code-typed tables, hcpcs_is_active called once per line, the
#      first call of a fresh backend (the validity cache build), the cache's
#      memory (hcpcs_cache_stats()).
#
# Data (bench/catalog_setup.sql): the extension catalog holds the 2017,
# 2018 and 2019 files.  Claim lines (claim_id bigint, line int, code, dos
# date), fixed seed: 90 % of the codes drawn uniformly from the catalog's
# codes, 10 % from codes it does not know (the OPPS Addendum B codes of
# tests/fixtures that are not in the catalog: CPT, and Level II codes
# created after 2019), so that NULL answers occur; dates of service uniform
# over 2015-2020.  The baseline keeps one [added, terminated] row per code:
# that is exactly the extension's answer only if no code has several
# validity intervals (a reactivation after a termination); the 2017-2019
# files have none, which the setup checks (it stops otherwise).
#
# Method (shared with bench/bench_type.sh; helpers in bench/lib.sh and
# bench/lib.sql):
#   * Timing is server-side: clock_timestamp() before and after a plpgsql
#     EXECUTE of the query (bench_ms() in lib.sql).  Every timed run gets a
#     fresh connection (a new backend), is planned untimed first (EXPLAIN),
#     then runs its untimed prep: LOAD 'hcpcs' (no figure includes loading
#     the library), or for active_hcpcs a first hcpcs_is_active call that
#     builds the backend's validity cache, as any earlier call of the
#     session would have; active_hcpcs_fresh is the same query without it.
#   * Warm: one untimed warm-up pass (checks the answers and the join
#     plans: hash joins, catalog hashed in one batch), then RUNS rounds
#     (default 7); each round runs every query once, in turn.  Reported:
#     median.  All tables stay in shared buffers.
#   * Cold: for the compared queries, the server is restarted and, if
#     /proc/sys/vm/drop_caches is writable (root), the OS page cache is
#     dropped (whole machine); then one run.  For the loads, the fresh
#     database is made before the restart.  COLD=0 skips this.
#   * Ratios are hcpcs / baseline (smaller is better for hcpcs).
#   * Settings pinned (below and in lib.sh) and printed: work_mem 64MB (the
#     joins hash the 6.5 k-row catalog: well under 1 MB, one batch, checked),
#     max_parallel_workers_per_gather = 0, jit = off; tables ANALYZEd.
#
# Environment knobs: ROWS, RUNS, RUNS_LOAD, COLD, PERF=1 (perf profiles of
# active_hcpcs, join_text and join_typed, written to bench/out/perf_*.txt),
# SHARED_BUFFERS, WORK_MEM, LOCALE, PGBIN, KEEP, DATA_DIR (the CMS files;
# default /work/shared/data/cms/hcpcs-level2, or ../shared/data/... beside
# the repository).
#
# Output: progress on stdout, the Markdown report at the end, also written
# to bench/out/catalog_results.md (bench/out is gitignored).
#
set -euo pipefail

ROWS=${ROWS:-10000000}
RUNS=${RUNS:-7}
RUNS_LOAD=${RUNS_LOAD:-3}
COLD=${COLD:-1}
PERF=${PERF:-0}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-64MB}

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CSV=$ROOT/tests/fixtures/opps_addendum_b_2026_04_codes.csv

if [ -z "${DATA_DIR:-}" ]; then
    for d in /work/shared/data/cms/hcpcs-level2 "$ROOT/../shared/data/cms/hcpcs-level2"; do
        if [ -r "$d/HCPC2019_CONTR_ANWEB.txt" ]; then DATA_DIR=$d; break; fi
    done
fi
FILES=(HCPC17_CONTR_ANWEB.txt HCPC2018_CONTR_ANWEB_disc.txt HCPC2019_CONTR_ANWEB.txt)
for f in "${FILES[@]}"; do
    [ -r "${DATA_DIR:-}/$f" ] || { echo "cannot read ${DATA_DIR:-DATA_DIR}/$f (set DATA_DIR)" >&2; exit 2; }
done

if ! [[ "$ROWS" =~ ^[0-9]+$ ]] || [ "$ROWS" -lt 1000 ]; then
    echo "ROWS must be an integer >= 1000" >&2; exit 2
fi
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || [ "$RUNS" -lt 3 ] ||
   ! [[ "$RUNS_LOAD" =~ ^[0-9]+$ ]] || [ "$RUNS_LOAD" -lt 1 ]; then
    echo "RUNS must be an integer >= 3, RUNS_LOAD >= 1" >&2; exit 2
fi

bench_init

echo "== hcpcs catalog benchmark: ROWS=$ROWS RUNS=$RUNS RUNS_LOAD=$RUNS_LOAD, cluster in $TMP port $PORT"

# The settings that decide the numbers (and those of bench_cluster).
bench_cluster bench_catalog.sh <<EOF
# Both claims tables (~0.5 GB each at 10 M rows) stay in shared buffers; a
# table smaller than shared_buffers/4 is scanned without the bulk-read ring.
shared_buffers = '$SHARED_BUFFERS'
# The joins hash the catalog (6.5 k rows, well under 1 MB): one batch.
work_mem = '$WORK_MEM'
maintenance_work_mem = '1GB'
EOF

# The CMS files, copied where the server (user postgres) can read them: the
# shared data directory may not be readable by it.
FDIR=$TMP/files
mkdir "$FDIR"
for f in "${FILES[@]}"; do cp "$DATA_DIR/$f" "$FDIR/"; done
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$FDIR"; fi
chmod 0755 "$FDIR"; chmod 0644 "$FDIR"/*
PATHS=(-v f2017="$FDIR/${FILES[0]}" -v f2018="$FDIR/${FILES[1]}" -v f2019="$FDIR/${FILES[2]}")

# ---------------------------------------------------------------- data
echo "== loading data: catalog 2017-2019, $ROWS claim lines"
T0=$(date +%s)
q -v rows="$ROWS" -v csv="$CSV" "${PATHS[@]}" -f "$HERE/catalog_setup.sql"
q -v runs="$RUNS" -v runs_load="$RUNS_LOAD" "${PATHS[@]}" -f "$HERE/catalog_queries.sql"
q -Atc "SELECT '   ' || name || ': ' || val FROM bench_note ORDER BY name"
echo "   loaded in $(( $(date +%s) - T0 )) s"

# ---------------------------------------------------------------- loads
# One timed load: a fresh database with the extension (untimed), optionally
# a cold restart, then the load in a new backend, checked and recorded.
LOADDB=bench_load
load_run() {
    local name=$1 mode=$2 run=$3 sql prep expect ms got
    q -c "DROP DATABASE IF EXISTS $LOADDB" -c "CREATE DATABASE $LOADDB TEMPLATE template0"
    q -d "$LOADDB" -c "SET client_min_messages = warning" -c "CREATE EXTENSION hcpcs" -f "$HERE/lib.sql"
    sql=$(q -Atc "SELECT query FROM bench_query WHERE name = '$name'")
    prep=$(q -Atc "SELECT prep FROM bench_query WHERE name = '$name'")
    expect=$(q -Atc "SELECT check_n FROM bench_query WHERE name = '$name'")
    if [ "$mode" = cold ]; then bench_cold_reset; fi
    ms=$(q -d "$LOADDB" -At -c "SET client_min_messages = warning" \
           -c "SELECT bench_time(\$q\$$sql\$q\$, \$q\$$prep\$q\$)")
    got=$(q -d "$LOADDB" -Atc "SELECT string_agg(row_count::text, ',') FROM hcpcs_releases WHERE kind = 'level2'")
    [ "$got" = "$expect" ] || { echo "$name: loaded $got rows, expected $expect" >&2; exit 1; }
    q -c "INSERT INTO bench_result VALUES ('$name', '$mode', $run, $ms)"
    printf '%.0f' "$ms"
}

echo "== loads: $RUNS_LOAD runs each, each in a fresh database (ms, server-side)"
for n in $(q -Atc "SELECT name FROM bench_query WHERE kind = 'load' ORDER BY ord"); do
    line=
    for r in $(seq 1 "$RUNS_LOAD"); do
        ms=$(load_run "$n" warm "$r")
        line+="$ms "
    done
    echo "   $n: $line"
done

# ---------------------------------------------------------------- warm
echo "== warm-up pass (untimed): the four answers must be equal; the joins"
echo "   must hash the catalog in one batch"
q -Atc "SELECT * FROM bench_check($ROWS)" | sed 's/^/   /'

bench_warm_rounds

# ---------------------------------------------------------------- cold
COLD_LABEL="no cold runs (COLD=0)"
if [ "$COLD" = 1 ]; then
    bench_cold_setup
    echo "== $COLD_LABEL"
    for n in $(q -Atc "SELECT name FROM bench_query WHERE cold ORDER BY ord"); do
        if [ "$(q -Atc "SELECT kind FROM bench_query WHERE name = '$n'")" = load ]; then
            ms=$(load_run "$n" cold 1)
        else
            bench_cold_reset
            ms=$(q -Atc "SELECT round(bench_run('$n', 'cold', 1)::numeric, 0)")
        fi
        echo "   $n: $ms ms"
    done
fi
q -c "DROP DATABASE IF EXISTS $LOADDB"

# ---------------------------------------------------------------- perf (optional)
if [ "$PERF" = 1 ]; then
    echo "== perf profiles (bench/out/perf_*.txt)"
    for n in active_hcpcs join_text join_typed; do
        bench_perf "$n" "$(q -Atc "SELECT query FROM bench_query WHERE name = '$n'")"
    done
fi

# ---------------------------------------------------------------- sizes
q -c "
    INSERT INTO bench_size
    SELECT t, pg_relation_size(t::regclass)
    FROM unnest('{lines,lines_text,code_catalog,code_catalog_text}'::text[]) t"

# ---------------------------------------------------------------- report
REPORT=$OUT/catalog_results.md
{
    echo "## hcpcs catalog benchmark ($(date -u +%Y-%m-%d), $ROWS claim lines)"
    echo
    q -At -v rows="$ROWS" -v cold_label="$COLD_LABEL" -f "$HERE/catalog_report.sql"
    echo
    echo "### Setup"
    echo
    bench_md_machine
    bench_md_cluster
    bench_md_module
    echo "- Timing: server-side clock_timestamp() around a plpgsql EXECUTE; every run in a fresh backend, planned (EXPLAIN) and prepared (\`LOAD 'hcpcs'\`, or for \`active_hcpcs\` a first \`hcpcs_is_active\` call that builds the validity cache) untimed; warm = median of $RUNS rounds after an untimed warm-up, all tables in shared buffers; loads: median of $RUNS_LOAD, each in a database just made by CREATE DATABASE + CREATE EXTENSION (untimed); $COLD_LABEL (the cold \`active_hcpcs_fresh\` and \`first_call\` build the cache from cold pages)."
    echo "- work_mem = $WORK_MEM: the joins hash the catalog in one batch (plan checked); max_parallel_workers_per_gather = 0; jit = off; every table VACUUM (FREEZE, ANALYZE)d."
    echo "- Catalog: the CMS HCPCS Level II files of 2017, 2018, 2019 ($DATA_DIR); $(q -Atc "SELECT val FROM bench_note WHERE name = 'catalog'")."
    echo "- Baseline: \`code_catalog_text(code text primary key, added date, terminated date)\` filled from \`hcpcs_code_catalog\` (\`code::text, added, terminated\`), one row per code; second baseline \`code_catalog\` keyed by \`hcpcs_code\`.  One row per code is the honest baseline for this data: no code of the 2017-2019 files has several validity intervals (checked).  A catalog with reactivated codes would need several rows per code and an any-interval test in the hand-written query."
    echo "- Claim lines: $(q -Atc "SELECT val FROM bench_note WHERE name = 'lines'"); codes: $(q -Atc "SELECT val FROM bench_note WHERE name = 'codes'"); 90 % known / 10 % unknown, dates uniform over 2015-2020, fixed seed."
    bench_md_load
    bench_md_elapsed
} >"$REPORT"

echo
cat "$REPORT"
