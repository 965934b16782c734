#!/usr/bin/env bash
#
# bench/bench_scale.sh — scale-out of the NCCI PTP claim check on this
# machine: (a) one server with 0 and 2 parallel workers, (b) one server
# against a coordinator with two postgres_fdw shards on loopback, set up by
# the recipe's own files (doc/scale-out.md).  Writes bench/results_scale.md.
#
#   PGBIN=.../bin bench/bench_scale.sh        # LINES=1000000: ~9 min on the 2-CPU
#                                             # machine under load 8, 200 s of it loading
#   LINES=20000 COLD=0 bench/bench_scale.sh   # smoke test (~5 min there, nearly all loading)
#
# Data: the full CMS practitioner PTP release 2024 Q3 (2.5 M rows, loaded
# with hcpcs_load_ptp), LINES synthetic claim lines (5 per claim) from
# bench/claims_gen.sql (60 % of claims carry a real edit pair, so edits
# fire), in table claim_lines with view claim_ptp_edits of
# doc/scale-out-shard.sql; plus the same claims pre-grouped (table claims).
# bench/scale_setup.sql.
#
# Servers: three throwaway clusters (bench/lib.sh), on free ports:
#   single   all claims (database postgres); it also hosts the coordinator,
#            database coord, set up by doc/scale-out-coordinator.sql:
#            claim_ptp_edits partitioned by hash of claim_id over the two
#            shards' views (postgres_fdw, async_capable, extensions hcpcs;
#            fetch_size set to FETCH_SIZE)
#   shard1/2 copies of single (same release, same edit index image), each
#            keeping the claims of its hash partition, listening on
#            127.0.0.1 (TCP loopback).
#
# Measured (server-side ms, every run a fresh backend, the query planned
# and prepped untimed: bench/lib.sql bench_run; queries and preps in
# bench/scale_setup.sql):
#   (a) srf_p0 / srf_p2: pre-grouped claims with 0 / 2 workers, default
#       parallel costs (the planner picks the Gather from the functions'
#       COST, hcpcs--1.0--1.1.sql section [parallel]).
#   (b) SELECT count(e), ... FROM claim_ptp_edits e: grouped_p0 on single,
#       fdw_all on the coordinator (every edit row shipped); shard1_local,
#       shard2_local: the same on each shard alone (no shipping); fdw_agg:
#       the counts over each foreign partition, pushed down (one row back
#       from each shard); shipping share = 1 - fdw_agg / fdw_all.
#   Warm: median of RUNS rounds, each running every query (and each shard
#   alone) once, in turn; the prep builds the edit cache of the backend (for
#   fdw_*, of both shard backends).
#   Cold (COLD=1): all three servers restarted and, when root, the OS page
#   cache dropped (the whole machine's); one run, prep = settings only, so
#   the leader, each worker and each shard backend load the edit index
#   inside the timed query, as in a fresh session.
# Pinned: work_mem WORK_MEM, shared_buffers SHARED_BUFFERS, jit off,
# max_parallel_workers_per_gather 0 except srf_p2, parallel_setup_cost,
# parallel_tuple_cost, min_parallel_table_scan_size at their defaults,
# fetch_size FETCH_SIZE, use_remote_estimate off, every table ANALYZEd
# (the coordinator's too).
#
# Knobs: LINES (default 1000000, multiple of 250), RUNS (3), COLD (1),
# FETCH_SIZE (10000), WORK_MEM (256MB), SHARED_BUFFERS (1GB),
# MAINTENANCE_WORK_MEM (1GB, loading only), PTP_FILE, and those of
# bench/lib.sh (PGBIN: the installation whose hcpcs is measured; KEEP,
# LOCALE).  Output: bench/results_scale.md (also bench/out/scale_results.md),
# plans in bench/out/scale_plans.txt.
set -euo pipefail

LINES=${LINES:-1000000}
RUNS=${RUNS:-3}
COLD=${COLD:-1}
FETCH_SIZE=${FETCH_SIZE:-10000}
WORK_MEM=${WORK_MEM:-256MB}
SHARED_BUFFERS=${SHARED_BUFFERS:-1GB}
MAINTENANCE_WORK_MEM=${MAINTENANCE_WORK_MEM:-1GB}
PTP_FILE=${PTP_FILE:-/work/shared/data/cms/ncci/ptp-practitioner-2024q3.cms-layout.txt.gz}

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SHARD_SQL=$ROOT/doc/scale-out-shard.sql
COORD_SQL=$ROOT/doc/scale-out-coordinator.sql
if ! [[ "$LINES" =~ ^[0-9]+$ ]] || [ "$LINES" -lt 5000 ] || [ $((LINES % 250)) -ne 0 ]; then
    echo "LINES must be an integer >= 5000, a multiple of 250" >&2; exit 2
