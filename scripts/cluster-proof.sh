#!/usr/bin/env bash
# make cluster-proof: the several-node deployment proved end to end on loopback (issue 12) —
# a fresh PostgreSQL, three nodes with their own data folders, nginx in front, then the
# checks of scripts/cluster_proof.py (one PASS/FAIL line each; exit 1 if any fails).
# About 2 minutes; everything is stopped and removed at the end, also on Ctrl-C.
#   SCIWEEK_BIN   the server binary (default build/sciweek)
#   SCIWEEK_WEB   the built front end (default web/dist)
#   extra arguments go to the driver (--keep: leave the temporary folder with the logs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export SCIWEEK_BIN=${SCIWEEK_BIN:-build/sciweek}
export SCIWEEK_WEB=${SCIWEEK_WEB:-web/dist}

# nginx, as for make cluster (RUNLEVEL=1: the package must not start a system nginx on :80).
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "cluster-proof: installing nginx-light" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
fi
export PATH="$PATH:/usr/sbin"

exec python3 "$root/scripts/cluster_proof.py" "$@"
