#!/usr/bin/env bash
# Run the libFuzzer harnesses (called by tests/fuzz/fuzz.mk).
#
#   run.sh smoke BINDIR HCPCS_DATA WORKDIR HARNESS...
#       Fresh seed corpus from HCPCS_DATA (seed-corpus.sh) in WORKDIR/seeds,
#       then each harness for a fixed number of executions (-runs, -seed=1)
#       on a copy of it in WORKDIR/corpus/HARNESS.  Exits non-zero if any
#       harness crashes, trips a sanitizer or breaks an invariant.
#   run.sh long BINDIR HCPCS_DATA CORPUS HARNESS...
#       Each harness for $FUZZ_SECONDS seconds under $FUZZ_NICE, on the
#       persistent corpus CORPUS/HARNESS (seeded from HCPCS_DATA when
#       missing), crash inputs in CORPUS/artifacts.
#
# Both print, per harness, the executions, edges (cov), features (ft) and
# corpus size from libFuzzer's -print_final_stats=1 output; the full logs
# are in WORKDIR/logs or CORPUS/logs.
set -eu
mode=${1:?mode}; bin=${2:?bindir}; data=${3:?HCPCS_DATA}; work=${4:?workdir}; shift 4
here=$(cd "$(dirname "$0")" && pwd)

# Per harness: longest input, dictionary, smoke executions
max_len() {
    case $1 in
        ptp) echo 4096 ;; level2) echo 16384 ;; recv) echo 8 ;; *) echo 64 ;;
    esac
}
dict() {
    case $1 in
        code|modifier) echo "-dict=$here/code.dict" ;;
        ptp) echo "-dict=$here/ptp.dict" ;;
        level2) echo "-dict=$here/level2.dict" ;;
        *) echo "" ;;
    esac
}
smoke_runs() {
    case $1 in
        level2) echo 6000 ;; ptp) echo 30000 ;; *) echo 100000 ;;
    esac
}

if [ ! -d "$data/cms" ]; then
    echo "run.sh: no CMS data in '$data' (set HCPCS_DATA; scripts/test-data.sh prepares it)" >&2
    exit 2
fi

mkdir -p "$work/logs" "$work/artifacts"
if [ "$mode" = smoke ]; then
    rm -rf "$work/seeds" "$work/corpus" "$work/artifacts"/*
    "$here/seed-corpus.sh" "$data" "$work/seeds"
elif [ ! -d "$work/seeds" ]; then
    "$here/seed-corpus.sh" "$data" "$work/seeds"
fi

status=0
printf '%-9s %10s %8s %8s %8s %6s  %s\n' harness execs cov ft corpus secs result
for h in "$@"; do
    log=$work/logs/$h.log
    if [ "$mode" = smoke ]; then
        corpus=$work/corpus/$h
        mkdir -p "$corpus"
        cp "$work/seeds/$h"/. "$corpus/" -r
        args=(-runs="$(smoke_runs "$h")" -seed=1)
        nice=()
    else
        corpus=$work/$h
        mkdir -p "$corpus"
        args=(-max_total_time="${FUZZ_SECONDS:-60}" -use_value_profile=1)
        read -r -a nice <<< "${FUZZ_NICE:-}"
    fi
    start=$(date +%s)
    rc=0
    # the seeds dir is read too, but new inputs go to the corpus dir only
    "${nice[@]}" "$bin/fuzz_$h" "${args[@]}" -max_len="$(max_len "$h")" $(dict "$h") \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/$h-" \
        "$corpus" "$work/seeds/$h" > "$log" 2>&1 || rc=$?
    secs=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<< "$last")
    if [ "$rc" -eq 0 ]; then result=ok; else result="FAILED (exit $rc, see $log)"; status=1; fi
    printf '%-9s %10s %8s %8s %8s %6s  %s\n' "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
        "${corp:-?}" "$secs" "$result"
    if [ "$rc" -ne 0 ]; then
        grep -E 'ERROR|invariant failed|runtime error|SUMMARY|Test unit written' "$log" | head -8 | sed 's/^/    /'
    fi
done
exit $status
