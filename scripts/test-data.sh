#!/usr/bin/env bash
# Prepare the real CMS data the tests read: copy what they need from the
# shared, read-only data directory into a fresh temporary directory that the
# PostgreSQL server (running as user postgres) can read, unpacking the
# gzipped files there.  Prints the directory's path.
#
#   scripts/test-data.sh [SOURCE_DIR]
# SOURCE_DIR defaults to $HCPCS_SHARED_DATA, else ../shared/data next to
# this checkout, else /work/shared/data.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-${HCPCS_SHARED_DATA:-}}
if [ -z "$src" ]; then
    for cand in "$top/../shared/data" /work/shared/data; do
        if [ -d "$cand/cms" ]; then src=$cand; break; fi
    done
fi
if [ -z "$src" ] || [ ! -d "$src/cms" ]; then
    echo "test-data.sh: no CMS data found (set HCPCS_SHARED_DATA to the shared data directory)" >&2
    exit 1
fi
dst=$(mktemp -d /tmp/hcpcs-data.XXXXXX)
mkdir -p "$dst/cms"
cp -r "$src/cms/codes" "$src/cms/hcpcs-level2" "$src/cms/ncci" "$dst/cms/"
[ -d "$src/other" ] && cp -r "$src/other" "$dst/"
for gz in "$dst"/cms/ncci/*.gz; do
    [ -e "$gz" ] && gunzip -f "$gz"
done
chmod -R u+w,a+rX "$dst"
echo "$dst"