fi
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || [ "$RUNS" -lt 3 ]; then echo "RUNS must be >= 3" >&2; exit 2; fi
[ -r "$PTP_FILE" ] && [ -r "$SHARD_SQL" ] && [ -r "$COORD_SQL" ] ||
    { echo "cannot read $PTP_FILE, $SHARD_SQL or $COORD_SQL" >&2; exit 2; }

bench_init
SHARD_DATA=()
SHARD_PORT=()
scale_cleanup() {
    local rc=$? d
    set +e    # (exit $rc) below must not end the trap before bench_cleanup
    if [ "$KEEP" != 1 ]; then
        for d in "${SHARD_DATA[@]}"; do
            if [ -f "$d/postmaster.pid" ]; then
                "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$d" -w stop -m immediate >/dev/null 2>&1
            fi
        done
    fi
    (exit $rc)
    bench_cleanup
}
trap scale_cleanup EXIT

# qs N ...: psql to shard N (1 or 2), a fresh connection
qs() { local n=$1; shift; "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$TMP" -p "${SHARD_PORT[$n]}" -U postgres -d postgres "$@"; }
# qn NAME ...: psql to where query NAME runs (fdw_*: the coordinator)
qn() { local n=$1; shift; case $n in fdw_*) q -d coord "$@" ;; *) q "$@" ;; esac; }
shards_restart() {
    local d
    for d in "${SHARD_DATA[@]}"; do "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$d" -w restart -m fast >/dev/null; done
}
# sq NAME COLUMN: a column of bench_query
sq() { q -At -c "SELECT $2 FROM bench_query WHERE name = '$1'"; }
NAMES=$(echo grouped_p0 srf_p0 srf_p2 fdw_all fdw_agg)

echo "== scale-out benchmark: LINES=$LINES RUNS=$RUNS COLD=$COLD FETCH_SIZE=$FETCH_SIZE; clusters in $TMP"
bench_cluster bench_scale.sh < <(printf "shared_buffers = '%s'\nwork_mem = '%s'\nmaintenance_work_mem = '%s'\n" \
    "$SHARED_BUFFERS" "$WORK_MEM" "$MAINTENANCE_WORK_MEM")

FILES=$TMP/files
mkdir -p "$FILES"
gunzip -c "$PTP_FILE" >"$FILES/ptp.txt"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$FILES"; fi

echo "== loading the release and $LINES claim lines"
T0=$(date +%s)
q -At -c "CREATE EXTENSION hcpcs" -c "SET client_min_messages = warning" \
  -c "SELECT hcpcs_load_ptp(ARRAY['$FILES/ptp.txt'], 'practitioner', period => '2024Q3', as_of => '2024-07-01')" |
    sed 's/^/   edit rows: /'
q -f "$SHARD_SQL"
q -v lines="$LINES" -f "$HERE/scale_setup.sql"
q -c "UPDATE bench_query SET rounds = $RUNS" -c "VACUUM (FREEZE, ANALYZE)" -c "CHECKPOINT"
echo "   loaded in $(( $(date +%s) - T0 )) s"

echo "== two shards: copies of this cluster, each keeping the claims of its hash partition"
pgctl stop
for n in 1 2; do
    d=$TMP/shard$n
    "${AS_PG[@]}" cp -a "$DATA" "$d"
    SHARD_DATA[$n]=$d
    p=$(bench_free_port $((PORT + n)))
    [ -n "$p" ] || { echo "no free port" >&2; exit 1; }
    SHARD_PORT[$n]=$p
    printf "\n# ---- shard %s ----\nport = %s\nlisten_addresses = '127.0.0.1'\n" "$n" "$p" |
        "${AS_PG[@]}" tee -a "$d/postgresql.conf" >/dev/null
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$d" -l "$TMP/shard$n.log" -w start >/dev/null
    # the coordinator's partition bound FOR VALUES WITH (MODULUS 2, REMAINDER n-1)
    qs "$n" -c "CREATE TABLE bound (claim_id bigint) PARTITION BY HASH (claim_id)" \
        -c "DELETE FROM claim_lines WHERE NOT satisfies_hash_partition('bound'::regclass, 2, $((n - 1)), claim_id)" \
        -c "DROP TABLE bound, claims" -c "VACUUM (FULL, FREEZE, ANALYZE) claim_lines" -c "CHECKPOINT"
done
pgctl start
q -At -c "SELECT count(*) FROM claim_lines" | sed 's/^/   single: claim lines /'
for n in 1 2; do qs "$n" -At -c "SELECT count(*) FROM claim_lines" | sed "s/^/   shard$n: claim lines /"; done

