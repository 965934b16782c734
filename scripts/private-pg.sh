#!/usr/bin/env bash
# Make a private, relocated copy of the PostgreSQL 15 installation, so that a
# build of the extension (a sanitizer build, a build of another commit) can be
# installed and run without touching the system's extension directory.
#
#   scripts/private-pg.sh DIR      -> prints DIR/usr/lib/postgresql/15/bin
#
# PostgreSQL finds its share and lib directories relative to its own binaries,
# so a copy of /usr/lib/postgresql/15, /usr/share/postgresql/15 and the server
# headers under one prefix is a complete installation.  Then:
#
#   make PG_CONFIG=DIR/usr/lib/postgresql/15/bin/pg_config install
#   PATH=DIR/usr/lib/postgresql/15/bin:$PATH  initdb / pg_ctl / pg_regress ...
#
# Any hcpcs files already in the copy are removed, so the copy holds only what
# is installed into it afterwards.
set -euo pipefail

dir=${1:?usage: scripts/private-pg.sh DIR}
ver=15
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac

rm -rf "$dir"
mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql" "$dir/usr/include"
cp -a "/usr/lib/postgresql/$ver" "$dir/usr/lib/postgresql/"
cp -a "/usr/share/postgresql/$ver" "$dir/usr/share/postgresql/"
cp -a /usr/include/postgresql "$dir/usr/include/"
rm -f "$dir/usr/share/postgresql/$ver/extension/hcpcs"* "$dir/usr/lib/postgresql/$ver/lib/hcpcs.so"
rm -rf "$dir/usr/lib/postgresql/$ver/lib/bitcode/hcpcs"*
# The server runs as an ordinary user and must read everything.
chmod -R a+rX "$dir"
echo "$dir/usr/lib/postgresql/$ver/bin"
