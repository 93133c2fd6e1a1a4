#!/usr/bin/python3
"""Seeds the activities benchmark through the HTTP API, as an organizer would (issue 5).
   seed_activities.py BASE_URL PASSWORD OUT_DIR [--activities N] [--sessions-per N]
        [--capacity N] [--hot-capacity N] [--sellout-capacity N] [--campaign YEAR] [--date YYYY-MM-DD]

The campaign is created and opened when it does not exist (reservations need sessions that have
not ended, so the benchmark uses next year's campaign rather than the demo's 2023).

Logs in as admin and, for each activity: POST /campaigns/{year}/activities (lead_org cycling over
the demo's units, 区 cycling over the districts), uploads a small emergency plan when the total
capacity reaches the large-event threshold, submits and approves it. Creates
  - N listing activities on DATE, each with --sessions-per sessions (spread: N × sessions-per ids),
  - --hot-count "hot" activities with one session of --hot-capacity places each (one per run),
  - one "sell-out" activity with one session of --sellout-capacity places.
Writes OUT_DIR/spread.txt (one session id a line), OUT_DIR/hot-K.txt, OUT_DIR/sellout.txt and
prints a JSON summary. One keep-alive connection; stdlib only."""
import argparse
import http.client
import json
import sys
import time
import urllib.parse

# The smallest file that is a PDF by its content (libmagic: application/pdf).
PLAN_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


class Api:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookie = ""
        self.csrf = ""
        self.calls = 0

    def call(self, method, path, body=None, raw=None, ctype="application/json", ok=(200, 201, 204)):
        headers = {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = ctype
        elif raw is not None:
            data = raw
            headers["Content-Type"] = "application/octet-stream"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                payload = r.read()
                break
            except (http.client.HTTPException, ConnectionError):
                if attempt == 2:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.calls += 1
        for k, v in r.getheaders():
            if k.lower() == "set-cookie" and v.startswith("sciweek_session="):
                self.cookie = v.split(";", 1)[0]
        if r.status not in ok:
            sys.exit(f"seed: {method} {path} → {r.status} {payload[:400].decode(errors='replace')}")
        return json.loads(payload) if payload and r.getheader("Content-Type", "").startswith("application/json") else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("password")
    ap.add_argument("out")
    ap.add_argument("--activities", type=int, default=200)
    ap.add_argument("--sessions-per", type=int, default=5)
    ap.add_argument("--capacity", type=int, default=1000)
    ap.add_argument("--hot-capacity", type=int, default=100_000)  # the API caps a session at 100,000
    ap.add_argument("--sellout-capacity", type=int, default=500)
    # One hot session per measured run, so a fast run cannot sell out the next run's session.
    ap.add_argument("--hot-count", type=int, default=3)
    ap.add_argument("--campaign", type=int, default=time.localtime().tm_year + 1)
    ap.add_argument("--date")
    a = ap.parse_args()

    a.date = a.date or f"{a.campaign}-05-20"
    t0 = time.time()
    api = Api(a.base)
    me = api.call("POST", "/api/v1/auth/login", {"login": "admin", "password": a.password})
    api.csrf = me["csrf_token"]
    districts = [d["code"] for d in api.call("GET", "/api/v1/public/districts")["items"]]
    orgs = [o["code"] for o in api.call("GET", "/api/v1/orgs?limit=500")["items"] if o["type"] != "district"] or districts
    campaign = api.call("GET", f"/api/v1/campaigns/{a.campaign}", ok=(200, 404))
    if not campaign or "error" in campaign:
        # Reservations need sessions that have not ended: a future campaign, opened, as the API
        # suite does (server/tests/support/activities.cpp).
        y = a.campaign
        api.call("POST", "/api/v1/campaigns", {
            "year": y, "edition": y - 1994, "name": f"{y}年北京科技周", "theme": "热爱科学 崇尚科学",
            "start_date": f"{y}-05-20", "end_date": f"{y}-05-31", "report_deadline": f"{y}-06-12T18:00:00+08:00",
            "contacts": [{"name": "栗英轩", "phone": "55577988"}]})
        campaign = api.call("GET", f"/api/v1/campaigns/{y}")
        campaign.pop("year", None)
        campaign["status"] = "open"
        api.call("PUT", f"/api/v1/campaigns/{y}", campaign)
    threshold = int(campaign.get("large_event_threshold") or 500)

    def session(day, hour, capacity):
        return {"starts_at": f"{day}T{hour:02d}:00:00+08:00", "ends_at": f"{day}T{hour:02d}:50:00+08:00",
                "capacity": capacity, "high_demand": False, "opens_at": None, "lottery_cutoff": None}

    def create(i, title, sessions):
        body = {
            "title": title, "category": "开放日", "mode": "offline",
            "district": districts[i % len(districts)], "venue": f"基准场馆{i}", "address": f"北京市基准路{i}号",
            "starts_at": sessions[0]["starts_at"], "ends_at": sessions[-1]["ends_at"],
            "audience": ["公众", "青少年"], "description": "科技周基准测试活动：" + "科普讲座与互动体验。" * 4,
            "contact_name": "王老师", "contact_phone": "010-62345678", "is_free": True,
            "reservation_required": True, "online_url": "", "security_owner": "",
            "safe_occupancy": sum(s["capacity"] for s in sessions), "co_organizers": [],
            "lead_org": orgs[i % len(orgs)], "sessions": sessions,
        }
        act = api.call("POST", f"/api/v1/campaigns/{a.campaign}/activities", body)
        if sum(s["capacity"] for s in sessions) >= threshold:
            api.call("POST", f"/api/v1/activities/{act['id']}/files?kind=emergency_plan&filename=plan.pdf", raw=PLAN_PDF)
        api.call("POST", f"/api/v1/activities/{act['id']}/submit", {})
        act = api.call("POST", f"/api/v1/activities/{act['id']}/approve", {})
        return [s["id"] for s in act["sessions"]]

    spread = []
    for i in range(a.activities):
        hours = [9 + (k % 10) for k in range(a.sessions_per)]
        spread += create(i, f"科技周开放日·基准活动{i + 1}", [session(a.date, h, a.capacity) for h in hours])
    hot = [create(a.activities + k, f"科技周主场·热门场次{k + 1}", [session(a.date, 10, a.hot_capacity)])[0]
           for k in range(a.hot_count)]
    sellout = create(a.activities + a.hot_count, "科技周·限量场次", [session(a.date, 14, a.sellout_capacity)])

    open(f"{a.out}/spread.txt", "w").write("\n".join(map(str, spread)) + "\n")
    for k, h in enumerate(hot):
        open(f"{a.out}/hot-{k + 1}.txt", "w").write(f"{h}\n")
    open(f"{a.out}/sellout.txt", "w").write(f"{sellout[0]}\n")
    print(json.dumps({"activities": a.activities + a.hot_count + 1, "spread_sessions": len(spread), "hot": hot,
                      "sellout": sellout[0], "requests": api.calls, "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
