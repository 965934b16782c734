#!/usr/bin/env bash
# Prepare the real CMS data the tests read: copy what they need from the
# shared, read-only data directory into a fresh temporary directory that the
# PostgreSQL server (running as user postgres) can read, unpacking the
# gzipped files there.  Prints the directory's path.
#
#   scripts/test-data.sh [SOURCE_DIR]     (default: ../shared/data)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-${HCPCS_SHARED_DATA:-$top/../shared/data}}
if [ ! -d "$src/cms" ]; then
    echo "test-data.sh: no CMS data at $src (set HCPCS_SHARED_DATA)" >&2
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
