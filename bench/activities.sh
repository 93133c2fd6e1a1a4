#!/usr/bin/env bash
# Issue 5's benchmark: the public calendar and reservations, on SQLite and PostgreSQL in one run.
# Called from bench/run.sh (so `make bench` runs it) or alone: `bash bench/activities.sh`.
#
# For each database: a fresh database, `sciweek demo`, then through the HTTP API as an organizer
# (bench/seed_activities.py): BENCH_ACTIVITIES approved activities on BENCH_DATE with
# BENCH_SESSIONS_PER sessions each (the "spread" sessions, 1,000 by default), a hot session of
# 100,000 places (the API's cap per session; raised in the database before its run) for each hot run, and one sell-out session of 500. Then, with the server's per-IP and per-phone
# reservation limits lifted:
#   (1) public listing: wrk -t2 -cC -dS --latency on /api/v1/public/activities?campaign=&date=
#       for C in BENCH_WRK_CONNS (64 512), beside nginx serving the same bytes (saved once, same
#       Content-Type) from two servers, one sending with sendfile, one copying through a buffer
#       (the faster of the two in each round is the reference), wrk'd identically (first backend only unless
#       BENCH_LISTING_BACKENDS says otherwise: the listing comes from memory, not the database);
#   (2) durable reservations/s through the server (bench/reserve_load.cpp, BENCH_RESERVE_CONNS
#       keep-alive connections, unique valid phones, party size 1): the hot session, then spread
#       over the 1,000 sessions, then the 500-place session sold out (exactly 500 must succeed);
#   (3) the bare database doing the same transaction (bench/reserve_bare.cpp) with the same
#       concurrency and with the server's worker count, on the same database once the server
#       is stopped;
#   (2) and (3) alternate, and the whole round is repeated BENCH_REPEATS times (2), as is
#   each server-then-nginx pair of (1): on this shared VM one reference run differs from the
#   next by up to a tenth (and a p99 by up to tenfold), so the tables show every run of every
#   row, and its ratio of their means;
#   after every write run, the oversell check in SQL: per session taken <= capacity and
#   taken = SUM(party_size) of its confirmed + checked_in + offered reservations, and the rows
#   added = the 201s counted.
# Every speed figure is a ratio to a reference measured in the same run; nothing here passes or
# fails on speed. Writes the "Activities (issue 5)" section of bench/RESULTS.md (between its
# markers; the hand-written reading after the end marker is kept).
#
# Environment: SCIWEEK_BIN (default build/sciweek), BENCH_BACKENDS ("sqlite postgres"),
# BENCH_SECONDS (10), BENCH_WRK_CONNS ("64 512"), BENCH_RESERVE_CONNS (64), BENCH_BARE_THREADS
# (default: BENCH_RESERVE_CONNS, the server's worker count, and BENCH_RESERVE_CONNS threads through
# one group-commit writer, "64g256"), BENCH_REPEATS (2), BENCH_ACTIVITIES (200),
# BENCH_SESSIONS_PER (5), BENCH_CAMPAIGN (next year), BENCH_DATE (its 05-20), BENCH_LISTING_LIMIT
# (50), BENCH_LISTING_BACKENDS (first backend), BENCH_SERVE_ARGS (extra serve flags),
# BENCH_DIR / BENCH_KEEP=1 (scratch), BENCH_RESULTS (bench/RESULTS.md), BENCH_TOOLS_DIR (where
# the two C++ tools are built, default build/bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
BIN=${SCIWEEK_BIN:-$repo/build/sciweek}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
SECS=${BENCH_SECONDS:-10}
REPEATS=${BENCH_REPEATS:-2}
WRK_CONNS=${BENCH_WRK_CONNS:-64 512}
RCONNS=${BENCH_RESERVE_CONNS:-64}
ACTIVITIES=${BENCH_ACTIVITIES:-200}
SESSIONS_PER=${BENCH_SESSIONS_PER:-5}
# Next year's campaign (created and opened by the seeder): reservations need sessions not yet over.
CAMPAIGN=${BENCH_CAMPAIGN:-$(( $(date +%Y) + 1 ))}
DATE=${BENCH_DATE:-$CAMPAIGN-05-20}
LIMIT=${BENCH_LISTING_LIMIT:-50}
LISTING_BACKENDS=${BENCH_LISTING_BACKENDS:-${BACKENDS%% *}}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}
TOOLS=${BENCH_TOOLS_DIR:-$repo/build/bench}
PASSWORD=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}
METRICS_TOKEN=bench-metrics-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')  # /metrics is not public
PY=/usr/bin/python3

