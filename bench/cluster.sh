#!/usr/bin/env bash
# Issue 12's benchmark: what a node costs. One PostgreSQL, then 1, 2 and 3 sciweek nodes behind
# nginx on loopback — the configuration of make cluster (scripts/cluster-nginx-conf.sh, the
# loopback form of deploy/nginx/sciweek.conf) — and for each node count, through nginx:
#   (1) public listing: wrk -t2 -cC on /api/v1/public/activities?campaign=&date=&limit=;
#   (2) durable reservations/s (bench/reserve_load.cpp): a fresh hot session, then spread over
#       the 1,000 sessions; the oversell check in SQL after each run.
# References in the same run: nginx serving the listing's bytes itself (static), one node
# without nginx in front, and the bare PostgreSQL transaction (bench/reserve_bare.cpp) with the
# load's connection count and with one node's worker count.
# This machine has 2 cores, so the figures say what a node and the proxy cost, not how the
# deployment scales: every node shares the cores with PostgreSQL, nginx and the load generator.
# Writes the "Several nodes (issue 12)" section of bench/RESULTS.md between its markers (the
# hand-written reading after the end marker is kept). Not a pass/fail test.
#
# Environment: SCIWEEK_BIN (default build/sciweek), BENCH_NODES ("1 2 3"), BENCH_SECONDS (10),
# BENCH_WRK_CONNS (64), BENCH_RESERVE_CONNS (64), BENCH_ACTIVITIES (200), BENCH_SESSIONS_PER (5),
# BENCH_CAMPAIGN (next year), BENCH_DATE (its 05-20), BENCH_LISTING_LIMIT (50), BENCH_DIR /
# BENCH_KEEP=1 (scratch), BENCH_RESULTS (bench/RESULTS.md), BENCH_TOOLS_DIR (build/bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
BIN=${SCIWEEK_BIN:-$repo/build/sciweek}
NODES=${BENCH_NODES:-1 2 3}
SECS=${BENCH_SECONDS:-10}
WRK_CONNS=${BENCH_WRK_CONNS:-64}
RCONNS=${BENCH_RESERVE_CONNS:-64}
ACTIVITIES=${BENCH_ACTIVITIES:-200}
SESSIONS_PER=${BENCH_SESSIONS_PER:-5}
CAMPAIGN=${BENCH_CAMPAIGN:-$(($(date +%Y) + 1))}
DATE=${BENCH_DATE:-$CAMPAIGN-05-20}
LIMIT=${BENCH_LISTING_LIMIT:-50}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}
TOOLS=${BENCH_TOOLS_DIR:-$repo/build/bench}
PASSWORD=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}
PY=/usr/bin/python3

BENCH_NAME=bench/cluster
# shellcheck source=bench/lib.sh
. "$here/lib.sh" # log, die, the tools, record, the oversell check, the runs
BARE_THREADS="$RCONNS $WORKERS"
BACKEND=postgres # the TSV's first column: every figure here is on PostgreSQL

make_scratch sciweek-cluster cluster.tsv
node_pids=()
pg_started=0
nginx_prefixes=()

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

stop_nginx() {
  local prefix
  for prefix in "${nginx_prefixes[@]}"; do
    [ -s "$prefix/nginx.pid" ] && kill -QUIT "$(cat "$prefix/nginx.pid")" 2>/dev/null || true
  done
  nginx_prefixes=()
  sleep 0.3
}

stop_nodes() {
  local p
  for p in "${node_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${node_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  node_pids=()
}

cleanup() {
  stop_nodes
  stop_nginx
  if [ "$pg_started" = 1 ]; then bash "$repo/scripts/stop-test-postgres.sh" "$PGDIR" || true; fi
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "$BENCH_NAME: scratch kept in $WORK" >&2; fi
}
trap cleanup EXIT

# --- nodes and nginx ------------------------------------------------------------------------------

