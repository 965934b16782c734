#!/usr/bin/env bash
#
# bench/bench_ptp.sh — benchmark of the NCCI PTP check, hcpcs_ptp_claim,
# against the plain SQL a user writes without the extension.
#
#   bench/bench_ptp.sh                      # full run: 1 M claim lines (~13 min)
#   LINES=50000 RUNS=3 bench/bench_ptp.sh   # smoke test (~5 min, mostly loading)
#
# Targets (issue 6):
#   1. Over LINES synthetic claim lines (5 per claim, one date of service per
#      claim) checked against the full CMS practitioner table (2.5 M rows),
#      the user's query
#        SELECT count(*) FILTER (WHERE denied_line IS NOT NULL), count(*) FILTER (WHERE bypassed)
#        FROM (SELECT claim_id, array_agg(ROW(line, code, <non-null modifiers>, dos, units)::hcpcs_claim_line) AS lines
#              FROM lines GROUP BY claim_id) c,
#             LATERAL hcpcs_ptp_claim(c.lines) e
#      (grouping included) is >= 4x faster than the plain-SQL baseline over
#      text tables and >= 2x faster than the same SQL over hcpcs_code-typed
#      tables.  Baselines (bench/ptp_queries.sql): self-join of the claim
#      lines on claim and date (a.line < b.line), joined to the edit table
#      in both directions, written twice (OR in the join condition, and
#      UNION ALL of one join per direction); both are timed at the biggest
#      size and the faster of each is kept for the other sizes and the
#      targets (the report says which).  Text baseline: lines_text (code and
#      modifiers text), ptp_text (the CMS file COPY'd as text, dates turned
#      into date columns, index on (column1, column2)), ptp_modifiers_text.
#      Typed baseline: lines (hcpcs_code, hcpcs_modifier), the extension's
#      hcpcs_ptp_edits (current release) and hcpcs_modifiers.  Every timed
#      run's answer (edits denying a line, edits bypassed) must equal every
#      other's at that size, and at the biggest size hcpcs_ptp_claim and the
#      text baseline must return the very same edits (bench/ptp_check.sql).
#      Informational: the pre-grouped variant (claims stored as
#      hcpcs_claim_line[]), the function alone.
#   2. Linear: sizes LINES x {0.02, 0.05, 0.1, 0.2, 0.5, 1}; all three (and
#      the pre-grouped variant) at every size; time(LINES)/time(LINES/10)
#      <= 11 for hcpcs, warm (edit cache built), work_mem fixed; cold first
#      runs reported.  Chart: bench/out/ptp_scaling.png, copied to
#      bench/ptp_scaling.png when LINES is the full 1000000.
#   3. Memory: VmHWM (peak RSS) of the backend that ran each timed query,
#      read from /proc/self/status in that backend right after the query,
#      with the shared-buffer part (RssShmem) and the private estimate
#      VmHWM - RssShmem - RssFile; hcpcs_cache_stats() bytes of the edit
#      cache; a reload invalidates the cache: in one session, a second
#      (small) release loaded, made current, and dropped, each followed by
#      a check whose builds count and answer are recorded.
#   4. Loading the full table with hcpcs_load_ptp takes <= 60 s (one run,
#      server-side); table + indexes <= 1.5x the same rows with int4 codes
#      (CREATE TABLE ptp_int4 AS ..., same columns, the same two pair
#      indexes and the primary key); also after REINDEX (informational).
#   5. Parallel (informational): the pre-grouped check with
#      max_parallel_workers_per_gather = 2 against 0, planner costs set so
#      it picks the parallel plan (EXPLAIN ANALYZE VERBOSE in the report);
#      each worker builds its own edit cache inside the timed query, which
#      shows best at LINES/10.
#
# Data (bench/ptp_setup.sql): the file
# /work/shared/data/cms/ncci/ptp-practitioner-2024q3.cms-layout.txt.gz is
# gunzipped into the cluster's temp directory (readable by the server) and
# loaded with hcpcs_load_ptp(ARRAY[file], 'practitioner', period => '2024Q3',
# as_of => '2024-07-01').  Claims, fixed seed: with probability 0.6 a claim
# has the two codes of a random indicator-0/1 edit row on lines 1-2 (either
# order); all other codes are drawn uniformly from the table's codes; dates
# of service 2024-01-01 .. 2024-09-30; about 20 % of lines carry modifiers,
# half of them PTP-associated.  The report gives the hit rate.
#
# Method (shared with bench/bench_type.sh and bench/bench_catalog.sh:
# bench/lib.sh, bench/lib.sql; this benchmark's own helpers are in its
# files):
#   * Timing is server-side: clock_timestamp() around a plpgsql EXECUTE
#     (ptp_run() in ptp_setup.sql: lib.sql's bench_run() plus the answer and
#     the memory of the backend).  Every timed run gets a fresh connection
#     (a new backend), is planned untimed (EXPLAIN), then runs its untimed
#     prep: for the hcpcs queries a first hcpcs_ptp_check call that builds
#     the backend's edit cache (warm cache), for the baselines LOAD 'hcpcs'.
#     The cache build itself is measured as cache_build (first PTP call of a
#     fresh backend) and hcpcs_fresh (the user's query as the first
#     statement of a session, cache built inside the timed query).
#   * Warm: all tables and indexes prewarmed into shared buffers
#     (pg_prewarm); RUNS_BIG rounds (default 3) at the two biggest sizes,
#     RUNS (default 5) below; each round runs every query of the size once,
#     in turn.  Reported: median.
#   * Cold (COLD=1): server restart and, if /proc/sys/vm/drop_caches is
#     writable, OS page cache dropped (the whole machine's); then the query
#     planned untimed and timed once, without any prep (so the hcpcs
#     queries build the edit cache from cold pages inside the timed run).
#     After every warm run.
#   * Settings pinned below and in bench/lib.sh, printed in the report:
#     work_mem 256MB (no hash or sort of any measured query spills at 1 M
#     lines: see the plans), shared_buffers 3GB (everything stays cached),
#     jit off, max_parallel_workers_per_gather 0 except in the parallel
#     runs.
#
# Environment knobs: LINES (default 1000000, multiple of 250), RUNS,
# RUNS_BIG, COLD (1), PAR (1: parallel runs), PERF (1: perf profile of
# hcpcs_pregrouped at the biggest size, ~10 s; auto: only when
# hcpcs_ptp_claim is not >= 2x faster than the typed baseline; 0 never),
# PLANS (1: EXPLAIN ANALYZE of the compared queries at the biggest size,
# untimed), SHARED_BUFFERS, WORK_MEM, PTP_FILE, SMALL_FILE, and those of
# bench/lib.sh (KEEP, LOCALE, PGBIN).
#
# Output: progress on stdout, the Markdown report at the end, also written
# to bench/out/ptp_results.md; chart bench/out/ptp_scaling.png (copied to
# bench/ptp_scaling.png by a full run); plans bench/out/ptp_plans.txt;
# profile bench/out/perf_ptp.txt (bench/out is gitignored).
#
set -euo pipefail

