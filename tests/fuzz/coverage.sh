#!/usr/bin/env bash
# Line coverage of the parser sources reached by the fuzz corpora
# (called by `make fuzz-coverage`, tests/fuzz/fuzz.mk).
#
#   coverage.sh BINDIR SMOKE_DIR CORPUS_DIR
#
# Runs the coverage build of each harness (BINDIR/cov_HARNESS: clang
# -fprofile-instr-generate -fcoverage-mapping, no sanitizers) once over
# every input of a corpus (-runs=0) and prints, per harness and parser
# source file, the lines executed.  Corpora: the smoke corpus that
# `make fuzz-smoke` leaves in SMOKE_DIR/corpus (seeds plus what the smoke
# run added), and the persistent corpus of `make fuzz` in CORPUS_DIR;
# either may be missing.  llvm-profdata and llvm-cov come from
# $FUZZ_LLVM_BIN (default /usr/lib/llvm-14/bin).
set -eu
bin=${1:?bindir}; smoke=${2:?smoke dir}; long=${3:?corpus dir}
llvm=${FUZZ_LLVM_BIN:-/usr/lib/llvm-14/bin}
prof=$(mktemp -d /tmp/hcpcs-fuzz-cov.XXXXXX)
trap 'rm -rf "$prof"' EXIT

# The parser sources each harness is about
files_of() {
    case $1 in
        code) echo src/core/code.c ;;
        modifier) echo src/core/modifier.c ;;
        recv) echo src/core/code.c src/core/modifier.c ;;
        ptp) echo src/core/cms_ptp.c src/core/cms_common.c ;;
        level2) echo src/core/cms_level2.c src/core/cms_common.c ;;
        class) echo src/core/classify.c ;;
    esac
}

printf '%-7s %-9s %-16s %7s %7s %8s %9s\n' corpus harness file lines missed 'line cov' 'branch cov'
for which in smoke long; do
    for h in code modifier recv ptp level2 class; do
        if [ "$which" = smoke ]; then
            dirs=("$smoke/corpus/$h" "$smoke/seeds/$h")
        else
            dirs=("$long/$h" "$long/seeds/$h")
        fi
        [ -d "${dirs[0]}" ] || continue
        rm -f "$prof"/*.profraw
        LLVM_PROFILE_FILE="$prof/$h-%p.profraw" "$bin/cov_$h" -runs=0 \
            -max_len=1048576 "${dirs[@]}" > "$prof/$h.log" 2>&1 || {
            echo "coverage.sh: cov_$h failed, see below" >&2
            tail -20 "$prof/$h.log" >&2
            exit 1
        }
        "$llvm/llvm-profdata" merge -sparse "$prof"/$h-*.profraw -o "$prof/$h.profdata"
        # llvm-cov report columns: ... Lines, Missed Lines, Cover, Branches,
        # Missed Branches, Cover
        "$llvm/llvm-cov" report "$bin/cov_$h" -instr-profile="$prof/$h.profdata" \
            $(files_of "$h") |
            awk -v w="$which" -v h="$h" '$1 ~ /\.c$/ {
                n = split($1, p, "/");
                printf "%-7s %-9s %-16s %7s %7s %8s %9s\n", w, h, p[n], $8, $9, $10, $13 }'
    done
done
