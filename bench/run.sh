#!/usr/bin/env bash
# make bench — issue 3's benchmark: synthetic BENCH_UNITS units (default 100,000) × 18 figures,
# on SQLite and PostgreSQL in one run. For each database it measures
#   (a) the reference: the bare SUM … GROUP BY (by type, by district) in sqlite3 / psql, best of 3,
#       and the server's own statement over its running totals (report_tallies) the same way;
#   (b) GET /api/v1/campaigns/2023/totals?status=approved&group_by=none|type|district|parent as
#       admin, and group_by=none|district as a district's reporter (its area only), best of 3;
#       the data is loaded around the server, so `sciweek tallies rebuild` runs first (timed),
#       and `sciweek tallies check` compares the running totals with the plain sum;
#   (c) GET /api/v1/campaigns/2023/export.xlsx to /dev/null (wall time, server VmHWM before and
#       after) and `sciweek export --format xlsx` (wall time, peak RSS, file size), best of 2,
#       the file read back with openpyxl; the export's own SELECT in the CLI as its reference,
#       and `sciweek export --format csv` (same unit cursor, no completeness sheet) beside it;
#   (d) the export's memory again at BENCH_SMALL_UNITS (default 10,000) to see whether it grows
#       with the unit count.
# Every speed figure is a ratio to the reference measured in the same run, never a pass/fail
# threshold. Prints a table and rewrites the figures part of bench/RESULTS.md (the hand-written
# reading below its "<!-- reading -->" marker is kept).
#
# Then runs bench/activities.sh (issue 5: listing and reservations; BENCH_SKIP_ACTIVITIES=1 skips)
# and bench/cluster.sh (issue 12: 1, 2 and 3 nodes behind nginx; BENCH_SKIP_CLUSTER=1 skips).
#
# Environment: SCIWEEK_BIN (default build/sciweek), BENCH_UNITS, BENCH_SMALL_UNITS (0: skip),
# BENCH_EXPORT_RUNS (2), BENCH_WEB (1: also run bench/web.sh, the web first load; 0 skips it),
# BENCH_BACKENDS ("sqlite postgres"), BENCH_DIR (scratch, default a fresh /tmp folder, removed
# at the end unless BENCH_KEEP=1), BENCH_RESULTS (default bench/RESULTS.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
BIN=${SCIWEEK_BIN:-$repo/build/sciweek}
UNITS=${BENCH_UNITS:-100000}
SMALL=${BENCH_SMALL_UNITS:-10000}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}
PASSWORD=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}
PY=/usr/bin/python3
YEAR=2023

[ -x "$BIN" ] || { echo "bench: $BIN not found (make build, or set SCIWEEK_BIN)" >&2; exit 1; }
for tool in sqlite3 psql curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "bench: $PY lacks openpyxl (apt-get install python3-openpyxl)" >&2; exit 1; }

WORK=${BENCH_DIR:-$(mktemp -d /tmp/sciweek-bench.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
TSV=$WORK/results.tsv
: >"$TSV"
PGDIR=$WORK/pg
server_pid=""
pg_started=0

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "$pg_started" = 1 ]; then bash "$repo/scripts/stop-test-postgres.sh" "$PGDIR" || true; fi
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "bench: scratch kept in $WORK"; fi
}
trap cleanup EXIT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$TSV"; }  # backend, metric, value
min_of() { awk 'NR == 1 || $1 < m { m = $1 } END { if (NR) printf "%.1f", m; else print "error" }'; }

# --- databases -----------------------------------------------------------------------------

db_url() {  # backend units → URL
  if [ "$1" = sqlite ]; then echo "sqlite:$WORK/bench-$2.db"; else echo "${PGBASE%/*}/bench$2"; fi
}