LINES=${LINES:-1000000}
RUNS=${RUNS:-5}
RUNS_BIG=${RUNS_BIG:-3}
COLD=${COLD:-1}
PAR=${PAR:-1}
PERF=${PERF:-1}
PLANS=${PLANS:-1}
SHARED_BUFFERS=${SHARED_BUFFERS:-3GB}
WORK_MEM=${WORK_MEM:-256MB}
MAINTENANCE_WORK_MEM=${MAINTENANCE_WORK_MEM:-1GB}
PTP_FILE=${PTP_FILE:-/work/shared/data/cms/ncci/ptp-practitioner-2024q3.cms-layout.txt.gz}
SMALL_FILE=${SMALL_FILE:-/work/shared/data/cms/ncci/ccipra-v322r0-f1.excerpt.txt}

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! [[ "$LINES" =~ ^[0-9]+$ ]] || [ "$LINES" -lt 5000 ] || [ $((LINES % 250)) -ne 0 ]; then
    echo "LINES must be an integer >= 5000, a multiple of 250" >&2; exit 2
fi
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || [ "$RUNS" -lt 3 ] ||
   ! [[ "$RUNS_BIG" =~ ^[0-9]+$ ]] || [ "$RUNS_BIG" -lt 3 ]; then
    echo "RUNS and RUNS_BIG must be integers >= 3" >&2; exit 2
