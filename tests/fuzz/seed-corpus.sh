#!/usr/bin/env bash
# Build the seed corpus of the libFuzzer harnesses from the real CMS files.
#
#   tests/fuzz/seed-corpus.sh HCPCS_DATA OUTDIR
#
# Writes OUTDIR/<harness>/ for each harness of tests/fuzz/fuzz.mk: excerpts
# of the real files in HCPCS_DATA (see ../shared/data/README.md), plus the
# small checked-in seeds of tests/fuzz/seeds/<harness>/ (regression inputs
# among them).  Deterministic: the same data gives the same corpus.
# no pipefail: `... | head` ends its writer with SIGPIPE, on purpose
set -eu
data=${1:?usage: seed-corpus.sh HCPCS_DATA OUTDIR}
out=${2:?usage: seed-corpus.sh HCPCS_DATA OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
l2=$data/cms/hcpcs-level2
ncci=$data/cms/ncci
codes=$data/cms/codes

for h in code modifier recv ptp level2 class; do
    mkdir -p "$out/$h"
    if [ -d "$here/seeds/$h" ]; then
        cp "$here/seeds/$h"/* "$out/$h/" 2>/dev/null || true
    fi
done

# zcat or cat, whichever the file needs (test-data.sh gunzips the PTP tables)
readf() {
    if [ -e "$1" ]; then cat "$1"; elif [ -e "$1.gz" ]; then zcat "$1.gz"; else
        echo "seed-corpus.sh: missing $1" >&2; exit 1; fi
}

# --- code: every 150th value of the code lists, and every value that is not
# a clean code (the real dirt: spreadsheet floats, no-break spaces, ...)
n=0
for f in "$codes/opps_addendum_b_2026_04_codes.csv" \
         "$codes/opps_addendum_b_merged_2019_to_2023_01_codes.csv"; do
    tail -n +2 "$f" | cut -d, -f1 | awk -v f="$(basename "$f")" \
        'NR % 150 == 1 || $0 !~ /^[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]$/' |
    while IFS= read -r v; do
        n=$((n + 1))
        printf '%s' "$v" > "$out/code/real-$(basename "$f" .csv)-$n"
    done
done
tail -n +2 "$data/other/tuva-cms-hcc-cpt-hcpcs-2024.csv" | cut -d, -f2 |
    awk 'NR % 200 == 1' | while IFS= read -r v; do
        printf '%s' "$v" > "$out/code/real-tuva-$v"
    done
# add-on file: CCCCC placeholder and codes
tail -n +2 "$ncci/addon-2024q3.csv" | cut -d, -f1 | sort -u | awk 'NR % 100 == 1 || /C/' |
    head -40 | while IFS= read -r v; do printf '%s' "$v" > "$out/code/real-addon-$v"; done

# --- modifier: the modifier column of the Level II files (RECID 7), as is
# (positions 1-5, blanks included) and the CSV export's 3-blank form
awk 'substr($0, 11, 1) == "7" { print substr($0, 1, 5) }' "$l2/HCPC2019_CONTR_ANWEB.txt" |
    awk 'NR % 6 == 1' | while IFS= read -r v; do
        printf '%s' "$v" > "$out/modifier/real-l2-$(printf '%s' "$v" | tr -d ' ')"
    done
tail -n +2 "$l2/HCPC2026_OCT_ANWEB.excerpt.csv" | cut -d, -f1 | head -10 |
    while IFS= read -r v; do
        printf '%s' "$v" > "$out/modifier/real-csv-$(printf '%s' "$v" | tr -d ' ')"
    done

# --- recv: the network-order encodings of a few real codes and modifiers,
# and the edges of the encoding
for v in 0 99999 100000 149999 150000 199999 200000 209999 250000 459999 460000 \
         -1 2147483647 -2147483648; do
    printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(( (v >> 24) & 255 )) $(( (v >> 16) & 255 )) \
        $(( (v >> 8) & 255 )) $(( v & 255 )))" > "$out/recv/value-$v"
done
for m in 25 59 LT RT XS E1 '1P'; do printf '%s' "$m" > "$out/recv/mod-$m"; done

# --- ptp: the preamble with a few rows, from the real excerpt and both
# full tables; a Medicaid-layout copy (no prior-1996 column; "*" deletion
# written empty); single data lines
ptp_excerpt=$ncci/ccipra-v322r0-f1.excerpt.txt
head -n 16 "$ptp_excerpt" > "$out/ptp/real-excerpt-head"
{ head -n 6 "$ptp_excerpt"; sed -n '100,110p' "$ptp_excerpt"; } > "$out/ptp/real-excerpt-mid"
for t in practitioner hospital; do
    f=$ncci/ptp-$t-2024q3.cms-layout.txt
    readf "$f" | head -n 14 > "$out/ptp/real-$t-head"
    # rows with open deletion dates, and indicator-9 rows (the real
    # tables have no "*" prior-1996 mark: seeds/ptp has one)
    readf "$f" | awk -F'\t' 'NR > 6 && $5 == "*" { print; if (++n == 6) exit }' > "$out/ptp/real-$t-open"
    readf "$f" | awk -F'\t' 'NR > 6 && $6 == "9" { print; if (++n == 6) exit }' > "$out/ptp/real-$t-ind9"
done
awk -F'\t' -v OFS='\t' 'NR > 6 { sub(/\r$/, ""); d = ($5 == "*") ? "" : $5;
    print $1, $2, $4, d, $6, $7 "\r" }' "$ptp_excerpt" | head -n 12 > "$out/ptp/medicaid-rows"
{ head -n 6 "$ptp_excerpt"; cat "$out/ptp/medicaid-rows"; } > "$out/ptp/medicaid-with-preamble"
sed -n '7p' "$ptp_excerpt" > "$out/ptp/real-one-line"

# --- level2: the head of each fixed-width file (with and without the
# disclaimer block), a stretch with continuation records, the modifier
# section, the 2018 records with the shifted ASC date, the CSV export
for f in HCPC17_CONTR_ANWEB.txt HCPC2018_CONTR_ANWEB_disc.txt HCPC2019_CONTR_ANWEB.txt; do
    head -n 24 "$l2/$f" > "$out/level2/real-head-$f"
done
sed -n '530,545p' "$l2/HCPC2019_CONTR_ANWEB.txt" > "$out/level2/real-2019-continuations"
{ sed -n '1,8p' "$l2/HCPC2019_CONTR_ANWEB.txt"; sed -n '2000,2012p' "$l2/HCPC2019_CONTR_ANWEB.txt"; } \
    > "$out/level2/real-2019-preamble-mid"
grep -n -m1 '^C9488' "$l2/HCPC2018_CONTR_ANWEB_disc.txt" | cut -d: -f1 | while read -r ln; do
    sed -n "${ln},$((ln + 5))p" "$l2/HCPC2018_CONTR_ANWEB_disc.txt" > "$out/level2/real-2018-asc-shift"
done
awk 'substr($0, 11, 1) == "4" && substr($0, 1, 1) != " " { print NR; exit }' \
    "$l2/HCPC17_CONTR_ANWEB.txt" | while read -r ln; do
    sed -n "$((ln - 2)),$((ln + 6))p" "$l2/HCPC17_CONTR_ANWEB.txt" > "$out/level2/real-2017-short-continuations"
done
head -n 8 "$l2/HCPC2026_OCT_ANWEB.excerpt.csv" > "$out/level2/real-csv-head"
{ printf '\357\273\277'; head -n 4 "$l2/HCPC2026_OCT_ANWEB.excerpt.csv"; } > "$out/level2/real-csv-bom"
head -n 5 "$data/other/tuva-hcpcs-level2-2023.csv" > "$out/level2/real-tuva-not-l2"
head -n 10 "$ptp_excerpt" > "$out/level2/real-ptp-not-l2"

# --- class: the names hcpcs_classes() lists are checked in (seeds/class)
exit 0
