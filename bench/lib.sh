#!/usr/bin/env bash
# What the benchmarks share (sourced, not run): logging, the tools they install and build, the
# TSV of results, the oversell check, the serve flags that lift the reservation limits, wrk and
# the reservation runs. Used by bench/activities.sh (issue 5) and bench/cluster.sh (issue 12).
# The caller sets BIN, here, repo, PY, TOOLS, BENCH_NAME and, before using the run functions,
# WORK, TSV, SECS, DATE and PORT (where reserve_load sends its requests).
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "$BENCH_NAME: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN not found (make build, or set SCIWEEK_BIN)"

# --- tools: wrk and nginx are the bench's own, installed here (not by make test) ------------------

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  # RUNLEVEL=1: the package's init script must not start a system nginx on port 80.
  $SUDO env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in sqlite3 psql curl g++ wrk; do command -v "$tool" >/dev/null || die "$tool is missing"; done

# The two C++ tools, rebuilt only when their source changed (≈15 s for the Beast one).
mkdir -p "$TOOLS"
build_tool() {  # name extra-flags…
  local name=$1; shift
  if [ ! -x "$TOOLS/$name" ] || [ "$here/$name.cpp" -nt "$TOOLS/$name" ]; then
    log "building $name"
    g++ -std=c++20 -O2 -pthread -o "$TOOLS/$name.tmp" "$here/$name.cpp" "$@" && mv "$TOOLS/$name.tmp" "$TOOLS/$name"
  fi
}
build_tool reserve_load
build_tool reserve_bare -I/usr/include/postgresql -lsqlite3 -lpq

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# The run's scratch folder (BENCH_DIR, or a fresh one in /tmp) and its TSV of results: sets WORK,
# TSV and PGDIR (where a throw-away PostgreSQL lives).
make_scratch() {  # mktemp-prefix tsv-name
  WORK=${BENCH_DIR:-$(mktemp -d "/tmp/$1.XXXXXX")}
  mkdir -p "$WORK"
  WORK=$(cd "$WORK" && pwd)
  chmod 755 "$WORK"
  TSV=$WORK/$2
  : >"$TSV"
  PGDIR=$WORK/pg
}

record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$TSV"; }  # backend, metric, value
# Every field of a JSON object line as records: prefix_field.
record_json() {  # backend prefix json
  "$PY" -c 'import json,sys
for k, v in json.loads(sys.argv[3]).items():
    print(f"{sys.argv[1]}\t{sys.argv[2]}_{k}\t{json.dumps(v) if isinstance(v, dict) else v}")' "$1" "$2" "$3" >>"$TSV"
}

sql_value() {  # backend url statement → value(s), |-separated
  if [ "$1" = sqlite ]; then sqlite3 -bail "${2#sqlite:}" "$3"
  else psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 "$2" -c "$3"; fi
}

# Zero oversell: sessions whose taken exceeds capacity or differs from the places their live
# reservations hold. Prints "bad|sessions|taken|reservations|audit rows".
OVERSELL_SQL="SELECT
  (SELECT COUNT(*) FROM sessions s WHERE s.taken > s.capacity OR s.taken <> COALESCE((SELECT SUM(r.party_size)
     FROM reservations r WHERE r.session_id = s.id AND r.status IN ('confirmed', 'checked_in', 'offered')), 0)),
  (SELECT COUNT(*) FROM sessions), (SELECT COALESCE(SUM(taken), 0) FROM sessions),
  (SELECT COUNT(*) FROM reservations), (SELECT COUNT(*) FROM audit_log)"

reservation_rows() { sql_value "$1" "$2" "SELECT COUNT(*) FROM reservations"; }

# After a write run: the oversell check, and whether the rows added match the successes counted.
check_run() {  # backend url tag rows_before created
  local backend=$1 url=$2 tag=$3 before=$4 created=$5 out bad rows
  out=$(sql_value "$backend" "$url" "$OVERSELL_SQL")
  IFS='|' read -r bad _ _ rows _ <<<"$out"
  record "$backend" "${tag}_oversell_bad_sessions" "$bad"
  record "$backend" "${tag}_rows_added" "$((rows - before))"
  if [ "$bad" != 0 ]; then
    log "$backend $tag: OVERSELL: $bad sessions inconsistent"
    record "$backend" "${tag}_oversell" "FAILED: $bad sessions"
  elif [ "$((rows - before))" != "$created" ]; then
    log "$backend $tag: $((rows - before)) rows added but $created successes counted"
    record "$backend" "${tag}_oversell" "ok; rows added $((rows - before)) ≠ successes $created"
  else
    record "$backend" "${tag}_oversell" "ok"
  fi
}

# --- the server -----------------------------------------------------------------------------------

