#!/usr/bin/env bash
# The main job on bundled data: install missing packages, build and install
# the extension, start a throwaway PostgreSQL cluster (pg_virtualenv), load
# the bundled CMS code lists, run the example queries of scripts/demo.sql
# and print their results.  The cluster is dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# the throwaway cluster must not inherit connection settings of another one
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE
bash scripts/deps.sh build
make -s 2>&1 | { grep -E 'warning|error' || true; }
make -s install >/dev/null
pg_virtualenv -v 15 psql -X -q -f scripts/demo.sql