fi
[ -r "$PTP_FILE" ] && [ -r "$SMALL_FILE" ] || { echo "cannot read $PTP_FILE or $SMALL_FILE" >&2; exit 2; }

# Sizes (claim lines, multiples of 5); the 10x pair is LINES/10 -> LINES.
SIZES=()
for f in 50 20 10 5 2 1; do SIZES+=($((LINES / f))); done
SIZES_SQL="{$(IFS=,; echo "${SIZES[*]}")}"
SMALLEST=${SIZES[0]}
TENTH=$((LINES / 10))

bench_init

echo "== NCCI PTP benchmark: LINES=$LINES (sizes ${SIZES[*]}) RUNS=$RUNS RUNS_BIG=$RUNS_BIG, cluster in $TMP port $PORT"

bench_cluster bench_ptp.sh <<EOF
# Every table and index of the benchmark (~2.5 GB at 1 M lines) stays in
# shared buffers.
shared_buffers = '$SHARED_BUFFERS'
# Fixed for every size: big enough that no hash or sort of a measured query
# spills at 1 M lines (the GROUP BY of 1 M lines hashes ~150 MB, the
# baselines' self-join ~60 MB; hash_mem_multiplier 2).
work_mem = '$WORK_MEM'
maintenance_work_mem = '$MAINTENANCE_WORK_MEM'
EOF

# The files, where the server can read them (the temp dir is the cluster's).
FILES=$TMP/files
mkdir -p "$FILES"
gunzip -c "$PTP_FILE" >"$FILES/ptp-practitioner-2024q3.txt"
# what the analyst's COPY reads: the file without its six preamble lines
tail -n +7 "$FILES/ptp-practitioner-2024q3.txt" >"$FILES/ptp-practitioner-2024q3.body.txt"
# the small release of the invalidation test, under its CMS name (the
# loader reads the release from it)
cp "$SMALL_FILE" "$FILES/ccipra-v322r0-f1.txt"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$FILES"; fi

# ---------------------------------------------------------------- data
echo "== loading: the full PTP table (timed), the text baseline's table (timed), $LINES claim lines"
T0=$(date +%s)
q -v ptpfile="$FILES/ptp-practitioner-2024q3.txt" -v bodyfile="$FILES/ptp-practitioner-2024q3.body.txt" \
  -v lines="$LINES" -v sizes="$SIZES_SQL" -f "$HERE/ptp_setup.sql" | sed 's/^/   /'
q -v lines="$LINES" -v runs="$RUNS" -v runs_big="$RUNS_BIG" -f "$HERE/ptp_queries.sql"
echo "   set up in $(( $(date +%s) - T0 )) s"
q -At -F ': ' -c "SELECT name, round(ms::numeric / 1000, 1) || ' s' FROM bench_result WHERE mode = 'once' ORDER BY name" | sed 's/^/   /'
q -At -c "SELECT name || ': ' || val FROM ptp_note ORDER BY name" | sed 's/^/   /'

echo "== check (untimed): the same edits from hcpcs_ptp_claim and the text baseline at $LINES lines"
q -At -v lines="$LINES" -f "$HERE/ptp_check.sql" | sed 's/^/   /'