# A data folder per node, as on separate machines (the uploads are in PostgreSQL); node 1 made
# the ticket and data keys on its first start and the others get a copy, as in make cluster.
NODE_PORTS=()
start_nodes() { # count
  local i port
  NODE_PORTS=()
  for i in $(seq 1 "$1"); do
    port=$(free_port)
    NODE_PORTS+=("$port")
    mkdir -p "$WORK/node-$i"
    if [ "$i" -gt 1 ] && [ ! -d "$WORK/node-$i/keys" ]; then cp -a "$WORK/node-1/keys" "$WORK/node-$i/keys"; fi
    "$BIN" --db "$URL" --log-level warn serve --listen "127.0.0.1:$port" --web-dir '' --data-dir "$WORK/node-$i" \
      --trust-proxy "${RATE_FLAGS[@]}" >>"$WORK/node-$i.log" 2>&1 &
    node_pids+=($!)
    wait_healthy "$port" "$i"
  done
}

wait_healthy() { # port node
  local _
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/healthz" 2>/dev/null && return 0
    sleep 0.1
  done
  tail -20 "$WORK/node-$2.log" >&2
  die "node $2 did not become healthy"
}

start_proxy() { # count → sets PORT to nginx's
  local prefix=$WORK/nginx-$1
  PORT=$(free_port)
  bash "$repo/scripts/cluster-nginx-conf.sh" "$prefix" "127.0.0.1:$PORT" "${NODE_PORTS[@]}" >"$prefix.conf"
  "$NGINX" -p "$prefix" -c "$prefix.conf" || die "nginx did not start"
  nginx_prefixes+=("$prefix")
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0; sleep 0.1; done
  die "nginx in front of $1 nodes does not answer"
}

# Every node's resident memory now and at its peak, in MB: "now/peak now/peak …".
node_memory() {
  local p out=""
  for p in "${node_pids[@]}"; do
    out+="$(awk '$1 == "VmRSS:" { r = $2 } $1 == "VmHWM:" { h = $2 } END { printf "%.0f/%.0f", r / 1024, h / 1024 }' "/proc/$p/status") "
  done
  echo "${out% }"
}

# --- the runs -------------------------------------------------------------------------------------

LISTING_PATH=""
listing_run() { # tag url
  wrk_run "$BACKEND" "$1" "$2$LISTING_PATH" "$WRK_CONNS"
}

# The listing through nginx and the reservations (a fresh hot session, then spread), for one
# deployment shape whose entry point is PORT.
measure() { # tag hot-session-file
  local tag=$1
  log "$tag: listing at $WRK_CONNS connections"
  listing_run "${tag}_listing" "http://127.0.0.1:$PORT"
  log "$tag: reservations, hot session, then spread ($RCONNS connections, ${SECS}s)"
  dsync_probe "$BACKEND" "${tag}_hot"
  load_run "$BACKEND" "$URL" "${tag}_hot" "$2" "$RCONNS" "$SECS"
  dsync_probe "$BACKEND" "${tag}_spread"
  load_run "$BACKEND" "$URL" "${tag}_spread" "$S/spread.txt" "$RCONNS" "$SECS"
  record "$BACKEND" "${tag}_node_mb" "$(node_memory)"
}

# --- the run --------------------------------------------------------------------------------------

t_start=$(date +%s)
record all started "$(date '+%Y-%m-%d %H:%M:%S %Z')"
record all loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record all commit "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
record all binary "$BIN"
record all seconds "$SECS"
record all nodes "$NODES"
record all wrk_conns "$WRK_CONNS"
record all reserve_conns "$RCONNS"
record all bare_threads "$BARE_THREADS"
record all workers "$WORKERS"
record all rate_flags "${RATE_FLAGS[*]}"
record all activities "$ACTIVITIES"
record all sessions_per "$SESSIONS_PER"
record all wrk_version "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)"
record all nginx_version "$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"