BENCH_NAME=bench/activities
# shellcheck source=bench/lib.sh
. "$here/lib.sh"  # log, die, the tools, record, the oversell check, the runs

# --- scratch, results, cleanup --------------------------------------------------------------------

make_scratch sciweek-act activities.tsv
server_pid=""
pg_started=0
nginx_started=0

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "$nginx_started" = 1 ] && [ -s "$WORK/nginx/nginx.pid" ]; then kill -QUIT "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true; fi
  if [ "$pg_started" = 1 ]; then bash "$repo/scripts/stop-test-postgres.sh" "$PGDIR" || true; fi
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "bench/activities: scratch kept in $WORK" >&2; fi
}
trap cleanup EXIT


# --- databases ------------------------------------------------------------------------------------

db_url() {
  if [ "$1" = sqlite ]; then echo "sqlite:$WORK/act.db"; else echo "${PGBASE%/*}/act"; fi
}


# Each bare run: T threads on a connection each, or TgN: T threads handing their transactions to
# one writer that commits up to N at once (the engine at its best, issue 13's reference).
BARE_THREADS=${BENCH_BARE_THREADS:-$RCONNS $WORKERS ${RCONNS}g256}

start_server() {  # backend url
  local i
  rm -f "$WORK/port"
  # shellcheck disable=SC2086
  SCIWEEK_METRICS_TOKEN=$METRICS_TOKEN "$BIN" --db "$2" --log-level warn serve --listen 127.0.0.1:0 --port-file "$WORK/port" --web-dir '' \
    --data-dir "$WORK/data-$1" "${RATE_FLAGS[@]}" ${BENCH_SERVE_ARGS:-} >>"$WORK/server-$1.log" 2>&1 &
  server_pid=$!
  for i in $(seq 1 600); do
    [ -s "$WORK/port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/server-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  PORT=$(cat "$WORK/port")
  BASE="http://127.0.0.1:$PORT"
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# --- listing: the server beside nginx serving the same bytes --------------------------------------


free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# One nginx server block serving the saved answers: port, how it sends files, Content-Type.
nginx_server() {
  cat <<EOF
  server {
    listen 127.0.0.1:$1;
    $2
    location = /api/v1/public/activities {
      types { }
      default_type "$3";
      alias $WORK/listing.json;
    }
    # The other shapes' bytes, one location each (nginx matches the path, not the query).
    location = /shape/shape-gzip.json {
      types { }
      default_type "$3";
      add_header Content-Encoding gzip;
      add_header Vary Accept-Encoding;
      alias $WORK/shape-gzip.json;
    }
    location /shape/ {
      types { }
      default_type "$3";
      alias $WORK/;
    }
    # The load generator's own ceiling: nginx answering every reservation 201 at once.
    location /api/v1/public/sessions/ {
      default_type "$3";
      return 201 '{"status":"confirmed"}';
    }
  }
EOF
}

# The request header a listing shape is asked with, if any.
shape_header() { if [ "$1" = gzip ]; then echo "Accept-Encoding: gzip"; fi; }

bench_listing() {  # backend
  local backend=$1 path ctype nport items
  path="/api/v1/public/activities?campaign=$CAMPAIGN&date=$DATE&limit=$LIMIT"
  curl -sS -f -D "$WORK/listing.headers" -o "$WORK/listing.json" "$BASE$path" || die "GET $path failed"
  ctype=$(awk -F': ' 'tolower($1) == "content-type" { sub(/\r$/, "", $2); print $2 }' "$WORK/listing.headers")
  items=$("$PY" -c 'import json,sys; d = json.load(open(sys.argv[1])); print(len(d["items"]), d["total"])' "$WORK/listing.json")
  record "$backend" listing_bytes "$(stat -c %s "$WORK/listing.json")"
  record "$backend" listing_items "$items"
  record "$backend" listing_content_type "$ctype"
  record "$backend" listing_path "$path"
  record "$backend" listing_headers "$(tr -d '\r' <"$WORK/listing.headers" | grep -v -i -E '^(HTTP/|date:|$)' | tr '\n' ';')"
  gz=$(curl -sS -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$BASE$path")
  record "$backend" listing_gzip_bytes "$gz"

  # Every other shape a visitor can ask for, each beside nginx serving its bytes (issue 13):
  # the whole campaign (no date), one district, a keyword, a later page, one activity's detail.
  # The district, keyword and activity are taken from the first listed item.
  local shapes shape spath hdr
  shapes=$("$PY" - "$WORK/listing.json" "$CAMPAIGN" "$LIMIT" <<'PYEOF'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1])); c, limit = sys.argv[2], sys.argv[3]
first = d["items"][0]
word = urllib.parse.quote(first["title"][:2])
base = f"/api/v1/public/activities?campaign={c}"
print(f"all {base}&limit={limit}")
print(f"district {base}&district={first['district']['code']}&limit={limit}")
print(f"keyword {base}&q={word}&limit={limit}")
print(f"page3 {base}&limit={limit}&offset={2 * int(limit)}")
print(f"detail /api/v1/public/activities/{first['id']}")
PYEOF
) || die "could not derive the listing shapes"
  # And the day's page as every browser asks for it, gzipped (nginx sends the same gzip bytes).
  shapes+=$'\n'"gzip $path"
  SHAPES=()
  while read -r shape spath; do
    hdr=$(shape_header "$shape")
    curl -sS -f ${hdr:+-H "$hdr"} -o "$WORK/shape-$shape.json" "$BASE$spath" || die "GET $spath failed"
    record "$backend" "shape_${shape}_path" "$spath${hdr:+ ($hdr)}"
    record "$backend" "shape_${shape}_bytes" "$(stat -c %s "$WORK/shape-$shape.json")"
    SHAPES+=("$shape $spath")
  done <<<"$shapes"

  # nginx: two workers (the server has two I/O threads), no access log (the server logs at warn),
  # keep-alive without a request cap (nginx's default closes every 1,000 requests), open files
  # cached, the saved bytes with the server's Content-Type. Two servers, because neither way of
  # sending a file is nginx at its best on every size (measured on this VM, 2026-12-06): sendfile
  # with tcp_nopush (head and file in one segment) leads on the 27-KB pages, copying through a
  # buffer (sendfile off: one writev) leads on the 2-KB ones by half. Each pair runs against both
  # and the faster one in that round is the reference. Its workers are pinned one to a CPU
  # (worker_cpu_affinity auto), as the server pins its I/O threads (decision 0034): pinned,
  # nginx read 146-186k req/s on the 27-KB page against 139-148k unpinned (2026-12-06).
  mkdir -p "$WORK/nginx"
  nport=$(free_port)
  cport=$(free_port)
  while [ "$cport" = "$nport" ]; do cport=$(free_port); done
  {
    cat <<EOF
user root;
worker_processes 2;
worker_cpu_affinity auto;
daemon on;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 65;
  tcp_nodelay on;
  open_file_cache max=64 inactive=600s;
  open_file_cache_valid 600s;
  client_body_temp_path $WORK/nginx/tmp;
EOF
    nginx_server "$nport" "sendfile on; tcp_nopush on;" "$ctype"
    nginx_server "$cport" "sendfile off;" "$ctype"
    echo "}"
  } >"$WORK/nginx/nginx.conf"
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" || die "nginx did not start"
  nginx_started=1
  sleep 0.3
  local port
  for port in "$nport" "$cport"; do
    curl -sS -f -o "$WORK/listing-nginx.json" "http://127.0.0.1:$port$path" || die "nginx did not serve the listing"
    cmp -s "$WORK/listing.json" "$WORK/listing-nginx.json" || die "nginx serves other bytes than the server"
  done
  record "$backend" nginx_same_bytes yes

  # Each nginx comparison runs BENCH_REPEATS times, as the reservation rounds do (a repeat's tags
  # end in _r2, _r3…): one run's p99 on this shared VM can jump tenfold with the machine's load.
  local first rep sfx
  first=$(echo "$WRK_CONNS" | cut -d' ' -f1)
  record "$backend" shape_conns "$first"
  for entry in "${SHAPES[@]}"; do
    read -r shape spath <<<"$entry"
    for port in "$nport" "$cport"; do
      curl -sS -f -o "$WORK/shape-$shape-nginx.json" "http://127.0.0.1:$port/shape/shape-$shape.json" ||
        die "nginx did not serve shape $shape"
      cmp -s "$WORK/shape-$shape.json" "$WORK/shape-$shape-nginx.json" || die "nginx serves other bytes for $shape"
    done
  done
  for rep in $(seq 1 "$REPEATS"); do
    sfx=""
    [ "$rep" = 1 ] || sfx="_r$rep"
    for c in $WRK_CONNS; do
      log "$backend: listing at $c connections (server, then nginx with sendfile, then copying), round $rep of $REPEATS"
      wrk_run "$backend" "server_c$c$sfx" "$BASE$path" "$c"
      wrk_run "$backend" "nginx_c$c$sfx" "http://127.0.0.1:$nport$path" "$c"
      wrk_run "$backend" "nginxcopy_c$c$sfx" "http://127.0.0.1:$cport$path" "$c"
    done
    for entry in "${SHAPES[@]}"; do
      read -r shape spath <<<"$entry"
      log "$backend: shape $shape at $first connections (server, then nginx with sendfile, then copying), round $rep of $REPEATS"
      wrk_run "$backend" "shape_${shape}_server$sfx" "$BASE$spath" "$first" "$(shape_header "$shape")"
      for port in "$nport" "$cport"; do
        wrk_run "$backend" "shape_${shape}_nginx$([ "$port" = "$cport" ] && echo copy)$sfx" \
          "http://127.0.0.1:$port/shape/shape-$shape.json" "$first" "$(shape_header "$shape")"
      done
    done
  done
  log "$backend: reserve_load against nginx answering 201 (the generator's ceiling)"
  out=$("$TOOLS/reserve_load" --port "$nport" --connections "$RCONNS" --seconds "$SECS" --sessions 1 \
    2>>"$WORK/load-$backend.log") || die "reserve_load failed against nginx"
  record_json "$backend" nginx_load "$out"
  log "  $(summary "$out" nginx_load)"
  # Revalidation: the same request with the ETag answers 304 with no body.
  etag=$(awk -F': ' 'tolower($1) == "etag" { sub(/\r$/, "", $2); print $2 }' "$WORK/listing.headers")
  if [ -n "$etag" ]; then
    record "$backend" listing_304_status "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$BASE$path")"
  fi
  kill -QUIT "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  nginx_started=0
}