# Runs SQL (stdin) through the backend's own CLI; extra args go to the CLI.
cli_sql() {
  local backend=$1 url=$2
  if [ "$backend" = sqlite ]; then sed 's/chr(1)/char(1)/g' | sqlite3 -bail "${url#sqlite:}"
  else psql -X -q -v ON_ERROR_STOP=1 "$url"; fi
}

create_db() {  # backend units
  local backend=$1 units=$2 url t0
  url=$(db_url "$backend" "$units")
  if [ "$backend" = postgres ]; then psql -X -q -v ON_ERROR_STOP=1 "$PGBASE" -c "CREATE DATABASE bench$units" >/dev/null; fi
  "$BIN" --db "$url" --log-level warn migrate >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }
  "$BIN" --db "$url" --log-level warn demo --reference-only >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }
  t0=$(date +%s.%N)
  if [ "$backend" = sqlite ]; then
    sed "s/@UNITS@/$units/" "$here/gen-sqlite.sql" | sqlite3 -bail "${url#sqlite:}" >/dev/null
  else
    psql -X -q -v ON_ERROR_STOP=1 -v units="$units" "$url" -f "$here/gen-postgres.sql" >/dev/null
  fi
  record "$backend" "gen_s@$units" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  # The reports were written around the server: recompute its running totals (and time it).
  t0=$(date +%s.%N)
  "$BIN" --db "$url" --log-level warn tallies rebuild >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; exit 1; }
  record "$backend" "tallies_rebuild_s@$units" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
}

# Best of 3 of one statement file, in ms, timed by the database's CLI (.timer / \timing).
sql_best() {  # backend url file
  local backend=$1 url=$2 file=$3
  if [ "$backend" = sqlite ]; then
    { echo ".timer on"; echo ".output /dev/null"; cat "$file" "$file" "$file"; } | cli_sql sqlite "$url" |
      sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | awk '{ print $1 * 1000 }' | min_of
  else
    { echo '\timing on'; echo '\o /dev/null'; cat "$file" "$file" "$file"; } | PGOPTIONS=${PGOPTIONS_EXTRA:-} cli_sql postgres "$url" |
      sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | min_of
  fi
}

sql_rows() {  # backend url file → key|field|sum lines
  if [ "$1" = sqlite ]; then cli_sql sqlite "$2" <"$3"
  else psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 "$2" -f "$3"; fi
}

sql_value() {  # backend url statement → one value
  if [ "$1" = sqlite ]; then sqlite3 -bail "${2#sqlite:}" "$3"
  else psql -X -q -A -t -v ON_ERROR_STOP=1 "$2" -c "$3"; fi
}

# --- the server ------------------------------------------------------------------------------

