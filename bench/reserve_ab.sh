#!/usr/bin/env bash
# reserve_ab.sh A B — two server binaries side by side on durable reservations spread over
# the 1,000 sessions: each gets a twin database (of one throw-away PostgreSQL, or a SQLite file
# of its own), seeded alike through its own API, then the runs alternate A, B, A, B… (BENCH_ROUNDS, 5) so
# the VM's drift falls on both. Each run prints reservations/s, p50/p99, and the CPU each
# reservation cost the server and PostgreSQL (every postgres process, and the backends the
# postmaster reaped, from /proc): on this shared VM one run's throughput moves by a quarter,
# its CPU per reservation much less, so a change's effect shows there first.
#
#   bash bench/reserve_ab.sh /tmp/sciweek-before build/sciweek
#
# Environment: BENCH_SHAPE (spread: over the 1,000 sessions; hot: one session of 100,000
# places, a fresh one each round), BENCH_DB (postgres or sqlite; with sqlite the PostgreSQL
# column reads 0), BENCH_ROUNDS (5), BENCH_SECONDS (10), BENCH_RESERVE_CONNS (64),
# BENCH_DIR (scratch, default a temporary folder), BENCH_KEEP=1 (leave PostgreSQL running).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
[ $# -eq 2 ] || { echo "usage: reserve_ab.sh BINARY_A BINARY_B" >&2; exit 2; }
BIN=$(realpath "$1")
BIN_B=$(realpath "$2")
PY=python3
TOOLS=${BENCH_TOOLS_DIR:-$repo/build/bench}
BENCH_NAME=bench/reserve_ab
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
[ -x "$BIN_B" ] || die "$BIN_B not found"
ROUNDS=${BENCH_ROUNDS:-5}
SHAPE=${BENCH_SHAPE:-spread}
DB_KIND=${BENCH_DB:-postgres}
case "$DB_KIND" in postgres | sqlite) ;; *) die "BENCH_DB must be postgres or sqlite" ;; esac
case "$SHAPE" in spread | hot) ;; *) die "BENCH_SHAPE must be spread or hot" ;; esac
SECS=${BENCH_SECONDS:-10}
RCONNS=${BENCH_RESERVE_CONNS:-64}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/sciweek-ab.XXXXXX)}
mkdir -p "$WORK"
PASSWORD=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}
CAMPAIGN=$(( $(date +%Y) + 1 ))
declare -A BINS=([a]=$BIN [b]=$BIN_B)

PG=""
[ "$DB_KIND" = sqlite ] || PG=$(bash "$repo/scripts/start-test-postgres.sh" "$WORK/pg")
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -z "$PG" ] || [ -n "${BENCH_KEEP:-}" ] || bash "$repo/scripts/stop-test-postgres.sh" "$WORK/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT
db_of() { [ "$DB_KIND" = sqlite ] && echo "sqlite:$WORK/ab_$1.db" || echo "${PG%/*}/ab_$1"; }

cpu_postgres() {  # clock ticks so far: every postgres process, and the children the postmaster reaped
  [ -n "$PG" ] || { echo 0; return; }
  local t=0 p postmaster
  postmaster=$(head -n 1 "$WORK/pg/data/postmaster.pid")
  for p in $(pgrep -x postgres); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo $((t + $(awk '{ print $16 + $17 }' "/proc/$postmaster/stat")))
}
cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
start() {  # a|b
  rm -f "$WORK/port"
  "${BINS[$1]}" --db "$(db_of "$1")" --log-level warn serve --listen 127.0.0.1:0 --port-file "$WORK/port" \
    --web-dir '' --data-dir "$WORK/data-$1" "${RATE_FLAGS[@]}" >>"$WORK/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || die "server $1 did not start: $(tail -3 "$WORK/server-$1.log")"
  PORT=$(cat "$WORK/port")
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

for x in a b; do
  log "$x: ${BINS[$x]} — fresh database, seeded through its API"
  [ "$DB_KIND" = sqlite ] || psql -X -q -v ON_ERROR_STOP=1 "$PG" -c "CREATE DATABASE ab_$x" >/dev/null
  "${BINS[$x]}" --db "$(db_of "$x")" --log-level warn migrate >"$WORK/setup.log" 2>&1 || die "migrate: $(tail -3 "$WORK/setup.log")"
  "${BINS[$x]}" --db "$(db_of "$x")" --log-level warn demo --reference-only >"$WORK/setup.log" 2>&1 || die "demo failed"
  start "$x"
  mkdir -p "$WORK/seed-$x"
  "$PY" "$here/seed_activities.py" "http://127.0.0.1:$PORT" "$PASSWORD" "$WORK/seed-$x" --activities 200 \
    --sessions-per 5 --campaign "$CAMPAIGN" --date "$CAMPAIGN-05-20" --hot-count "$ROUNDS" >/dev/null || die "seeding failed"
  stop
  # The API caps a session at 100,000 places, which a fast round sells out: more, in the database.
  hot_ids=$(cat "$WORK/seed-$x"/hot-*.txt | paste -sd,)
  raise="UPDATE sessions SET capacity = 10000000 WHERE id IN ($hot_ids)"
  if [ "$DB_KIND" = sqlite ]; then sqlite3 "$WORK/ab_$x.db" "$raise"; else psql -X -q -v ON_ERROR_STOP=1 "${PG%/*}/ab_$x" -c "$raise" >/dev/null; fi
done

phone=13000000000
for round in $(seq 1 "$ROUNDS"); do
  for x in a b; do
    start "$x"
    sleep 1
    p0=$(cpu_postgres); s0=$(cpu_of "$server_pid")
    out=$("$TOOLS/reserve_load" --port "$PORT" --connections "$RCONNS" --seconds "$SECS" --warmup 0 \
      --sessions-file "$WORK/seed-$x/$([ "$SHAPE" = hot ] && echo "hot-$round" || echo spread).txt" --phone-start "$phone" 2>>"$WORK/load.log") || die "reserve_load failed"
    s1=$(cpu_of "$server_pid"); p1=$(cpu_postgres)
    stop
    phone=$((phone + 1000000))
    "$PY" - "$round" "$x" "$out" $((s1 - s0)) $((p1 - p0)) "$(getconf CLK_TCK)" <<'PY'
import json, sys
rnd, x, out, server, pg, hz = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
n = out["created"] + out.get("late_created", 0)  # every reservation the CPU paid for
us = lambda ticks: ticks * 1e6 / hz / max(n, 1)
print(f"round {rnd} {x}: {out['created_per_s']:,.0f}/s  p50 {out['p50_ms']:.1f} ms  p99 {out['p99_ms']:.1f} ms  "
      f"other {out['other']}  CPU a reservation: server {us(server):.0f} µs, PostgreSQL {us(pg):.0f} µs")
PY
  done
done
