#!/usr/bin/env bash
# Stops the server started by start-test-postgres.sh DIR and removes DIR.
set -uo pipefail
dir=${1:?usage: stop-test-postgres.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -d "$dir/data" ]; then
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  else "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1; fi
fi
rm -rf "$dir"