SERVE_HELP=$("$BIN" serve --help 2>&1 || true)
RATE_FLAGS=()
if grep -q -- '--reserve-rate-per-ip' <<<"$SERVE_HELP"; then RATE_FLAGS+=(--reserve-rate-per-ip 0); fi
if grep -q -- '--reserve-rate-per-phone' <<<"$SERVE_HELP"; then RATE_FLAGS+=(--reserve-rate-per-phone 0); fi
# Every load client is 127.0.0.1: the per-address connection cap would stop the 512-connection runs.
if grep -q -- '--max-connections-per-address' <<<"$SERVE_HELP"; then RATE_FLAGS+=(--max-connections-per-address 0); fi
WORKERS=$(sed -n 's/.*--workers[^0-9]*\[\([0-9]*\)\].*/\1/p' <<<"$SERVE_HELP" | head -n 1)
WORKERS=${WORKERS:-8}

wrk_run() {  # backend tag url conns [request header]
  local out rps p99 non2xx errs
  out=$(wrk -t2 -c"$4" -d"${SECS}s" --latency ${5:+-H "$5"} "$3" 2>&1) || { log "wrk failed: $out"; return; }
  echo "$out" >"$WORK/wrk-$1-$2.txt"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
         f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
  errs=$(grep -o 'Socket errors:.*' <<<"$out" || true)
  record "$1" "wrk_${2}_rps" "$rps"
  record "$1" "wrk_${2}_p99_ms" "$p99"
  record "$1" "wrk_${2}_non2xx" "${non2xx:-0}"
  [ -n "$errs" ] && record "$1" "wrk_${2}_socket_errors" "$errs"
  log "  $2: $rps req/s, p99 $p99 ms${non2xx:+, non-2xx $non2xx}${errs:+, $errs}"
}

# A block of 20,000,000 fresh phones per run, all 1[3-9]xxxxxxxxx (never in a subshell: the
# counter must persist).
PHONE_RUN=0
next_phone() { PHONE_RUN=$((PHONE_RUN + 1)); PHONE=$((13000000000 + PHONE_RUN * 20000000)); }

# One line of a tool's JSON for the log.
summary() {
  "$PY" -c 'import json, sys
j = json.loads(sys.argv[1])
print("%s: %.0f/s, p50 %s ms, p99 %s ms, answers %s, errors %s" % (sys.argv[2], j["created_per_s"], j["p50_ms"], j["p99_ms"],
      j.get("statuses") or {"created": j["created"], "full": j["full"], "conflict": j["conflict"]}, j["errors"]))' "$1" "$2"
}
created_of() { "$PY" -c 'import json, sys; j = json.loads(sys.argv[1]); print(j["warmup_created"] + j["created"] + j["late_created"])' "$1"; }

load_run() {  # backend url tag sessions-file conns seconds [warm-up seconds, default 2]
  local backend=$1 url=$2 tag=$3 before out created late
  before=$(reservation_rows "$backend" "$url")
  next_phone
  out=$("$TOOLS/reserve_load" --port "$PORT" --connections "$5" --seconds "$6" --warmup "${7:-2}" --sessions-file "$4" \
    --phone-start "$PHONE" 2>>"$WORK/load-$backend.log") || die "reserve_load failed: $(tail -3 "$WORK/load-$backend.log")"
  record_json "$backend" "$tag" "$out"
  log "  $(summary "$out" "$tag")"
  check_run "$backend" "$url" "$tag" "$before" "$(created_of "$out")"
}

bare_run() {  # backend url tag sessions-file threads (T, or TgN: T threads, one writer, ≤N per COMMIT)
  local backend=$1 url=$2 tag=$3 before out threads=${5%g*} group=0
  [[ $5 == *g* ]] && group=${5#*g}
  before=$(reservation_rows "$backend" "$url")
  next_phone
  out=$("$TOOLS/reserve_bare" --db "$url" --threads "$threads" --group "$group" --seconds "$SECS" --sessions-file "$4" \
    --phone-start "$PHONE" --day "$DATE" 2>>"$WORK/bare-$backend.log") || die "reserve_bare failed: $(tail -3 "$WORK/bare-$backend.log")"
  record_json "$backend" "$tag" "$out"
  log "  $(summary "$out" "$tag")"
  check_run "$backend" "$url" "$tag" "$before" "$(created_of "$out")"
}

# What one durable commit costs on this disk right now: 4 KB appends with O_DSYNC (dd), in ms.
dsync_probe() {  # backend tag
  dd if=/dev/zero of="$WORK/dsync.test" bs=4k count=100 oflag=dsync 2>"$WORK/dd.txt" || true
  rm -f "$WORK/dsync.test"
  record "$1" "${2}_dsync_ms" "$(awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") printf "%.2f", $(i-1) * 1000 / 100 }' "$WORK/dd.txt")"
}