echo "== the coordinator (database coord): doc/scale-out-coordinator.sql"
q -c "CREATE DATABASE coord"
q -d coord -c "CREATE EXTENSION hcpcs" -c "SET client_min_messages = warning" -f "$HERE/lib.sql"
q -d coord -v shards="host=127.0.0.1 port=${SHARD_PORT[1]} dbname=postgres;host=127.0.0.1 port=${SHARD_PORT[2]} dbname=postgres" \
    -f "$COORD_SQL" >/dev/null
q -c "COPY bench_query TO STDOUT" | q -d coord -c "COPY bench_query FROM STDIN"
q -c "COPY scale_cold TO STDOUT" |
    q -d coord -c "CREATE TABLE scale_cold (name text PRIMARY KEY, prep text NOT NULL)" -c "COPY scale_cold FROM STDIN"
q -d coord -c "ALTER SERVER shard1 OPTIONS (SET fetch_size '$FETCH_SIZE')" \
    -c "ALTER SERVER shard2 OPTIONS (SET fetch_size '$FETCH_SIZE')" -c "ANALYZE claim_ptp_edits"
# (the coordinator holds no release: it runs no check)
q -d coord -At -c "SELECT count(*) || ' reference objects differ between the shards (hcpcs_fingerprints)'
                   FROM hcpcs_fingerprints a JOIN hcpcs_fingerprints b USING (object)
                   WHERE a.node = 'shard1' AND b.node = 'shard2'
                     AND (a.fingerprint, a.rows) IS DISTINCT FROM (b.fingerprint, b.rows)" | sed 's/^/   /'

echo "== check (untimed): every query gives the same (edit rows, denied, bypassed)"
ANSWERS=
for name in $NAMES; do
    ANSWERS+="$name: $(qn "$name" -At -F , -c "$(sq "$name" prep)" -c "$(sq "$name" query)" | tail -1)"$'\n'
done
ANSWERS+="shard1 + shard2 (grouped_p0 on each): $(for n in 1 2; do qs "$n" -At -F , -c "$(sq grouped_p0 query)"; done |
    awk -F, '{a += $1; b += $2; c += $3} END {print a "," b "," c}')"
echo "$ANSWERS" | sed 's/^/   /'
[ "$(echo "$ANSWERS" | sed 's/.*: //' | sort -u | wc -l)" = 1 ] || { echo "answers differ" >&2; exit 1; }

echo "== warm runs: $RUNS rounds (ms, server-side; each run in a fresh backend)"
for r in $(seq 1 "$RUNS"); do
    line=
    for name in $NAMES; do
        line+="$name=$(qn "$name" -At -c "SELECT round(bench_run('$name', 'warm', $r)::numeric, 0)") "
    done
    for n in 1 2; do
        line+="shard${n}_local=$(qs "$n" -At -c "SELECT round(bench_run('grouped_p0', 'warm', $r)::numeric, 0)") "
    done
    echo "   round $r: $line"
done

echo "== plans (EXPLAIN ANALYZE VERBOSE, untimed, after the same prep)"
PLANS=$OUT/scale_plans.txt
: >"$PLANS"
for name in srf_p2 fdw_all fdw_agg; do
    {
        echo "### $name"
        echo
        qn "$name" -At -c "$(sq "$name" prep)" -c "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF) $(sq "$name" query)" | tail -n +2
        echo
    } >>"$PLANS"
done
grep -E 'Workers (Planned|Launched)|Foreign Scan|Execution Time' "$PLANS" | sed 's/^/   /' || true

COLD_LABEL="not run (COLD=0)"
if [ "$COLD" = 1 ]; then
    bench_cold_setup
    echo "== cold runs: $COLD_LABEL"
    for name in $NAMES shard1_local shard2_local; do
        shards_restart
        bench_cold_reset
        sql="SELECT round(bench_time(q.query, c.prep)::numeric, 1) FROM bench_query q JOIN scale_cold c USING (name)"
        case $name in
            shard*) ms=$(qs "${name:5:1}" -At -c "$sql WHERE name = 'grouped_p0'") ;;
            *) ms=$(qn "$name" -At -c "$sql WHERE name = '$name'") ;;
        esac
        q -c "INSERT INTO bench_result VALUES ('$name', 'cold', 1, $ms)"
        echo "   $name=$ms"
    done
fi
# The coordinator's and the shards' warm runs, into this server's results
q -d coord -c "COPY (SELECT * FROM bench_result WHERE mode = 'warm') TO STDOUT" | q -c "COPY bench_result FROM STDIN"
for n in 1 2; do
    qs "$n" -c "COPY (SELECT 'shard${n}_local', mode, run, ms FROM bench_result WHERE mode = 'warm') TO STDOUT" |
        q -c "COPY bench_result FROM STDIN"
done

