#!/usr/bin/env bash
# Install the Debian packages a task needs, if they are missing.
#   scripts/deps.sh build   - compile and install the extension (PGXS)
#   scripts/deps.sh test    - plus TAP tests and the C-level tests
#   scripts/deps.sh bench   - plus what the benchmarks need (gnuplot)
# Runs apt-get only when something is missing, so it is quick on a ready
# machine.  Needs root (or sudo) to install.
set -euo pipefail

want=(postgresql-15 postgresql-server-dev-15 postgresql-client-15 make gcc)
for group in "$@"; do
    case "$group" in
        build) ;;
        test) want+=(libipc-run-perl clang libclang-rt-14-dev llvm-14) ;;
        bench) want+=(gnuplot-nox) ;;
        *) echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