# ptp_round SIZE MODE RUN NAME...: one timed run of each query, each in a
# fresh backend; prints the round's line.
ptp_round() {
    local size=$1 mode=$2 run=$3 line= n
    shift 3
    for n in "$@"; do
        line+="$n=$(q -Atc "SELECT round(ptp_run('$n@$size', '$mode', $run)::numeric, 0)") "
    done
    echo "   $size lines, round $run: $line"
}
med() { q -Atc "SELECT round(warm::numeric, 1) FROM med WHERE name = '$1'"; }

# ---------------------------------------------------------------- warm, biggest size
echo "== warm runs at $LINES lines (ms, server-side; each run in a fresh backend)"
BIG_QUERIES=(hcpcs hcpcs_pregrouped typed_or typed_union text_or text_union hcpcs_fresh)
for r in $(seq 1 "$RUNS_BIG"); do
    ptp_round "$LINES" warm "$r" "${BIG_QUERIES[@]}"
    echo "   cache_build=$(q -Atc "SELECT round(ptp_run('cache_build', 'warm', $r)::numeric, 0)")"
done

# The faster way of writing each baseline is kept (at the biggest size).
pick() {
    q -Atc "SELECT split_part(name, '@', 1) FROM med WHERE name IN ('${1}_or@$LINES', '${1}_union@$LINES') ORDER BY warm LIMIT 1"
}
TYPED=$(pick typed)
TEXT=$(pick text)
echo "   kept: $TYPED (typed_or $(med "typed_or@$LINES") ms, typed_union $(med "typed_union@$LINES") ms);" \
     "$TEXT (text_or $(med "text_or@$LINES") ms, text_union $(med "text_union@$LINES") ms)"

# ---------------------------------------------------------------- warm, smaller sizes
echo "== warm runs at the smaller sizes: hcpcs, hcpcs_pregrouped, $TYPED, $TEXT"
for size in "${SIZES[@]}"; do
    [ "$size" = "$LINES" ] && continue
    rounds=$(q -Atc "SELECT rounds FROM bench_query WHERE name = 'hcpcs@$size'")
    for r in $(seq 1 "$rounds"); do
        ptp_round "$size" warm "$r" hcpcs hcpcs_pregrouped "$TYPED" "$TEXT"
    done
done

# ---------------------------------------------------------------- parallel
if [ "$PAR" = 1 ]; then
    echo "== parallel: pre-grouped claims, 2 workers per Gather against 0"
    # also at LINES/10: little work to share, so the workers' own cache
    # builds dominate (at the smallest size a worker may get no claim at
    # all, and then builds nothing)
    q -c "INSERT INTO bench_query (ord, name, query, kind, rounds, prep)
          SELECT 20000 + ord, replace(name, '@$LINES', '@$TENTH'),
                 replace(query, 'claims_$LINES ', 'claims_$TENTH '), kind, $RUNS_BIG, prep
          FROM bench_query WHERE name IN ('par0@$LINES', 'par2@$LINES')"
    for size in "$TENTH" "$LINES"; do
        for r in $(seq 1 "$RUNS_BIG"); do
            ptp_round "$size" warm "$r" par0 par2
        done
    done
fi

# Every run so far gave the same answer per size
echo "== answers"
q -Atc "SELECT * FROM ptp_check_answers()" | sed 's/^/   /'

