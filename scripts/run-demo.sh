#!/usr/bin/env bash
# make run: creates the database with demo data when it does not exist yet, then serves.
set -euo pipefail
db=${1:-sqlite:data/sciweek.db}
listen=${2:-127.0.0.1:8080}
cd "$(dirname "$0")/.."
bin=build/sciweek
if [[ "$db" == sqlite:* ]] && [ ! -f "${db#sqlite:}" ]; then
  "$bin" demo --db "$db"
fi
password=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}
cat <<MSG

  sciweek is starting on http://$listen
  Log in with any of these accounts, password: $password
    admin       organizer (市科委、中关村管委会 科普处) — campaigns, units, users, audit
    reviewer    organizer staff — review and chase (the city level)
    haidian-reviewer  海淀区 reviewer — reviews 海淀区's units first (the district level)
    110108      海淀区 reporter (every unit's reporter logs in with the unit's code)
    pku         北京大学 reporter (a unit under 海淀区)
    checkin     venue staff of 中国科学技术馆 — the check-in desk
  The public calendar needs no login: http://$listen/events
  Stop with Ctrl-C.

MSG
# Messages to visitors are logged, not sent (decision 0015): the log shows what they would say.
exec "$bin" serve --db "$db" --listen "$listen" --web-dir web/dist --data-dir data \
  --sms-provider "${SCIWEEK_SMS_PROVIDER:-log}" --public-base-url "${SCIWEEK_PUBLIC_BASE_URL:-http://$listen}"