# --- reservations ---------------------------------------------------------------------------------

# --- one database ---------------------------------------------------------------------------------

bench_backend() {
  local backend=$1 url sold capacity
  url=$(db_url "$backend")
  log "$backend: fresh database, demo data"
  if [ "$backend" = postgres ]; then psql -X -q -v ON_ERROR_STOP=1 "$PGBASE" -c "CREATE DATABASE act" >/dev/null; fi
  "$BIN" --db "$url" --log-level warn migrate >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }
  "$BIN" --db "$url" --log-level warn demo --reference-only >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }
  start_server "$backend" "$url"
  log "$backend: seeding $ACTIVITIES activities × $SESSIONS_PER sessions through the API"
  mkdir -p "$WORK/seed-$backend"
  out=$("$PY" "$here/seed_activities.py" "$BASE" "$PASSWORD" "$WORK/seed-$backend" --activities "$ACTIVITIES" \
    --sessions-per "$SESSIONS_PER" --campaign "$CAMPAIGN" --date "$DATE" \
    --hot-count $(( (1 + $(wc -w <<<"$BARE_THREADS")) * REPEATS )) ) || die "seeding failed"
  record_json "$backend" seed "$out"
  S=$WORK/seed-$backend

  if [[ " $LISTING_BACKENDS " == *" $backend "* ]]; then bench_listing "$backend"; fi

  # Server and bare runs alternate kind by kind, each after a probe of the disk's sync latency:
  # on this shared VM it moves between ≈1 and 7 ms within minutes, and it bounds every figure.
  # The round repeats BENCH_REPEATS times; a repeat's tags end in _r2, _r3….
  # Each hot run gets its own fresh session (hot-N, numbered in run order): a fast run must not
  # sell out the next one's.
  for kind in hot spread; do
    local n=0 rep sfx
    f() { if [ "$kind" = hot ]; then echo "$S/hot-$n.txt"; else echo "$S/spread.txt"; fi; }
    # The API caps a session at 100,000 places, which a fast server and a group-commit writer
    # both sell out inside the window: every hot run's own session gets more straight in the
    # database (the server reads capacity there at each take).
    next_session() {
      n=$((n + 1))
      if [ "$kind" = hot ]; then sql_value "$backend" "$url" "UPDATE sessions SET capacity = 10000000 WHERE id = $(cat "$(f)")" >/dev/null; fi
    }
    for rep in $(seq 1 "$REPEATS"); do
      sfx=""
      [ "$rep" = 1 ] || sfx="_r$rep"
      log "$backend: $kind, round $rep of $REPEATS — through the server ($RCONNS connections, ${SECS}s), then the bare transaction"
      next_session
      dsync_probe "$backend" "server_$kind$sfx"
      load_run "$backend" "$url" "server_$kind$sfx" "$(f)" "$RCONNS" "$SECS"
      stop_server
      for t in $BARE_THREADS; do
        next_session
        dsync_probe "$backend" "bare_${kind}_t$t$sfx"
        bare_run "$backend" "$url" "bare_${kind}_t$t$sfx" "$(f)" "$t"
      done
      start_server "$backend" "$url"
    done
  done
  # Sell-out: many more requests than places; exactly `capacity` may succeed.
  load_run "$backend" "$url" server_sellout "$S/sellout.txt" "$RCONNS" 5 0
  IFS='|' read -r sold capacity <<<"$(sql_value "$backend" "$url" "SELECT taken, capacity FROM sessions WHERE id = $(cat "$S/sellout.txt")")"
  record "$backend" sellout_taken "$sold"
  record "$backend" sellout_capacity "$capacity"
  curl -sS -H "Authorization: Bearer $METRICS_TOKEN" -o "$WORK/metrics-$backend.txt" "$BASE/metrics" || true
  record "$backend" server_rss_kb "$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$server_pid/status")"
  stop_server
}