# ---------------------------------------------------------------- perf (if needed)
RATIO_TYPED=$(q -Atc "SELECT round((t.warm / h.warm)::numeric, 2) FROM med h, med t
                      WHERE h.name = 'hcpcs@$LINES' AND t.name = '$TYPED@$LINES'")
if [ "$PERF" = 1 ] || { [ "$PERF" = auto ] && awk -v r="$RATIO_TYPED" 'BEGIN { exit !(r < 2) }'; }; then
    if command -v perf >/dev/null; then
        # (not lib.sh's bench_perf: the profile must start after the edit
        # cache is built, and the callee view shows where the time goes)
        echo "== perf profile of hcpcs_pregrouped@$LINES, edit cache built (typed baseline / hcpcs = $RATIO_TYPED)"
        sql=$(q -Atc "SELECT query FROM bench_query WHERE name = 'hcpcs_pregrouped@$LINES'")
        q -Atc "SET application_name = 'bench_perf'" \
          -c "SELECT hcpcs_ptp_check('0001A', '0591T', date '2024-07-01')" \
          -c "SELECT pg_sleep(1)" -c "$sql" -c "$sql" >/dev/null &
        bg=$!
        # attach once the cache is built (the session sleeps)
        pid=
        for _ in $(seq 1 300); do
            pid=$(q -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = 'bench_perf' AND query LIKE '%pg_sleep%'")
            [ -n "$pid" ] && break
            sleep 0.1
        done
        perf record -q -g -p "$pid" -o "$OUT/perf_ptp.data" 2>/dev/null &
        perfpid=$!
        wait "$bg"
        kill -INT "$perfpid" 2>/dev/null || true
        wait "$perfpid" || true
        {
            echo "# $sql (twice)"
            echo "# by object"
            perf report -i "$OUT/perf_ptp.data" --no-children --sort dso --stdio 2>/dev/null |
                grep -E '^ +[0-9.]+%' | head -6 || true
            echo "# by symbol, self (hex: static functions of the stripped postgres binary)"
            perf report -i "$OUT/perf_ptp.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
                grep -E '^ +[0-9.]+%' | head -20 || true
            echo "# by symbol, with callees (children, self)"
            perf report -i "$OUT/perf_ptp.data" --children --sort symbol -g none --stdio 2>/dev/null |
                grep -E '^ +[0-9.]+%' | grep -v '0x0000' | head -25 || true
        } >"$OUT/perf_ptp.txt"
        sed 's/^/   /' "$OUT/perf_ptp.txt"
    fi
fi

# ---------------------------------------------------------------- plans (untimed)
PLANS_FILE=$OUT/ptp_plans.txt
: >"$PLANS_FILE"
if [ "$PLANS" = 1 ]; then
    echo "== plans at $LINES lines (EXPLAIN ANALYZE, untimed; written to $PLANS_FILE)"
    plan_names=("hcpcs@$LINES" "hcpcs_pregrouped@$LINES" "$TYPED@$LINES" "$TEXT@$LINES")
    [ "$PAR" = 1 ] && plan_names+=("par2@$LINES")
    for n in "${plan_names[@]}"; do
        {
            echo "### $n"
            echo
            # prep (parallel settings, cache build), then the plan, same session
            {
                echo '\o /dev/null'
                q -At -c "SELECT coalesce(prep, 'SELECT 1') || ';' FROM bench_query WHERE name = '$n'"
                echo '\o'
                # VERBOSE for the parallel plan only: it gives each worker's rows
                echo "SELECT 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF' || CASE WHEN name LIKE 'par%' THEN ', VERBOSE' ELSE '' END || ') ' || query FROM bench_query WHERE name = '$n' \\gexec"
            } >"$TMP/plan.sql"
            q -At -f "$TMP/plan.sql"
            echo
        } >>"$PLANS_FILE"
    done
    if grep -Eq 'Disk Usage|Batches: [2-9]|external' "$PLANS_FILE"; then
        echo "   WARNING: a hash or sort spilled to disk: see $PLANS_FILE"
    else
        echo "   no hash or sort spilled to disk"
    fi
    grep -E 'Workers (Planned|Launched)|HashAggregate|GroupAggregate|Hash Join|Nested Loop|Index Scan|Batches' "$PLANS_FILE" |
        sed 's/^ */   /' | sort | uniq -c | sed 's/^/   /' || true
fi

# ---------------------------------------------------------------- cold
COLD_LABEL="no cold runs (COLD=0)"
COLD_NAMES=()
if [ "$COLD" = 1 ]; then
    bench_cold_setup
    COLD_NAMES=("hcpcs@$TENTH" "hcpcs@$LINES" "hcpcs_pregrouped@$LINES" "$TYPED@$LINES" "$TEXT@$LINES" cache_build)
    echo "== $COLD_LABEL; no prep (the hcpcs queries build the edit cache in the timed run)"
    for n in "${COLD_NAMES[@]}"; do
        bench_cold_reset
        echo "   $n: $(q -Atc "SELECT round(ptp_run('$n', 'cold', 1, false)::numeric, 0)") ms"
    done
    q -Atc "SELECT * FROM ptp_check_answers()" >/dev/null
fi

# ---------------------------------------------------------------- cache invalidation
echo "== edit cache: a reload invalidates it (one session)"
q -At -v small="$FILES/ccipra-v322r0-f1.txt" -f "$HERE/ptp_reload.sql" | sed 's/^/   /'

# ---------------------------------------------------------------- sizes
echo "== sizes"
q -c "VACUUM ANALYZE hcpcs_ptp_edits, ptp_int4, ptp_text"
q -c "INSERT INTO bench_size
      SELECT 'edits_hcpcs', pg_total_relation_size('hcpcs_ptp_edits')
      UNION ALL SELECT 'edits_int4', pg_total_relation_size('ptp_int4')
      UNION ALL SELECT 'edits_text', pg_total_relation_size('ptp_text')
      UNION ALL SELECT 'edits_hcpcs_heap', pg_table_size('hcpcs_ptp_edits')
      UNION ALL SELECT 'edits_int4_heap', pg_table_size('ptp_int4')
      UNION ALL SELECT 'edits_hcpcs_idx', pg_indexes_size('hcpcs_ptp_edits')
      UNION ALL SELECT 'edits_int4_idx', pg_indexes_size('ptp_int4')"
q -c "REINDEX TABLE hcpcs_ptp_edits"
q -c "INSERT INTO bench_size
      SELECT 'edits_hcpcs_reindexed', pg_total_relation_size('hcpcs_ptp_edits')"
q -At -F ': ' -c "SELECT name, pg_size_pretty(bytes) FROM bench_size ORDER BY name" | sed 's/^/   /'

# ---------------------------------------------------------------- chart
DAT=$OUT/ptp_scaling.dat
q -At -F ' ' -c "
    SELECT s.lines / 5,
           round((h.warm / 1000)::numeric, 3), round((p.warm / 1000)::numeric, 3),
           round((ty.warm / 1000)::numeric, 3), round((tx.warm / 1000)::numeric, 3)
    FROM ptp_size s
    JOIN med h  ON h.name  = 'hcpcs@' || s.lines
    JOIN med p  ON p.name  = 'hcpcs_pregrouped@' || s.lines
    JOIN med ty ON ty.name = '$TYPED@' || s.lines
    JOIN med tx ON tx.name = '$TEXT@' || s.lines
    ORDER BY s.lines" >"$DAT"
PNG=$OUT/ptp_scaling.png
# reference for the log-log panel: exactly linear through the hcpcs point
# at the biggest size
REF=$(awk 'END { print $2 / ($1 / 1000) }' "$DAT")
gnuplot <<EOF
set terminal pngcairo noenhanced size 1200,520 font 'DejaVu Sans,11'
set output '$PNG'
set datafile separator ' '
set multiplot layout 1,2 title "NCCI PTP check of synthetic claims (5 lines each) against the full CMS practitioner table (2.5 M rows)\nwarm, median of $RUNS_BIG-$RUNS runs, each in a fresh backend, edit cache built; work_mem $WORK_MEM; $(nproc) CPUs"
set key top left
set grid
set xlabel 'claims (thousands)'
set ylabel 'seconds'
set yrange [0:*]
set xrange [0:*]
plot '$DAT' using (\$1/1000):5 with linespoints lw 2 pt 7 title 'plain SQL, text tables ($TEXT)', \
     '' using (\$1/1000):4 with linespoints lw 2 pt 5 title 'plain SQL, hcpcs_code tables ($TYPED)', \
     '' using (\$1/1000):2 with linespoints lw 2 pt 9 title 'hcpcs_ptp_claim (grouping included)', \
     '' using (\$1/1000):3 with linespoints lw 2 pt 11 dt 2 title 'hcpcs_ptp_claim, pre-grouped claims'
set logscale xy
set xrange [$(awk 'NR == 1 { print $1 / 1000 / 1.5 }' "$DAT"):$(awk 'END { print $1 / 1000 * 1.5 }' "$DAT")]
set yrange [*:*]
set key top left
set title 'same, log-log (slope 1 = linear)'
plot '$DAT' using (\$1/1000):5 with linespoints lw 2 pt 7 notitle, \
     '' using (\$1/1000):4 with linespoints lw 2 pt 5 notitle, \
     '' using (\$1/1000):2 with linespoints lw 2 pt 9 notitle, \
     '' using (\$1/1000):3 with linespoints lw 2 pt 11 dt 2 notitle, \
     $REF * x with lines lc rgb '#444444' dt 2 lw 1.5 title 'exactly linear through hcpcs at the biggest size'
unset multiplot
EOF
if [ "$LINES" = 1000000 ]; then
    cp "$PNG" "$HERE/ptp_scaling.png"
    CHART="bench/ptp_scaling.png (copy of bench/out/ptp_scaling.png)"
else
    CHART="bench/out/ptp_scaling.png (not copied to bench/ptp_scaling.png: LINES is not the full 1000000)"
fi

# ---------------------------------------------------------------- report
REPORT=$OUT/ptp_results.md
{
    echo "## NCCI PTP benchmark ($(date -u +%Y-%m-%d), $LINES claim lines)"
    echo
    q -At -v lines="$LINES" -v tenth="$TENTH" -v smallest="$SMALLEST" -v typed="$TYPED" -v text="$TEXT" \
      -v cold_label="$COLD_LABEL" -v par="$PAR" -v chart="$CHART" -v cpus="$(nproc) CPUs" -f "$HERE/ptp_report.sql"
    echo
    if [ -s "$PLANS_FILE" ]; then
        echo "### Plans at $LINES lines (EXPLAIN ANALYZE, untimed, after the same prep; VERBOSE for the parallel one)"
        echo
        echo '```'
        cat "$PLANS_FILE"
        echo '```'
        echo
    fi
    if [ -s "$OUT/perf_ptp.txt" ]; then
        echo "### perf profile of hcpcs_pregrouped@$LINES (edit cache already built)"
        echo
        echo '```'
        cat "$OUT/perf_ptp.txt"
        echo '```'
        echo
    fi
    echo "### Setup"
    echo
    bench_md_machine
    bench_md_cluster
    bench_md_module
    echo "- Timing: server-side clock_timestamp() around a plpgsql EXECUTE (ptp_run() in bench/ptp_setup.sql); every run in a fresh backend, planned (EXPLAIN) and prepared untimed: the hcpcs queries by a first \`hcpcs_ptp_check\` call that builds the edit cache (warm cache), the baselines by \`LOAD 'hcpcs'\`; warm = median of $RUNS_BIG rounds at the two biggest sizes and $RUNS below, all tables and indexes prewarmed into shared buffers; $COLD_LABEL, without prep."
    echo "- Data: $(q -Atc "SELECT val FROM ptp_note WHERE name = 'release'"); $(q -Atc "SELECT val FROM ptp_note WHERE name = 'edits'"). Claims (fixed seed): $(q -Atc "SELECT val FROM ptp_note WHERE name = 'lines'"); with probability 0.6 lines 1-2 carry the two codes of a random indicator-0/1 edit row (either order), other codes uniform over the table's codes; one date of service per claim, uniform over 2024-01-01..2024-09-30. Smaller sizes are prefixes of the biggest."
    bench_md_load
    bench_md_elapsed
} >"$REPORT"

echo
cat "$REPORT"