log "postgres: starting a throw-away server"
PGBASE=$(bash "$repo/scripts/start-test-postgres.sh" "$PGDIR")
pg_started=1
record all postgres_version "$(psql -X -A -t "$PGBASE" -c 'SHOW server_version' | cut -d' ' -f1)"
record all postgres_settings "$(psql -X -A -t -F= "$PGBASE" -c "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit','fsync','wal_sync_method','shared_buffers','max_connections') ORDER BY name" | tr '\n' ' ')"
psql -X -q -v ON_ERROR_STOP=1 "$PGBASE" -c "CREATE DATABASE cluster" >/dev/null
URL=${PGBASE%/*}/cluster
"$BIN" --db "$URL" --log-level warn migrate >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }
"$BIN" --db "$URL" --log-level warn demo --reference-only >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }

# One hot session per measured shape: each node count, one node without nginx, each bare run.
shapes=$(($(wc -w <<<"$NODES") + 1 + $(wc -w <<<"$BARE_THREADS")))
start_nodes 1
log "seeding $ACTIVITIES activities × $SESSIONS_PER sessions through node 1"
S=$WORK/seed
mkdir -p "$S"
out=$("$PY" "$here/seed_activities.py" "http://127.0.0.1:${NODE_PORTS[0]}" "$PASSWORD" "$S" --activities "$ACTIVITIES" \
  --sessions-per "$SESSIONS_PER" --campaign "$CAMPAIGN" --date "$DATE" --hot-count "$shapes") || die "seeding failed"
record_json "$BACKEND" seed "$out"
LISTING_PATH="/api/v1/public/activities?campaign=$CAMPAIGN&date=$DATE&limit=$LIMIT"
hot=1

# Reference 1: nginx serving the listing's bytes itself, with the node's Content-Type.
curl -sS -f -D "$WORK/listing.headers" -o "$WORK/listing.json" "http://127.0.0.1:${NODE_PORTS[0]}$LISTING_PATH" ||
  die "GET $LISTING_PATH failed"
record "$BACKEND" listing_bytes "$(stat -c %s "$WORK/listing.json")"
record "$BACKEND" listing_path "$LISTING_PATH"
ctype=$(awk -F': ' 'tolower($1) == "content-type" { sub(/\r$/, "", $2); print $2 }' "$WORK/listing.headers")
static_port=$(free_port)
mkdir -p "$WORK/static/logs"
cat >"$WORK/static.conf" <<EOF
worker_processes auto;
pid $WORK/static/nginx.pid;
error_log $WORK/static/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path $WORK/static/tmp;
  server {
    listen 127.0.0.1:$static_port;
    location = /api/v1/public/activities { types { } default_type "$ctype"; alias $WORK/listing.json; }
  }
}
EOF
"$NGINX" -p "$WORK/static" -c "$WORK/static.conf" || die "static nginx did not start"
nginx_prefixes+=("$WORK/static")
sleep 0.3
log "reference: nginx serving the same bytes"
listing_run static_listing "http://127.0.0.1:$static_port"
stop_nginx

# Reference 2: one node, no proxy in front.
PORT=${NODE_PORTS[0]}
measure direct "$S/hot-$hot.txt"
hot=$((hot + 1))
stop_nodes

for n in $NODES; do
  log "== $n node(s) behind nginx"
  start_nodes "$n"
  start_proxy "$n"
  measure "nodes$n" "$S/hot-$hot.txt"
  hot=$((hot + 1))
  stop_nginx
  stop_nodes
done

# Reference 3: the bare transaction on the same database, nothing else running.
for t in $BARE_THREADS; do
  log "bare PostgreSQL, $t connections: hot, then spread"
  dsync_probe "$BACKEND" "bare_hot_t$t"
  bare_run "$BACKEND" "$URL" "bare_hot_t$t" "$S/hot-$hot.txt" "$t"
  hot=$((hot + 1))
  dsync_probe "$BACKEND" "bare_spread_t$t"
  bare_run "$BACKEND" "$URL" "bare_spread_t$t" "$S/spread.txt" "$t"
done

record all loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
record all wall_s "$(($(date +%s) - t_start))"
"$PY" "$here/cluster_report.py" "$TSV" "$RESULTS"
