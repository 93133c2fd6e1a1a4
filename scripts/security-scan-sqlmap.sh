#!/usr/bin/env bash
# sqlmap's part of `make scan` (scripts/security-scan.sh sets the SCAN_* variables): one run
# per target, each bounded by SCAN_SQLMAP_SECONDS; output under $SCAN_WORK/sqlmap/<target>.
set -uo pipefail
out="$SCAN_WORK/sqlmap"
mkdir -p "$out"
base=$SCAN_BASE
reporter=($SCAN_REPORTER)
admin=($SCAN_ADMIN)
report="$base/api/v1/campaigns/2023/reports/110108"

# run NAME SECONDS URL SQLMAP-ARGS…: records the tool's console in NAME.log and how it ended in
# NAME.status. --dbms SQLite: the scan server's database; trying every other DBMS's payloads
# would not fit the time bound (the statements are the same bound ones on PostgreSQL).
# --drop-set-cookie: keep the session given with --cookie (or none) for the whole run.
# --ignore-code 401: a wrong password, or a payload in the session cookie, is a normal 401,
# not a reason to stop.
run() {
  local name=$1 seconds=$2 url=$3 t0=$(date +%s)
  shift 3
  timeout -k 10 "$seconds" sqlmap -u "$url" --batch --level 3 --risk 2 --dbms SQLite --time-sec 2 \
    --flush-session --drop-set-cookie --ignore-code 401 --disable-coloring --output-dir "$out/$name" "$@" >"$out/$name.log" 2>&1
  echo "rc=$? seconds=$(( $(date +%s) - t0 )) target=$url" >"$out/$name.status"
}

# The public calendar: every filter of the listing (docs/api.md), values that match one activity
# so true and false conditions answer differently.
run public-activities "$SCAN_SQLMAP_SECONDS" "$base/api/v1/public/activities?campaign=2023&date=2023-05-20&district=110108&category=%E5%8C%BA%E5%9F%9F%E7%89%B9%E8%89%B2%E6%B4%BB%E5%8A%A8&audience=%E9%9D%92%E5%B0%91%E5%B9%B4&mode=offline&q=%E7%A7%91%E5%AD%A6&limit=20&offset=0"

# A reservation: the JSON fields marked with *. A phone reserves once per session, so the
# phone is made fresh for every request that does not carry a payload in it, or the name's
# payloads would stop at the 409 before the INSERT. Its last digit is sent as a JSON \u
# escape: sqlmap's --eval writes an all-digit value as a bare JSON number (a 422).
run reservation "$SCAN_SQLMAP_SECONDS" "$base/api/v1/public/sessions/$SCAN_SESSION_ID/reservations" --method POST \
  -H 'Content-Type: application/json' --data '{"name":"张三*","phone":"13912345678*","party_size":1*}' \
  --eval "import random; phone = (r'139%07d\u003%d' % (random.randint(0, 9999999), random.randint(0, 9))) if phone == '13912345678' else phone"

# The login. Its throttle (5 failures per login, 50 per address, 15 minutes) has no switch:
# random X-Forwarded-For addresses (the server runs with --trust-proxy) spread the failures,
# and a good login every third request clears those of the login under test. Every answer
# costs a password hash (unknown logins too, so timing tells nothing): time-based techniques
# would only measure that, so this target runs the boolean, error and UNION ones, for longer.
printf 'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/json\r\n\r\n{"login":"pku","password":"%s"}' \
  "${base##*:}" "$SCAN_PASSWORD" >"$out/good-login.req"
run login "$SCAN_SQLMAP_LOGIN_SECONDS" "$base/api/v1/auth/login" --technique BEU --method POST -H 'Content-Type: application/json' \
  --data "{\"login\":\"pku*\",\"password\":\"$SCAN_PASSWORD*\"}" --tamper xforwardedfor \
  --safe-req "$out/good-login.req" --safe-freq 3

# Saving the 海淀区 report as its reporter (cookie + CSRF header). Each good save bumps the
# version, so every request without a payload in "version" first reads the current one.
run report-save "$SCAN_SQLMAP_SECONDS" "$report" --method PUT \
  --cookie "sciweek_session=${reporter[0]}" --headers "X-CSRF-Token: ${reporter[1]}
Content-Type: application/json" \
  --data "{\"values\":{\"$SCAN_REPORT_FIELD\":1*},\"version\":1*}" \
  --eval "import json, urllib.request as u; version = json.load(u.urlopen(u.Request('$report', headers={'Cookie': 'sciweek_session=${reporter[0]}'})))['version'] if str(version) == '1' else version"

# An authenticated list with a query string: the organizer's unit search.
run orgs-list "$SCAN_SQLMAP_SECONDS" "$base/api/v1/orgs?q=%E6%B5%B7%E6%B7%80&type=district" \
  --cookie "sciweek_session=${admin[0]}"