# --- the run --------------------------------------------------------------------------------------

t_start=$(date +%s)
record all started "$(date '+%Y-%m-%d %H:%M:%S %Z')"
record all loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record all binary "$BIN"
record all commit "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
record all seconds "$SECS"
record all reserve_conns "$RCONNS"
record all bare_threads "$BARE_THREADS"
record all repeats "$REPEATS"
record all workers "$WORKERS"
record all rate_flags "${RATE_FLAGS[*]:-none (serve has no such flags: limits not lifted)}"
record all serve_args "${BENCH_SERVE_ARGS:-}"
record all activities "$ACTIVITIES"
record all sessions_per "$SESSIONS_PER"
record all sqlite_version "$(sqlite3 --version | cut -d' ' -f1)"
record all wrk_version "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)"
record all nginx_version "$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"
dsync_probe all start

for backend in $BACKENDS; do
  if [ "$backend" = postgres ]; then
    log "postgres: starting a throw-away server"
    PGBASE=$(bash "$repo/scripts/start-test-postgres.sh" "$PGDIR")
    pg_started=1
    record all postgres_version "$(psql -X -A -t "$PGBASE" -c 'SHOW server_version' | cut -d' ' -f1)"
    record all postgres_settings "$(psql -X -A -t -F= "$PGBASE" -c "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit','fsync','wal_sync_method','commit_delay','shared_buffers','max_connections') ORDER BY name" | tr '\n' ' ')"
  fi
  bench_backend "$backend"
  if [ "$backend" = postgres ]; then
    bash "$repo/scripts/stop-test-postgres.sh" "$PGDIR"
    pg_started=0
  fi
done
record all loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
record all wall_s "$(( $(date +%s) - t_start ))"

"$PY" "$here/activities_report.py" "$TSV" "$RESULTS"
