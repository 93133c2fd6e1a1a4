#!/usr/bin/env bash
# wapiti's part of `make scan` (scripts/security-scan.sh sets the SCAN_* variables): the whole
# site anonymously, then again as the organizer (cookie + CSRF header); JSON reports under
# $SCAN_WORK/wapiti. Each run is bounded by SCAN_WAPITI_SECONDS.
set -uo pipefail
out="$SCAN_WORK/wapiti"
mkdir -p "$out"
base=$SCAN_BASE
admin=($SCAN_ADMIN)
# The modules that mean something for a JSON API behind a single-page app. No nikto or wapp
# (they download their databases), no xxe (no XML input).
modules=sql,blindsql,exec,file,xss,crlf,redirect,ssrf,backup,htaccess,methods,permanentxss
# The SPA's links are made by JavaScript, which wapiti does not run: start it on the API's
# GET endpoints with their query parameters (docs/api.md) as well as on the pages.
anonymous_starts=(
  "$base/events" "$base/p/tickets/T1.1.0000000000000000.x"
  "$base/api/v1/public/campaigns/current" "$base/api/v1/public/districts" "$base/api/v1/public/institutions"
  "$base/api/v1/public/activities?campaign=2023&date=2023-05-20&district=110108&category=%E5%BC%80%E6%94%BE%E6%97%A5&audience=&mode=offline&q=%E7%A7%91%E5%AD%A6&limit=20&offset=0"
  "$base/api/v1/public/calendar.ics?campaign=2023&district=110108"
  "$base/api/v1/public/activities/1" "$base/api/v1/public/activities/1/calendar.ics"
  "$base/api/v1/public/activities/1/cover" "$base/api/v1/public/ticket-key"
  "$base/api/v1/public/reservations/T1.1.0000000000000000.x?phone=13800001000"
)
organizer_starts=(
  "$base/api/v1/me" "$base/api/v1/orgs?q=%E6%B5%B7%E6%B7%80&type=district&parent_code="
  "$base/api/v1/orgs/110108" "$base/api/v1/users"
  "$base/api/v1/audit?action=report.saved&entity_type=report&entity_id=&actor=admin&from=2023-01-01&to=2030-01-01&limit=10&offset=0"
  "$base/api/v1/campaigns/2023/activities?status=approved&org=110108&q=%E7%A7%91%E5%AD%A6&limit=20&offset=0"
  "$base/api/v1/activities/1" "$base/api/v1/campaigns/2023/form"
  "$base/api/v1/campaigns/2023/reports/110108" "$base/api/v1/campaigns/2023/reports/110108/history"
  "$base/api/v1/campaigns/2023/reports/110108/print" "$base/api/v1/campaigns/2023/reports/110108/suggestions"
  "$base/api/v1/campaigns/2023/orgs/110108/documents"
)

# run NAME START-URLS-ARRAY-NAME [WAPITI-ARGS…]
run() {
  local name=$1 starts=() t0=$(date +%s)
  local -n list=$2
  shift 2
  for u in "${list[@]}"; do starts+=(-s "$u"); done
  # --endpoint: the ssrf module would otherwise plant and query wapiti's public endpoint on the
  # internet; a closed loopback port keeps every request on this machine.
  timeout -k 10 "$SCAN_WAPITI_SECONDS" wapiti -u "$base/" --scope folder -m "$modules" "${starts[@]}" \
    -d 5 --max-scan-time $(( SCAN_WAPITI_SECONDS - 60 )) --max-attack-time 25 -t 10 \
    --flush-session --store-session "$out/$name-session" --store-config "$out/$name-config" \
    --endpoint http://127.0.0.1:9/ --no-bugreport \
    -f json -o "$out/$name.json" -v 1 "$@" >"$out/$name.log" 2>&1
  echo "rc=$? seconds=$(( $(date +%s) - t0 )) target=$base/" >"$out/$name.status"
}

run anonymous anonymous_starts
run organizer organizer_starts -H "Cookie: sciweek_session=${admin[0]}" -H "X-CSRF-Token: ${admin[1]}"