# ---------------------------------------------------------------- report
# m NAME [warm|cold]: the median (or the cold run) of a query, ms
m() { q -At -c "SELECT round(${2:-warm}::numeric, 1) FROM med WHERE name = '$1'"; }
calc() { q -At -c "SELECT $1"; }
fmt() { [ -n "$1" ] && calc "to_char($1::numeric, 'FM999,999,990.0') || ' ms'"; }
rate() { calc "to_char($LINES / ($1::numeric / 1000), 'FM999,999,999')"; }
ratio() { calc "to_char($1::numeric / nullif($2::numeric, 0), 'FM990.00') || '×'"; }
share() { calc "to_char(100 * (1 - $2::numeric / nullif($1::numeric, 0)), 'FM990') || ' %'"; }
# row LABEL A B: warm times, lines/s, speed-up time(A) / time(B), and cold
row() {
    local a b cold=
    a=$(m "$2"); b=$(m "$3")
    if [ "$COLD" = 1 ]; then
        cold="$(fmt "$(m "$2" cold)") / $(fmt "$(m "$3" cold)"): $(ratio "$(m "$2" cold)" "$(m "$3" cold)")"
    fi
    echo "| $1 | $(fmt "$a") | $(fmt "$b") | $(rate "$a") | $(rate "$b") | **$(ratio "$a" "$b")** | $cold |"
}
SHARDMAX=$(calc "greatest($(m shard1_local), $(m shard2_local))")
REPORT=$OUT/scale_results.md
{
    echo "## Scale-out benchmark (bench/bench_scale.sh)"
    echo
    echo "$LINES claim lines ($((LINES / 5)) claims, 5 lines each) checked against the full CMS practitioner PTP release 2024 Q3 (2.5 M edit rows). Warm: median of $RUNS runs, each in a fresh backend with the edit cache built in an untimed prep; cold: one run after restarting every server, caches built inside the query. Server-side wall time; lines/s = claim lines per second. Speed-up = time(A) / time(B)."
    echo
    echo "| Comparison | A | B | A lines/s | B lines/s | speed-up (warm) | cold A / B: speed-up |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    row "(a) one server, pre-grouped claims: max_parallel_workers_per_gather 0 (A) vs 2 (B)" srf_p0 srf_p2
    row "(b) one server, the recipe's view (A) vs coordinator + 2 shards fetching every edit row (B)" grouped_p0 fdw_all
    row "(b) one server (A) vs coordinator + 2 shards, counts pushed down to the shards (B)" grouped_p0 fdw_agg
    echo
    echo "Where the sharded time goes (warm medians):"
    echo
    echo "- Each shard alone, the view over its half: shard 1 $(fmt "$(m shard1_local)"), shard 2 $(fmt "$(m shard2_local)"). The coordinator: $(fmt "$(m fdw_all)") fetching every edit row, $(fmt "$(m fdw_agg)") with the counts pushed down."
    echo "- Shipping the edit rows back to the coordinator (1 − fdw_agg / fdw_all): **$(share "$(m fdw_all)" "$(m fdw_agg)")** of the coordinator's time; 1 − (slower shard alone) / fdw_all: $(share "$(m fdw_all)" "$SHARDMAX")."
    echo "- On one server, grouping in the query (the recipe's view) against pre-grouped claims, both serial: $(fmt "$(m grouped_p0)") vs $(fmt "$(m srf_p0)")."
    echo
    echo "### Every run (server-side ms)"
    echo
    q -At -c "SELECT * FROM bench_md_queries()"
    for n in 1 2; do
        echo "| shard${n}_local | $(fmt "$(m shard${n}_local)") | | | $(q -At -c "SELECT runs FROM med WHERE name = 'shard${n}_local'") | $(fmt "$(m shard${n}_local cold)") | grouped_p0's query and prep, on shard $n alone |"
    done
    echo
    echo "Answers (edit rows, edits denying a line, edits bypassed), untimed check:"
    echo
    echo '```'
    echo "$ANSWERS"
    echo '```'
    echo
    echo "### Plans (EXPLAIN ANALYZE VERBOSE, untimed, after the same prep)"
    echo
    echo '```'
    cat "$PLANS"
    echo '```'
    echo
    echo "### Setup"
    echo
    bench_md_machine
    bench_md_cluster
    echo "- Shards: copies of the single cluster (same settings and release), TCP on 127.0.0.1, set up by doc/scale-out-shard.sql; the coordinator is database coord on the single server, set up by doc/scale-out-coordinator.sql (claims split by the hash partitions of claim_id; postgres_fdw options async_capable true, extensions hcpcs, batch_size 1000, fetch_size $FETCH_SIZE). All three servers share the machine's $(nproc) CPUs."
    echo "- Cold: $COLD_LABEL."
    bench_md_module
    bench_md_load
    bench_md_elapsed
} >"$REPORT"
cp "$REPORT" "$HERE/results_scale.md"
echo "== report written: bench/results_scale.md"
sed -n '1,/^### Every run/p' "$REPORT"