start_server() {  # backend url
  local i
  rm -f "$WORK/port"
  "$BIN" --db "$2" --log-level warn serve --listen 127.0.0.1:0 --port-file "$WORK/port" --web-dir '' \
    --data-dir "$WORK/data-$1" >>"$WORK/server-$1.log" 2>&1 &
  server_pid=$!
  for i in $(seq 1 600); do
    [ -s "$WORK/port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/server-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  BASE="http://127.0.0.1:$(cat "$WORK/port")"
  rm -f "$WORK/jar" "$WORK/jar-district"
  curl -sSf -c "$WORK/jar" -H 'Content-Type: application/json' \
    -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" >/dev/null
  # 海淀区's reporter: totals scoped to one district's area.
  curl -sSf -c "$WORK/jar-district" -H 'Content-Type: application/json' \
    -d "{\"login\":\"110108\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" >/dev/null
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }  # pid VmHWM|VmRSS

http_best() {  # path outfile [jar] → best of 3 wall ms, or "HTTP <status>" when it fails
  local i out times=""
  for i in 1 2 3; do
    out=$(curl -sS -b "${3:-$WORK/jar}" -o "$2" -w '%{http_code} %{time_total}' "$BASE$1")
    if [ "${out%% *}" != 200 ]; then echo "HTTP ${out%% *}"; return; fi
    times+="$(echo "${out#* }" | awk '{ print $1 * 1000 }')"$'\n'
  done
  printf '%s' "$times" | min_of
}


# The xlsx export through HTTP (to /dev/null) and through the CLI, BENCH_EXPORT_RUNS times each
# (default 2): best wall time, highest memory.
measure_export() {  # backend url units tag
  local backend=$1 url=$2 units=$3 tag=$4 out hwm0 hwm1 rss0 rss1 secs peak i
  local best="" best_ttfb="" bytes="" cli_best="" cli_peak=0 csv_best="" csv_peak=0
  # The login's Argon2id hash already set a high-water mark; reset it (clear_refs 5) so VmHWM
  # afterwards is the export's own peak. Without permission the reset is skipped (and noted).
  record "$backend" "server_hwm_login_kb@$tag" "$(proc_kb "$server_pid" VmHWM)"
  if echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null; then record "$backend" "hwm_reset@$tag" yes
  else record "$backend" "hwm_reset@$tag" no; fi
  rss0=$(proc_kb "$server_pid" VmRSS)
  hwm0=$(proc_kb "$server_pid" VmHWM)
  for i in $(seq 1 "${BENCH_EXPORT_RUNS:-2}"); do
    out=$(curl -sS -b "$WORK/jar" -o /dev/null -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}' \
      "$BASE/api/v1/campaigns/$YEAR/export.xlsx")
    set -- $out
    [ "$1" = 200 ] || { echo "bench: export.xlsx → $1" >&2; exit 1; }
    if [ -z "$best" ] || awk -v a="$3" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$3; best_ttfb=$2; fi
    bytes=$4
  done
  hwm1=$(proc_kb "$server_pid" VmHWM)
  rss1=$(proc_kb "$server_pid" VmRSS)
  record "$backend" "http_export_ttfb_ms@$tag" "$(awk -v s="$best_ttfb" 'BEGIN { printf "%.0f", s * 1000 }')"
  record "$backend" "http_export_ms@$tag" "$(awk -v s="$best" 'BEGIN { printf "%.0f", s * 1000 }')"
  record "$backend" "http_export_bytes@$tag" "$bytes"
  record "$backend" "server_hwm_before_kb@$tag" "$hwm0"
  record "$backend" "server_rss_before_kb@$tag" "$rss0"
  record "$backend" "server_hwm_after_kb@$tag" "$hwm1"
  record "$backend" "server_rss_after_kb@$tag" "$rss1"
  # The CSV export reads the same unit cursor but has no 填报情况 sheet: it separates the
  # cursor's memory from the completeness list's, and the SELECT from the xlsx writing.
  for i in $(seq 1 "${BENCH_EXPORT_RUNS:-2}"); do
    for fmt in xlsx csv; do
      /usr/bin/time -f '%e %M' -o "$WORK/time.txt" \
        "$BIN" --db "$url" --log-level warn export --campaign "$YEAR" --format "$fmt" --out "$WORK/export-$backend-$tag.$fmt" \
        >>"$WORK/cli-$backend.log" 2>&1 || { cat "$WORK/cli-$backend.log" >&2; exit 1; }
      read -r secs peak <"$WORK/time.txt"
      secs=$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')
      if [ "$fmt" = xlsx ]; then
        { [ -z "$cli_best" ] || [ "$secs" -lt "$cli_best" ]; } && cli_best=$secs
        [ "$peak" -gt "$cli_peak" ] && cli_peak=$peak
      else
        { [ -z "$csv_best" ] || [ "$secs" -lt "$csv_best" ]; } && csv_best=$secs
        [ "$peak" -gt "$csv_peak" ] && csv_peak=$peak
      fi
    done
  done
  record "$backend" "cli_export_ms@$tag" "$cli_best"
  record "$backend" "cli_export_peak_kb@$tag" "$cli_peak"
  record "$backend" "cli_export_bytes@$tag" "$(stat -c %s "$WORK/export-$backend-$tag.xlsx")"
  record "$backend" "cli_csv_ms@$tag" "$csv_best"
  record "$backend" "cli_csv_peak_kb@$tag" "$csv_peak"
  rm -f "$WORK/export-$backend-$tag.csv"
}

# --- one database ----------------------------------------------------------------------------

bench_backend() {
  local backend=$1 url units_expected grand check
  url=$(db_url "$backend" "$UNITS")
  log "$backend: generating $UNITS units × 18 figures"
  create_db "$backend" "$UNITS"
  record "$backend" rows "$(sql_value "$backend" "$url" "SELECT COUNT(*) FROM report_values")"

  log "$backend: reference queries in the CLI (best of 3)"
  for q in bare-type bare-district server-totals-type server-totals-district bare-export server-export; do
    record "$backend" "sql_${q}_ms" "$(sql_best "$backend" "$url" "$here/sql/$q.sql" 2>>"$WORK/sql-errors-$backend.log")"
  done
  if [ "$backend" = postgres ]; then
    # The export's statement with PostgreSQL's JIT off: shows what JIT compilation costs it.
    for q in server-export; do
      record "$backend" "sql_${q}_nojit_ms" \
        "$(PGOPTIONS_EXTRA='-c jit=off' sql_best "$backend" "$url" "$here/sql/$q.sql" 2>>"$WORK/sql-errors-$backend.log")"
    done
  fi
  [ -s "$WORK/sql-errors-$backend.log" ] && record "$backend" sql_errors "$(sort -u "$WORK/sql-errors-$backend.log" | grep ERROR | tr '\n' ' ')"
  sql_rows "$backend" "$url" "$here/sql/bare-type.sql" >"$WORK/sql-type-$backend.txt"
  sql_rows "$backend" "$url" "$here/sql/bare-district.sql" >"$WORK/sql-district-$backend.txt"

  log "$backend: server totals (best of 3)"
  start_server "$backend" "$url"
  for g in type district; do
    t=$(http_best "/api/v1/campaigns/$YEAR/totals?status=approved&group_by=$g" "$WORK/totals-$g-$backend.json")
    record "$backend" "http_totals_${g}_ms" "$t"
    if [[ "$t" == HTTP* ]]; then
      log "$backend: totals by $g failed: $t $(head -c 200 "$WORK/totals-$g-$backend.json")"
      record "$backend" "totals_${g}_check" "not checked: $t"
      continue
    fi
    check=$("$PY" "$here/compare_totals.py" "$WORK/totals-$g-$backend.json" "$WORK/sql-$g-$backend.txt") ||
      { echo "bench: $backend totals by $g differ from the SQL: $check" >&2; exit 1; }
    record "$backend" "totals_${g}_check" "$check"
  done
  # The other groupings, and a district's reporter (its area: the subtree is walked per request).
  for g in none parent; do
    record "$backend" "http_totals_${g}_ms" "$(http_best "/api/v1/campaigns/$YEAR/totals?status=approved&group_by=$g" /dev/null)"
  done
  for g in none district; do
    record "$backend" "http_totals_scoped_${g}_ms" \
      "$(http_best "/api/v1/campaigns/$YEAR/totals?status=approved&group_by=$g" /dev/null "$WORK/jar-district")"
  done
  if "$BIN" --db "$url" --log-level warn tallies check >"$WORK/tallies-$backend.txt" 2>&1; then
    record "$backend" tallies_check "ok: the running totals equal the plain sum"
  else
    record "$backend" tallies_check "DIFFER: $(head -c 300 "$WORK/tallies-$backend.txt" | tr '\n' ' ')"
  fi
  record "$backend" server_hwm_after_totals_kb "$(proc_kb "$server_pid" VmHWM)"

  log "$backend: xlsx export (HTTP, then CLI)"
  measure_export "$backend" "$url" "$UNITS" big
  stop_server

  units_expected=$(sql_value "$backend" "$url" "SELECT COUNT(*) FROM org_units WHERE reports_expected = 1")
  grand=$(sql_value "$backend" "$url" "SELECT field_code || '|' || SUM(value) FROM report_values v JOIN reports r ON r.id = v.report_id WHERE r.campaign_year = $YEAR GROUP BY field_code" |
    "$PY" -c 'import json,sys; print(json.dumps({k: int(v) for k, v in (l.strip().split("|") for l in sys.stdin if l.strip())}))')
  log "$backend: reading the CLI's xlsx back with openpyxl"
  check=$("$PY" "$here/check_xlsx.py" "$WORK/export-$backend-big.xlsx" "$units_expected" "$grand") ||
    { echo "bench: $backend xlsx check failed: $check" >&2; exit 1; }
  record "$backend" xlsx_check "$check"

  if [ "$SMALL" != 0 ]; then
    log "$backend: export memory at $SMALL units"
    create_db "$backend" "$SMALL"
    start_server "$backend" "$(db_url "$backend" "$SMALL")"
    measure_export "$backend" "$(db_url "$backend" "$SMALL")" "$SMALL" small
    stop_server
  fi
}

# --- the run ---------------------------------------------------------------------------------

t_start=$(date +%s)
record all started "$(date '+%Y-%m-%d %H:%M:%S %Z')"
record all loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record all binary "$BIN"
record all sqlite_version "$(sqlite3 --version | cut -d' ' -f1)"
for backend in $BACKENDS; do
  if [ "$backend" = postgres ]; then
    log "postgres: starting a throw-away server"
    PGBASE=$(bash "$repo/scripts/start-test-postgres.sh" "$PGDIR")
    pg_started=1
    record all postgres_version "$(psql -X -A -t "$PGBASE" -c 'SHOW server_version' | cut -d' ' -f1)"
  fi
  bench_backend "$backend"
  if [ "$backend" = postgres ]; then
    bash "$repo/scripts/stop-test-postgres.sh" "$PGDIR"
    pg_started=0
  fi
  # Drop the big SQLite files as soon as they are measured.
  [ "$backend" = sqlite ] && rm -f "$WORK"/bench-*.db*
done
record all loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
record all wall_s "$(( $(date +%s) - t_start ))"
record all units "$UNITS"
record all small_units "$SMALL"

"$PY" "$here/report.py" "$TSV" "$RESULTS"

# The web front end: the unit workspace's first load in Chromium, cold and warm, median of 5
# (≈ 30 s; bench/web.sh, figures between the web-first-load markers). BENCH_WEB=0 skips it.
if [ "${BENCH_WEB:-1}" != 0 ]; then
  log "web: the unit workspace's first load in Chromium"
  SCIWEEK_BIN="$BIN" BENCH_RESULTS="$RESULTS" bash "$here/web.sh" || log "web: first-load measurement failed"
fi

# Issue 5: the public listing beside nginx and reservations beside the bare database, in their own
# section of RESULTS.md (BENCH_SKIP_ACTIVITIES=1 skips it; `bash bench/activities.sh` runs it alone).
if [ "${BENCH_SKIP_ACTIVITIES:-0}" != 1 ]; then
  SCIWEEK_BIN=$BIN BENCH_RESULTS=$RESULTS BENCH_DIR=$WORK/activities bash "$here/activities.sh"
fi

# Issue 12: 1, 2 and 3 nodes behind nginx on one PostgreSQL, beside nginx's own bytes and the bare
# transaction, in their own section (BENCH_SKIP_CLUSTER=1 skips it; `bash bench/cluster.sh` alone).
if [ "${BENCH_SKIP_CLUSTER:-0}" != 1 ]; then
  SCIWEEK_BIN=$BIN BENCH_RESULTS=$RESULTS BENCH_DIR=$WORK/cluster bash "$here/cluster.sh"
fi
