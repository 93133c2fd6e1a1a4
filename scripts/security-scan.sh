#!/usr/bin/env bash
# make scan: runs scanners we did not write (sqlmap, wapiti) against a sciweek server this
# script starts itself on 127.0.0.1 with a fresh demo database, then prints what they found.
# Exit 0 when no tool reports a vulnerability, 1 when one does, 2 when the scan could not run.
# Run it before a release (docs/security.md, "Scanners"); it is not part of `make test`: it
# takes up to ~20 minutes. Everything it starts and writes stays under one temporary folder
# (kept with SCAN_KEEP=1), and it never sends a request anywhere but 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

# Time bounds (seconds). sqlmap's targets run one after another while wapiti's two runs go
# in parallel with them: the scan lasts about max(4 x SQLMAP + LOGIN, 2 x WAPITI) + setup.
SQLMAP_SECONDS=${SCAN_SQLMAP_SECONDS:-120}
SQLMAP_LOGIN_SECONDS=${SCAN_SQLMAP_LOGIN_SECONDS:-540}
WAPITI_SECONDS=${SCAN_WAPITI_SECONDS:-300}
BIN=${SCAN_BIN:-build/sciweek}
WEB=${SCAN_WEB:-web/dist}
PASSWORD=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}

bash scripts/install-scanners.sh
if [ ! -x "$BIN" ] || [ ! -f "$WEB/index.html" ]; then
  echo "security-scan: $BIN or $WEB/index.html missing; run 'make build' first" >&2
  exit 2
fi

work=$(mktemp -d /tmp/sciweek-scan.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if [ "${SCAN_KEEP:-0}" = 1 ]; then echo "security-scan: outputs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
started=$(date +%s)

# --- the server: loopback only, a fresh demo database, the scanners' limits lifted --------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
mkdir -p "$work/data"
SCIWEEK_DEMO_PASSWORD=$PASSWORD "$BIN" demo --db "sqlite:$work/scan.db" --data-dir "$work/data" >"$work/demo.log" 2>&1
# --reserve-rate-* 0: the per-IP and per-phone reservation limits would answer 429 to every
# scanner request after the first few. --trust-proxy: the login throttle has no switch, so the
# sqlmap login run spreads its attempts over random X-Forwarded-For addresses (see below).
SCIWEEK_LOG_LEVEL=warn "$BIN" serve --db "sqlite:$work/scan.db" --listen "127.0.0.1:$port" \
  --web-dir "$WEB" --data-dir "$work/data" --reserve-rate-per-ip 0 --reserve-rate-per-phone 0 \
  --trust-proxy >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "security-scan: server did not start" >&2; cat "$work/server.log" >&2; exit 2; }
  sleep 0.1
done

# --- fixtures: sessions for the authenticated targets, a session open for reservations ------
# Logs LOGIN in; prints "<session token> <csrf token>".
login() {
  local jar="$work/jar-$1"
  curl -fsS -c "$jar" -H 'Content-Type: application/json' \
    --data "{\"login\":\"$1\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' >"$work/csrf-$1"
  echo "$(awk '$6=="sciweek_session"{print $7}' "$jar") $(cat "$work/csrf-$1")"
}
# call TOKENS METHOD PATH [BODY]: an authenticated JSON request; prints the answer.
call() {
  local tokens=($1)
  curl -sS --fail-with-body -X "$2" -H "Cookie: sciweek_session=${tokens[0]}" -H "X-CSRF-Token: ${tokens[1]}" \
    -H 'Content-Type: application/json' ${4:+--data "$4"} "$base$3"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

reporter=$(login 110108)   # 海淀区: edits its report, leads activities
reviewer=$(login reviewer) # approves the scan's activity
admin=$(login admin)       # wapiti's authenticated run sees everything an organizer sees
# The demo's sessions are in May 2023, closed for reservations: stretch the campaign a few
# months ahead (no emergency-plan threshold) and add a session a month from now, so the
# reservation target reaches the database (capacity enough for every scanner request).
day=$(date -u -d '+30 days' +%Y-%m-%d)
campaign=$(call "$admin" GET /api/v1/campaigns/2023 | json "json.dumps(dict(d, end_date='$(date -u -d '+60 days' +%Y-%m-%d)',
  report_deadline='$(date -u -d '+90 days' +%Y-%m-%d)T18:00:00+08:00', large_event_threshold=1000000))")
call "$admin" PUT /api/v1/campaigns/2023 "$campaign" >/dev/null
activity=$(call "$reporter" POST /api/v1/campaigns/2023/activities "{\"title\":\"扫描用活动\",
  \"category\":\"开放日\",\"mode\":\"offline\",\"district\":\"110108\",\"venue\":\"扫描场馆\",
  \"address\":\"海淀区\",\"starts_at\":\"${day}T09:00:00+08:00\",\"ends_at\":\"${day}T11:00:00+08:00\",
  \"audience\":[\"公众\"],\"description\":\"安全扫描\",\"contact_name\":\"扫描\",
  \"contact_phone\":\"010-66660000\",\"is_free\":true,\"reservation_required\":true,
  \"sessions\":[{\"starts_at\":\"${day}T09:00:00+08:00\",
  \"ends_at\":\"${day}T11:00:00+08:00\",\"capacity\":100000,\"high_demand\":false}]}")
activity_id=$(echo "$activity" | json 'd["id"]')
call "$reporter" POST "/api/v1/activities/$activity_id/submit" '{}' >/dev/null
call "$reviewer" POST "/api/v1/activities/$activity_id/approve" '{}' >/dev/null
session_id=$(echo "$activity" | json 'd["sessions"][0]["id"]')
field=$(call "$reporter" GET /api/v1/campaigns/2023/form | json 'd["sections"][0]["fields"][0]["code"]')

# Nothing leaves this machine: wapiti fetches its wapp/nikto databases from the internet when
# they are missing, so every request not to 127.0.0.1 goes to a closed loopback port.
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 no_proxy=127.0.0.1
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy NO_PROXY=$no_proxy
export SCAN_WORK=$work SCAN_BASE=$base SCAN_SQLMAP_SECONDS=$SQLMAP_SECONDS SCAN_WAPITI_SECONDS=$WAPITI_SECONDS
export SCAN_SQLMAP_LOGIN_SECONDS=$SQLMAP_LOGIN_SECONDS
export SCAN_PASSWORD=$PASSWORD SCAN_SESSION_ID=$session_id SCAN_REPORT_FIELD=$field
export SCAN_REPORTER="$reporter" SCAN_ADMIN="$admin"
bash scripts/security-scan-wapiti.sh &
wapiti_pid=$!
bash scripts/security-scan-sqlmap.sh || true
wait "$wapiti_pid" || true

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "security-scan: THE SERVER DIED during the scan; its log:" >&2
  tail -50 "$work/server.log" >&2
  exit 1
fi
echo "security-scan: took $(( $(date +%s) - started )) s against $base (server alive at the end)"
python3 scripts/security-scan-summary.py "$work"
