#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 server for the tests: a fresh cluster in DIR, owned by
# the postgres user (initdb and pg_ctl refuse to run as root), listening only on
# 127.0.0.1 at a free port, its socket inside DIR. Prints the connection URL and writes it
# to DIR/url. Stop it with scripts/stop-test-postgres.sh DIR.
set -euo pipefail
dir=${1:?usage: start-test-postgres.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "start-test-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
chmod 700 "$dir"
# The parent folders must be traversable by the postgres user.
p="$dir"; while [ "$p" != "/" ]; do p=$(dirname "$p"); [ "$(id -u)" -eq 0 ] && chmod o+x "$p" 2>/dev/null || true; done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Durability stays on (fsync) so the crash tests mean something; the cluster is small.
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=64MB" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
url="postgresql://postgres@127.0.0.1:$port/postgres"
echo "$url" >"$dir/url"
echo "$url"
