#!/usr/bin/env python3
"""make cluster-proof (issue 12, "Prove it"): the several-node deployment, proved end to end.

Starts from nothing on loopback — a fresh PostgreSQL, the reference demo data, three
`sciweek serve` nodes each with its OWN data folder (shared secrets only through
SCIWEEK_TICKET_KEYS and SCIWEEK_DATA_KEY, as on separate machines) and nginx in front with
the configuration of scripts/cluster-nginx-conf.sh — then asserts, through HTTP and by
reading PostgreSQL with psql:

  race            64 clients through nginx for 10 places: 10 tickets, no oversell
  freshness       a reservation on node A shows on nodes B and C within 1 s
  upload          a report photo uploaded on A downloads byte-identical from B and C
  per-phone       the per-phone daily limit holds when one phone alternates nodes
  per-phone-burst the same limit when one phone's requests hit the nodes at once
  offer-expiry    a waiting-list offer expires exactly once while three nodes sweep
  outbox-kill     a node killed mid-send of a visitor SMS: its claim lapses, another sends it once
  kill-9          a node killed mid-stream: every acknowledged write is in the database
  restore         pg_dump -Fc, restore, every table's row count, a node on the copy
  restore-files   the uploaded files through the restored node

One line per check, `PASS name: figures` or `FAIL name: why`; exit status 1 if any fails.
Everything runs in a temporary folder and is stopped and removed at the end, also on
failure or Ctrl-C (--keep leaves the folder, with the logs, for a post-mortem).
Every node sends its visitor SMS (--sms-provider webhook) to a fake gateway the proof runs on
a thread (FakeSmsGateway), which records each request.
Python 3 standard library only; needs psql/pg_dump/pg_restore, nginx and openssl.
"""

import argparse
import base64
import hashlib
import http.client
import http.server
import itertools
import json
import os
import random
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT_YEAR = 2023  # the demo's campaign, open for filing: report saves and materials go there
LIVE = "('applied','waiting','offered','confirmed','checked_in')"
HOLDING = "('offered','confirmed','checked_in')"
PHONE_LIMIT = 3  # --reserve-rate-per-phone of the nodes: small, so check 4 is quick
NODE_NAMES = "ABC"
# Freshness: another node's reservation shows within this (issue 12); see check_freshness.
FRESHNESS_LIMIT = 1.0
# --sms-timeout-seconds of the nodes. A node's claim on an outbox message lasts 2 × it + 10 s
# (server/src/app/commands.cpp: a claim outlives any one send); 3 s makes that 16 s, short
# enough for check outbox-kill to wait out, and still far above the fake gateway's answers.
SMS_TIMEOUT = 3
SMS_LEASE = 2 * SMS_TIMEOUT + 10


class CheckFailed(Exception):
    pass


def require(cond, why):
    if not cond:
        raise CheckFailed(why)


def log(msg):
    """Progress on stderr; stdout carries only the check lines and the summary."""
    print(f"cluster-proof: {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- HTTP

class Resp:
    def __init__(self, status, headers, body, error=""):
        self.status, self.headers, self.body, self.error = status, headers, body, error

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def code(self):
        j = self.json()
        return (j or {}).get("error", {}).get("code", "") if isinstance(j, dict) else ""

    def field(self):
        j = self.json()
        return (j or {}).get("error", {}).get("field", "") if isinstance(j, dict) else ""

    def request_id(self):
        return self.headers.get("x-request-id", "")

    def node_prefix(self):
        rid = self.request_id()
        return rid.rsplit("-", 1)[0] if "-" in rid else ""

    def brief(self):
        if self.status == 0:
            return f"no answer ({self.error})"
        code = self.code()
        return f"{self.status}{' ' + code if code else ''}"

    def __repr__(self):
        return f"{self.status} {self.body[:300]!r}{' ' + self.error if self.error else ''}"


class Login:
    """A logged-in user: the session cookie and its CSRF token, valid on every node."""

    def __init__(self, cookie, csrf):
        self.cookie, self.csrf = cookie, csrf


class Client:
    """One keep-alive connection to one port. Never retries: every answer is what happened."""

    def __init__(self, port, login=None, timeout=30):
        self.port, self.login, self.timeout = port, login, timeout
        self.conn = None

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def connect(self):
        if not self.conn:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.connect()

    def send(self, method, path, body=None, headers=None, raw=None, content_type=None):
        h = dict(headers or {})
        data = None
        if raw is not None:
            data = raw
            h["Content-Type"] = content_type or "application/octet-stream"
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        if self.login:
            h["Cookie"] = f"sciweek_session={self.login.cookie}"
            if method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.login.csrf
        try:
            self.connect()
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
            payload = r.read()
            headers_out = {k.lower(): v for k, v in r.getheaders()}
            cookies = r.msg.get_all("Set-Cookie") or []
            if r.getheader("Connection", "").lower() == "close":
                self.close()
            resp = Resp(r.status, headers_out, payload)
            resp.cookies = cookies
            return resp
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return Resp(0, {}, b"", f"{type(e).__name__}: {e}")

    def get(self, path, **kw):
        return self.send("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.send("POST", path, body=body if body is not None else {}, **kw)

    def put(self, path, body, **kw):
        return self.send("PUT", path, body=body, **kw)


def log_in(port, login, password):
    c = Client(port)
    r = c.post("/api/v1/auth/login", {"login": login, "password": password})
    c.close()
    require(r.status == 200, f"login {login} on :{port}: {r!r}")
    cookie = None
    for sc in getattr(r, "cookies", []):
        name, _, rest = sc.partition("=")
        if name.strip() == "sciweek_session":
            cookie = rest.split(";", 1)[0]
    require(cookie, f"login {login}: no sciweek_session cookie in {getattr(r, 'cookies', [])}")
    return Login(cookie, r.json()["csrf_token"])


def expect(r, status, what):
    require(r.status == status, f"{what}: expected {status}, got {r!r}")
    return r.json()


# ----------------------------------------------------------------------------- helpers

_phones = itertools.count(1)


def new_phone():
    """A distinct valid mainland mobile number (1[3-9]\\d{9}) per call."""
    return f"15{next(_phones):09d}"


def png_bytes(seed, w=64, h=48):
    """A small valid PNG (RGB, noise from `seed`, so each seed gives other bytes)."""
    rnd = random.Random(seed)
    raw = b"".join(b"\x00" + bytes(rnd.randrange(256) for _ in range(w * 3)) for _ in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def ticket_keys_value():
    """SCIWEEK_TICKET_KEYS for every node: one Ed25519 key `k1:<secret>`, the secret as
    libsodium keeps it (seed ‖ public key, base64url without padding). openssl makes it:
    the last 32 bytes of the PKCS#8 DER are the seed, of the SubjectPublicKeyInfo the key."""
    der = subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    pub = subprocess.run(["openssl", "pkey", "-inform", "DER", "-pubout", "-outform", "DER"], input=der,
                         capture_output=True, check=True).stdout
    seed, pk = der[-32:], pub[-32:]
    return "k1:" + b64url(seed + pk), b64url(pk)


def seconds_list(values):
    return "/".join(f"{v:.2f}" for v in values)


# ----------------------------------------------------------------------------- the SMS gateway

class FakeSmsGateway:
    """What every node's webhook adapter posts visitor SMS to (server/src/notify/http_sms.hpp:
    JSON {"phone","template_id","params","idempotency_key"}): an HTTP server on 127.0.0.1 on a
    thread of its own. It records each request and answers 200 {"id": "gw-N"} — except the
    first request for the phone given to hold(), which it keeps open without a word until the
    node's connection drops (or stop()): that node is then mid-send, holding its claim. Each
    node posts to /sms/<its name>, so a request says which node sent it."""

    def __init__(self):
        self.cond = threading.Condition()
        self.requests = []  # one dict per request, in the order they came
        self.hold_phone = None
        self.released = threading.Event()
        self.server = None
        self.port = None

    def start(self):
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # answers 100-continue; every answer closes the connection

            def do_POST(self):
                gateway.serve(self)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.released.set()
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def url(self, node_name):
        return f"http://127.0.0.1:{self.port}/sms/{node_name}"

    def hold(self, phone):
        with self.cond:
            self.hold_phone = phone

    def serve(self, h):
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        try:
            fields = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            fields = {}
        fields = fields if isinstance(fields, dict) else {}
        req = {"at": time.time(), "node": h.path.rsplit("/", 1)[-1], "phone": fields.get("phone", ""),
               "key": fields.get("idempotency_key", ""), "header_key": h.headers.get("Idempotency-Key", ""),
               "template": fields.get("template_id", ""), "held": False, "answered": None, "id": None,
               "dropped": None}
        with self.cond:
            req["held"] = bool(self.hold_phone) and req["phone"] == self.hold_phone and not any(
                r["phone"] == self.hold_phone for r in self.requests)
            if not req["held"]:
                req["id"] = f"gw-{len(self.requests) + 1}"
            self.requests.append(req)
            self.cond.notify_all()
        h.close_connection = True
        if req["held"]:
            self.hold_open(h.connection)
            with self.cond:
                req["dropped"] = time.time()
                self.cond.notify_all()
            return  # no answer at all: the handler closes the connection
        payload = json.dumps({"id": req["id"]}).encode()
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(payload)))
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(payload)
        h.wfile.flush()
        with self.cond:
            req["answered"] = time.time()
            self.cond.notify_all()

    def hold_open(self, sock):
        """Until the peer closes the connection (its process died, or it gave up) or stop()."""
        while not self.released.is_set():
            readable, _, _ = select.select([sock], [], [], 0.02)
            if not readable:
                continue
            try:
                if not sock.recv(1, socket.MSG_PEEK):
                    return
            except OSError:
                return
            time.sleep(0.02)  # bytes after the request: not expected, keep holding

    def wait_for(self, pick, timeout):
        """The requests `pick` chooses from all so far, as soon as it chooses any (else [])."""
        with self.cond:
            self.cond.wait_for(lambda: pick(self.requests), timeout)
            return list(pick(self.requests))

    def snapshot(self):
        with self.cond:
            return [dict(r) for r in self.requests]


# ----------------------------------------------------------------------------- the cluster

class Postgres:
    def __init__(self, folder):
        self.folder = folder
        self.url = None

    def start(self):
        r = subprocess.run(["bash", os.path.join(ROOT, "scripts/start-test-postgres.sh"), self.folder],
                           capture_output=True, text=True, start_new_session=True)
        if r.returncode != 0:
            raise RuntimeError(f"start-test-postgres.sh failed: {r.stderr.strip()}")
        self.url = r.stdout.strip().splitlines()[-1]
        return self.url

    def stop(self):
        if os.path.isdir(self.folder):
            subprocess.run(["bash", os.path.join(ROOT, "scripts/stop-test-postgres.sh"), self.folder],
                           capture_output=True, start_new_session=True)

    def rows(self, sql):
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", self.url,
                            "-c", sql], capture_output=True, text=True)
        if r.returncode != 0:
            raise CheckFailed(f"psql: {r.stderr.strip()} in: {sql}")
        return [line.split("\t") for line in r.stdout.splitlines() if line != ""]

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows else None

    def tables(self):
        return sorted(r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE'"))


class Node:
    def __init__(self, name, proof, db_url, data_dir, extra_args=()):
        self.name, self.proof, self.db_url, self.data_dir = name, proof, db_url, data_dir
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.prefix = ""
        self.log_path = os.path.join(proof.tmp, f"node-{name}.log")

    def start(self, port=0):
        """port: 0 for any free one; a restarted node takes its old port, so nginx finds it."""
        os.makedirs(self.data_dir, exist_ok=True)
        port_file = os.path.join(self.proof.tmp, f"node-{self.name}.port")
        if os.path.exists(port_file):
            os.remove(port_file)  # a restart: wait_ready must read the new process's port
        args = [self.proof.bin, "serve", "--db", self.db_url, "--listen", f"127.0.0.1:{port}", "--port-file", port_file,
                "--data-dir", self.data_dir, "--web-dir", self.proof.web, "--trust-proxy"] + self.extra_args
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=self.proof.node_env,
                                         start_new_session=True)
        self.proof.processes.append(self.proc)
        return port_file

    def wait_ready(self, port_file, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"node {self.name} exited with {self.proc.returncode}: {self.log_tail()}")
            if os.path.exists(port_file):
                self.port = int(open(port_file).read().strip())
                r = Client(self.port, timeout=5).get("/healthz")
                if r.status == 200:
                    self.prefix = r.node_prefix()
                    return
            time.sleep(0.1)
        raise RuntimeError(f"node {self.name} did not answer /healthz within {timeout} s: {self.log_tail()}")

    def log_tail(self, n=15):
        try:
            return " | ".join(open(self.log_path, errors="replace").read().splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


class Proof:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.web = os.path.abspath(args.web)
        self.keep = args.keep
        self.only = {c.strip() for c in args.only.split(",") if c.strip()}
        ticket_keys, self.ticket_public_key = ticket_keys_value()  # before anything needs cleaning up
        self.tmp = tempfile.mkdtemp(prefix="sciweek-proof.")
        self.processes = []
        self.pg = Postgres(os.path.join(self.tmp, "pg"))
        self.pg2 = Postgres(os.path.join(self.tmp, "pg-restored"))
        self.nodes = []
        self.restored = None
        self.gateway = FakeSmsGateway()
        self.nginx_prefix = os.path.join(self.tmp, "nginx")
        self.nginx_conf = os.path.join(self.nginx_prefix, "nginx.conf")
        self.nginx_port = None
        self.nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        self.password = "Proof-" + b64url(os.urandom(9)) + "9!"
        self.results = []
        self.node_env = dict(os.environ)
        for k in list(self.node_env):
            if k.startswith("SCIWEEK_"):
                del self.node_env[k]  # nothing from the caller's shell changes what is proved
        self.node_env["SCIWEEK_TICKET_KEYS"] = ticket_keys
        self.node_env["SCIWEEK_DATA_KEY"] = b64url(os.urandom(32))
        self.node_env["SCIWEEK_DEMO_PASSWORD"] = self.password

    # -- life cycle

    def up(self):
        url = self.pg.start()
        log(f"PostgreSQL {url}")
        r = subprocess.run([self.bin, "demo", "--db", url, "--data-dir", os.path.join(self.tmp, "demo-data"),
                            "--reference-only"], capture_output=True, text=True, env=self.node_env,
                           start_new_session=True)
        if r.returncode != 0:
            raise RuntimeError(f"sciweek demo failed: {r.stdout}{r.stderr}")
        flags = ["--reserve-rate-per-ip", "0",  # every client is 127.0.0.1 here
                 "--reserve-rate-per-phone", str(PHONE_LIMIT),
                 "--offer-sweep-seconds", "1",
                 # visitor messages are written to the outbox and sent to the fake gateway
                 "--sms-provider", "webhook", "--public-base-url", "https://kejizhou.example.org.cn",
                 "--sms-timeout-seconds", str(SMS_TIMEOUT)]
        self.gateway.start()
        for name in NODE_NAMES:
            self.nodes.append(Node(name, self, url, os.path.join(self.tmp, f"data-{name}"),
                                   flags + ["--sms-endpoint", self.gateway.url(name)]))
        port_files = [n.start() for n in self.nodes]  # together: migrations run under a lock
        for n, f in zip(self.nodes, port_files):
            n.wait_ready(f)
        self.nginx_port = self.free_port()
        conf = subprocess.run(["bash", os.path.join(ROOT, "scripts/cluster-nginx-conf.sh"), self.nginx_prefix,
                               f"127.0.0.1:{self.nginx_port}"] + [str(n.port) for n in self.nodes],
                              capture_output=True, text=True, check=True).stdout
        with open(self.nginx_conf, "w") as f:
            f.write(conf)
        r = subprocess.run([self.nginx_bin, "-p", self.nginx_prefix, "-c", self.nginx_conf], capture_output=True,
                           text=True, start_new_session=True)
        if r.returncode != 0:
            raise RuntimeError(f"nginx did not start: {r.stderr.strip()}")
        deadline = time.time() + 10
        while Client(self.nginx_port, timeout=2).get("/healthz").status != 200:
            require(time.time() < deadline, "nginx does not answer /healthz")
            time.sleep(0.1)
        log("nodes " + ", ".join(f"{n.name}=:{n.port} ({n.prefix})" for n in self.nodes) +
            f"; nginx :{self.nginx_port}; folder {self.tmp}")

    @staticmethod
    def free_port():
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return port

    def down(self):
        pid_file = os.path.join(self.nginx_prefix, "nginx.pid")
        if os.path.exists(pid_file):
            try:
                pid = int(open(pid_file).read().strip())
                os.kill(pid, signal.SIGTERM)
                for _ in range(50):
                    os.kill(pid, 0)
                    time.sleep(0.1)
            except (OSError, ValueError):
                pass
        for n in self.nodes + ([self.restored] if self.restored else []):
            n.stop()
        for p in self.processes:
            if p.poll() is None:
                p.kill()
        self.gateway.stop()
        self.pg2.stop()
        self.pg.stop()
        if self.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- running checks

    def wants(self, name):
        return not self.only or name in self.only

    def check(self, name, fn):
        if not self.wants(name):
            return None
        started = time.time()
        try:
            figures = fn()
            line = f"PASS {name}: {figures}"
            ok = True
        except CheckFailed as e:
            line = f"FAIL {name}: {e}"
            ok = False
        except Exception as e:  # a bug of the proof itself still fails the check, visibly
            line = f"FAIL {name}: {type(e).__name__}: {e}"
            ok = False
        self.results.append((name, ok))
        print(line, flush=True)
        log(f"{name} took {time.time() - started:.1f} s")
        return ok

    # -- API shortcuts

    def via_nginx(self, login=None):
        return Client(self.nginx_port, login)

    def node_client(self, node, login=None):
        return Client(node.port, login)

    def setup_season(self):
        """A campaign whose week is ahead (reservable), offers lasting the minimum (1 min)."""
        self.admin = log_in(self.nginx_port, "admin", self.password)
        self.reporter = log_in(self.nginx_port, "110108", self.password)  # 海淀区 leads the activities
        a = self.via_nginx(self.admin)
        year = time.gmtime(time.time() + 8 * 3600).tm_year + 1
        body = {"year": year, "edition": year - 1994, "name": f"{year}年北京科技周", "theme": "热爱科学 崇尚科学",
                "start_date": f"{year}-05-20", "end_date": f"{year}-05-31",
                "report_deadline": f"{year}-06-12T18:00:00+08:00",
                "contacts": [{"name": "栗英轩", "phone": "55577988"}]}
        expect(a.post("/api/v1/campaigns", body), 201, "creating the campaign")
        c = expect(a.get(f"/api/v1/campaigns/{year}"), 200, "reading the campaign")
        c.pop("year", None)
        c.update(status="open", offer_minutes=1, max_party_size=5, large_event_threshold=1000000)
        expect(a.put(f"/api/v1/campaigns/{year}", c), 200, "opening the campaign")
        self.year = year

    def publish(self, title, capacity, sessions=1):
        y = self.year
        t = lambda h: f"{y}-05-20T{h:02d}:00:00+08:00"
        body = {"title": title, "category": "开放日", "mode": "offline", "district": "110108",
                "venue": "中关村科学城展示中心", "address": "海淀区中关村大街1号", "starts_at": t(8),
                "ends_at": t(8 + sessions), "audience": ["青少年", "公众"], "description": "集群验证",
                "contact_name": "王老师", "contact_phone": "010-62345678", "is_free": True,
                "reservation_required": True,
                "sessions": [{"starts_at": t(8 + i), "ends_at": t(9 + i), "capacity": capacity}
                             for i in range(sessions)]}
        r = self.via_nginx(self.reporter)
        act = expect(r.post(f"/api/v1/campaigns/{y}/activities", body), 201, f"creating {title}")
        expect(r.post(f"/api/v1/activities/{act['id']}/submit"), 200, f"submitting {title}")
        act = expect(self.via_nginx(self.admin).post(f"/api/v1/activities/{act['id']}/approve"), 200,
                     f"approving {title}")
        return act["id"], [s["id"] for s in act["sessions"]]

    @staticmethod
    def reserve(client, session_id, phone, party=1, waitlist=False):
        kind = "waitlist" if waitlist else "reservations"
        return client.post(f"/api/v1/public/sessions/{session_id}/{kind}",
                           {"name": "验证观众", "phone": phone, "party_size": party})

    @staticmethod
    def remaining(client, activity_id, session_index=0):
        r = client.get(f"/api/v1/public/activities/{activity_id}")
        if r.status != 200:
            return None
        return r.json()["sessions"][session_index]["remaining"]

    def wait_remaining(self, node, activity_id, want, timeout):
        """Seconds until node's public detail shows `want` (None if it never did)."""
        c = self.node_client(node)
        t0 = time.time()
        while True:
            if self.remaining(c, activity_id) == want:
                return time.time() - t0
            if time.time() - t0 > timeout:
                return None
            time.sleep(0.02)


# ----------------------------------------------------------------------------- check 1

def check_race(p):
    act, (session,) = p.publish("集群抢票", 10)
    clients = 64
    barrier = threading.Barrier(clients)
    results = [None] * clients
    phones = [new_phone() for _ in range(clients)]

    def one(i):
        c = p.via_nginx()
        try:
            c.connect()
        except OSError:
            pass
        barrier.wait()
        results[i] = p.reserve(c, session, phones[i])
        c.close()

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    created = [r for r in results if r and r.status == 201]
    full = [r for r in results if r and r.status == 409 and r.code() == "slot_full"]
    other = [r for r in results if r not in created and r not in full]
    spread = {n.name: sum(1 for r in results if r and r.node_prefix() == n.prefix) for n in p.nodes}
    require(len(created) == 10 and len(full) == clients - 10 and not other,
            f"{len(created)}×201, {len(full)}×409 slot_full, {len(other)} other (first: {other[:1]!r})")
    live, people = p.pg.rows(f"SELECT COUNT(*), COALESCE(SUM(party_size), 0) FROM reservations "
                             f"WHERE session_id = {session} AND status IN {HOLDING}")[0]
    taken, capacity = p.pg.rows(f"SELECT taken, capacity FROM sessions WHERE id = {session}")[0]
    rows = p.pg.value(f"SELECT COUNT(*) FROM reservations WHERE session_id = {session}")
    tickets_db = {r[0] for r in p.pg.rows(f"SELECT ticket_no FROM reservations WHERE session_id = {session} "
                                          f"AND status = 'confirmed'")}
    tickets_http = {r.json()["ticket_no"] for r in created}
    require(live == "10" and people == "10" and taken == "10" and capacity == "10" and rows == "10",
            f"DB: {live} live reservations ({people} people, {rows} rows), taken {taken} of {capacity}")
    require(tickets_db == tickets_http, f"the 201s' tickets {sorted(tickets_http)} ≠ the DB's {sorted(tickets_db)}")
    # One signing key for the cluster, from SCIWEEK_TICKET_KEYS: every node publishes it,
    # reads a ticket another node issued, and made no key file of its own.
    sample, phone = created[0].json(), phones[results.index(created[0])]
    for n in p.nodes:
        k = p.node_client(n).get("/api/v1/public/ticket-key").json() or {}
        require(k.get("kid") == "k1" and k.get("public_key") == p.ticket_public_key,
                f"node {n.name} signs with {k.get('kid')} {k.get('public_key')}, not the shared k1")
        g = p.node_client(n).get(f"/api/v1/public/reservations/{sample['code']}", headers={"X-Visitor-Phone": phone})
        require(g.status == 200 and g.json()["ticket_no"] == sample["ticket_no"],
                f"node {n.name} cannot read a ticket issued through nginx: {g!r}")
        require(not os.path.exists(os.path.join(n.data_dir, "keys")), f"node {n.name} made keys in its data folder")
    seen = {}
    for n in p.nodes:
        d = p.wait_remaining(n, act, 0, 3.0)
        require(d is not None, f"node {n.name} still shows remaining "
                               f"{p.remaining(p.node_client(n), act)} 3 s after the sell-out")
        seen[n.name] = d
    return (f"{clients} clients through nginx (served by A/B/C {spread['A']}/{spread['B']}/{spread['C']}): "
            f"10×201, {len(full)}×409 slot_full; DB {live} live reservations = taken {taken} of {capacity}, "
            f"tickets match and read on every node (one key k1 from SCIWEEK_TICKET_KEYS); remaining 0 on " +
            ", ".join(f"{k} (after {v:.2f} s)" for k, v in seen.items()))


# ----------------------------------------------------------------------------- check 2

def check_freshness(p):
    act, (session,) = p.publish("集群余量同步", 100)
    a, others = p.nodes[0], p.nodes[1:]
    for n in p.nodes:
        require(p.wait_remaining(n, act, 100, 5.0) is not None, f"node {n.name} never showed the new activity")
    rounds = 3
    delays = {n.name: [] for n in others}  # until the first answer with the new count
    stale = {n.name: [] for n in others}  # until the last request that still got the old one
    for k in range(rounds):
        want = 100 - (k + 1)
        found = {}

        def poll(n, t0_box, ready):
            c = p.node_client(n)
            ready.wait()
            last_stale = 0.0
            while time.time() - t0_box[0] < 5.0:
                sent = time.time()
                if p.remaining(c, act) == want:
                    found[n.name] = (time.time() - t0_box[0], last_stale)
                    return
                last_stale = sent - t0_box[0]
                time.sleep(0.02)

        t0_box, ready = [0.0], threading.Event()
        threads = [threading.Thread(target=poll, args=(n, t0_box, ready), daemon=True) for n in others]
        for t in threads:
            t.start()
        r = p.reserve(p.node_client(a), session, new_phone())
        t0_box[0] = time.time()  # the 201 is in: the write is committed
        ready.set()
        require(r.status == 201, f"reserving on node A: {r!r}")
        for t in threads:
            t.join(10)
        for n in others:
            require(n.name in found, f"round {k + 1}: node {n.name} did not show remaining {want} within 5 s")
            delays[n.name].append(found[n.name][0])
            stale[n.name].append(found[n.name][1])
        time.sleep(random.uniform(0.1, 0.6))  # the next write at another phase of the nodes' tick
    worst = max(max(v) for v in delays.values())
    worst_stale = max(max(v) for v in stale.values())
    figures = "; ".join(f"{name} {seconds_list(v)} s" for name, v in delays.items())
    # Polling every 20 ms, the change became visible between the last stale answer's request
    # and the first fresh answer: it is late only when a request sent after the limit still
    # got the old count. Each node refreshes its calendar twice a second on fixed deadlines
    # (server/src/app/commands.cpp, the ticker); the first round — written just after the
    # nodes showed the new activity, i.e. just after a refresh — probes the worst phase.
    limit = FRESHNESS_LIMIT
    require(worst_stale <= limit, f"a request sent {worst_stale:.2f} s after the 201 still got the old count, over "
                                  f"{limit:.2f} s (first fresh answers: {figures})")
    return (f"{rounds} reservations on A, the new count first answered by B and C after {figures} (polled "
            f"every 20 ms; the first just after a refresh, the worst phase); worst {worst:.2f} s, the last stale "
            f"answer to a request sent at {worst_stale:.2f} s (limit {FRESHNESS_LIMIT:.0f} s)")


# ----------------------------------------------------------------------------- check 3

def material_path(year, org, mid=None):
    return f"/api/v1/campaigns/{year}/reports/{org}/materials" + (f"/{mid}" if mid else "")


def upload_photo(client, org, name, data):
    q = urllib.parse.urlencode({"kind": "photo", "filename": name})
    return client.send("POST", material_path(REPORT_YEAR, org) + "?" + q, raw=data, content_type="image/png")


def files_holding(node, digest):
    root = os.path.join(node.data_dir, "files")
    return os.path.exists(os.path.join(root, digest[:2], digest))


def check_upload(p):
    a = p.nodes[0]
    pku = log_in(a.port, "pku", p.password)
    data = png_bytes("cluster-proof upload A")
    digest = sha256(data)
    r = upload_photo(p.node_client(a, pku), "pku", "集群验证-A.png", data)
    m = expect(r, 201, "uploading a photo on node A")
    require(m["sha256"] == digest and m["size"] == len(data), f"upload answer {m} ≠ sent sha256 {digest}")
    outcomes, bad = [], []
    for n in p.nodes:
        d = p.node_client(n, pku).get(material_path(REPORT_YEAR, "pku", m["id"]))
        same = d.status == 200 and sha256(d.body) == digest
        outcomes.append(f"{n.name} {'identical' if same else d.brief()}")
        if not same:
            bad.append(n)
    on_disk = "".join(n.name for n in p.nodes if files_holding(n, digest))
    summary = (f"photo {len(data)} B sha256 {digest[:12]}… uploaded on A (material {m['id']}); "
               f"download: {', '.join(outcomes)}")
    require(not bad, f"{summary} — the bytes are only in the data folder of node(s) {on_disk or 'none'}: files "
                     f"live on each node's disk (<data-dir>/files), not in PostgreSQL; expected to fail until "
                     f"main lands 'files stored in PostgreSQL'")
    return summary


# ----------------------------------------------------------------------------- check 4

def check_per_phone(p):
    _, sessions = p.publish("集群限额", 50, sessions=2 * PHONE_LIMIT)
    phone = new_phone()
    answers = []
    for i, s in enumerate(sessions):
        n = p.nodes[i % 3]
        r = p.reserve(p.node_client(n), s, phone)
        answers.append((n.name, r))
    ok = [x for x in answers if x[1].status == 201]
    refused = [x for x in answers if x[1].status == 409 and x[1].code() == "conflict" and x[1].field() == "phone"]
    seq = ", ".join(f"{name} {r.brief()}" for name, r in answers)
    live = p.pg.value(f"SELECT COUNT(*) FROM reservations WHERE phone = '{phone}' AND status IN {LIVE}")
    require(len(ok) == PHONE_LIMIT and len(refused) == len(sessions) - PHONE_LIMIT and
            [x[1].status for x in answers[:PHONE_LIMIT]] == [201] * PHONE_LIMIT,
            f"limit {PHONE_LIMIT}, one phone alternating A/B/C: {seq}")
    require(live == str(PHONE_LIMIT), f"DB holds {live} live reservations for the phone, limit {PHONE_LIMIT}")
    return f"limit {PHONE_LIMIT}/24 h, one phone alternating nodes: {seq}; DB {live} live for the phone"


def check_per_phone_burst(p):
    _, sessions = p.publish("集群限额并发", 50, sessions=2 * PHONE_LIMIT)
    rounds, worst, lines = 4, 0, []
    for k in range(rounds):
        one_node = k == rounds - 1  # the last round on node A alone: not a cluster matter
        phone = new_phone()
        barrier = threading.Barrier(len(sessions))
        results = [None] * len(sessions)

        def one(i):
            c = p.node_client(p.nodes[0 if one_node else i % 3])
            try:
                c.connect()
            except OSError:
                pass
            barrier.wait()
            results[i] = p.reserve(c, sessions[i], phone)

        threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(sessions))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        ok = sum(1 for r in results if r and r.status == 201)
        live = int(p.pg.value(f"SELECT COUNT(*) FROM reservations WHERE phone = '{phone}' AND status IN {LIVE}"))
        worst = max(worst, live)
        lines.append(f"{ok}×201/DB {live}" + (" (all on A)" if one_node else ""))
    figures = (f"limit {PHONE_LIMIT}; {rounds} rounds of {len(sessions)} simultaneous requests of one phone, "
               f"each for another session, 2 per node: " + ", ".join(lines))
    require(worst <= PHONE_LIMIT, f"{figures} — the limit is read before the insert (READ COMMITTED, no lock on "
                                  f"the phone), so simultaneous requests all pass it")
    return figures


# ----------------------------------------------------------------------------- check 5

class OfferSetup:
    """Sessions of 2 places: a holder (2 people) cancels, so W1 (2) is offered for 1 minute;
    W2 (1), W3 (1), W4 (2) wait. When W1's offer lapses exactly once, W2 and W3 are offered
    and W4 waits; a second expiry would free places twice and offer W4 too (or fail the
    `taken` check), a lost one would leave places idle."""

    SESSIONS = 6

    def __init__(self, p):
        self.p = p
        self.act, self.sessions = p.publish("集群候补过期", 2, sessions=self.SESSIONS)
        self.rows = {}  # session → {role: (phone, ticket_no, code)}
        c = p.via_nginx()
        for s in self.sessions:
            roles = {}
            holder = new_phone()
            r = p.reserve(c, s, holder, party=2)
            t = expect(r, 201, "the holder's reservation")
            roles["H"] = (holder, t["ticket_no"], t["code"])
            for role, party in (("W1", 2), ("W2", 1), ("W3", 1), ("W4", 2)):
                phone = new_phone()
                t = expect(p.reserve(c, s, phone, party=party, waitlist=True), 201, f"{role} joining the line")
                require(t["status"] == "waiting", f"{role}: {t['status']}")
                roles[role] = (phone, t["ticket_no"], t["code"])
            self.rows[s] = roles
        # The holders cancel, each on another node: W1 of each session gets its offer.
        for i, s in enumerate(self.sessions):
            phone, _, code = self.rows[s]["H"]
            r = p.node_client(p.nodes[i % 3]).send("DELETE", f"/api/v1/public/reservations/{code}",
                                                   headers={"X-Visitor-Phone": phone})
            expect(r, 204, "the holder cancelling")
        offered = p.pg.rows(f"SELECT r.ticket_no, r.offer_expires_at FROM reservations r WHERE r.session_id IN "
                            f"({','.join(map(str, self.sessions))}) AND r.status = 'offered'")
        w1 = {self.rows[s]["W1"][1] for s in self.sessions}
        require({t for t, _ in offered} == w1, f"after the cancellations the offers are {offered}, not W1's")
        self.expires_at = max(int(e) for _, e in offered)
        log(f"offers to {len(offered)} W1s lapse at {time.strftime('%H:%M:%S', time.localtime(self.expires_at))}")


def check_offer_expiry(p, o):
    ids = ",".join(map(str, o.sessions))
    # An offer lapses at the first sweep with now > offer_expires_at (whole seconds).
    wait = o.expires_at + 1 - time.time()
    if wait > 0:
        log(f"waiting {wait:.0f} s for the offers to lapse")
        time.sleep(wait)
    deadline = time.time() + 10
    while int(p.pg.value(f"SELECT COUNT(*) FROM reservations WHERE session_id IN ({ids}) AND status = 'expired'")) \
            < len(o.sessions):
        require(time.time() < deadline, "the offers had not lapsed 10 s after their time")
        time.sleep(0.1)
    lapsed_after = time.time() - o.expires_at
    time.sleep(3.0)  # three more sweeps on each of the three nodes
    alive = [n.name for n in p.nodes if n.proc.poll() is None]
    require(len(alive) == 3, f"only nodes {alive} were running")
    problems = []
    status = {t: (st, int(u), int(e) if e else None) for t, st, u, e in p.pg.rows(
        f"SELECT ticket_no, status, updated_at, offer_expires_at FROM reservations WHERE session_id IN ({ids})")}
    want = {"H": "cancelled", "W1": "expired", "W2": "offered", "W3": "offered", "W4": "waiting"}
    for s in o.sessions:
        row = {role: status[o.rows[s][role][1]] for role in want}
        for role, st in want.items():
            if row[role][0] != st:
                problems.append(f"session {s} {role} is {row[role][0]}, not {st}")
        # The lapse and the offers it passes on are one sweep's transaction: the same second,
        # and the new offers last the campaign's minute from then.
        lapsed_at = row["W1"][1]
        for role in ("W2", "W3"):
            if row[role][1] != lapsed_at or row[role][2] != lapsed_at + 60:
                problems.append(f"session {s}: {role} offered at {row[role][1]} until {row[role][2]}, W1 lapsed "
                                f"at {lapsed_at}")
    places = p.pg.rows(f"SELECT s.id, s.taken, s.capacity, COALESCE(SUM(r.party_size) FILTER (WHERE r.status IN "
                       f"{HOLDING}), 0) FROM sessions s LEFT JOIN reservations r ON r.session_id = s.id "
                       f"WHERE s.id IN ({ids}) GROUP BY s.id, s.taken, s.capacity")
    for sid, taken, cap, held in places:
        if not (taken == held == cap == "2"):
            problems.append(f"session {sid}: taken {taken}, held by reservations {held}, capacity {cap}")
    # The outbox (--sms-provider log): one offer and one lapse message per W1, one offer per W2/W3.
    msgs = p.pg.rows(f"SELECT r.ticket_no, m.kind, COUNT(*) FROM visitor_messages m JOIN reservations r ON "
                     f"r.id = m.reservation_id WHERE r.session_id IN ({ids}) AND m.kind IN ('offered', "
                     f"'offer_expired') GROUP BY r.ticket_no, m.kind")
    counts = {(t, k): int(c) for t, k, c in msgs}
    for s in o.sessions:
        rr = o.rows[s]
        wanted = {(rr["W1"][1], "offered"): 1, (rr["W1"][1], "offer_expired"): 1, (rr["W2"][1], "offered"): 1,
                  (rr["W3"][1], "offered"): 1, (rr["W4"][1], "offered"): 0, (rr["W4"][1], "offer_expired"): 0,
                  (rr["W2"][1], "offer_expired"): 0, (rr["W3"][1], "offer_expired"): 0}
        for key, n in wanted.items():
            if counts.get(key, 0) != n:
                problems.append(f"session {s}: {counts.get(key, 0)} '{key[1]}' messages for {key[0]}, not {n}")
    # What the visitor sees, from another node than the one that swept: expired, cannot accept.
    s0 = o.sessions[0]
    phone, _, code = o.rows[s0]["W1"]
    t = p.node_client(p.nodes[2]).get(f"/api/v1/public/reservations/{code}", headers={"X-Visitor-Phone": phone})
    tj = t.json() or {}
    if t.status != 200 or tj.get("status") != "expired" or tj.get("can", {}).get("accept_offer"):
        problems.append(f"W1's ticket on node C: {t!r}")
    acc = p.node_client(p.nodes[1]).post(f"/api/v1/public/reservations/{code}/accept", {"phone": phone})
    if acc.status != 409:
        problems.append(f"accepting the lapsed offer on node B: {acc!r}, not 409")
    require(not problems, "; ".join(problems[:6]) + (f" (+{len(problems) - 6} more)" if len(problems) > 6 else ""))
    return (f"{len(o.sessions)} offers (1 min) lapsed {lapsed_after:.1f} s after their time with all 3 nodes "
            f"sweeping every second; each exactly once: W1 expired, W2+W3 offered in the same sweep, W4 waiting, "
            f"taken = held = capacity 2 in every session; outbox 1 offer + 1 lapse per W1, 1 offer per W2/W3, "
            f"none for W4; the lapsed ticket reads expired on C and accepting it on B is 409")


# ----------------------------------------------------------------------------- check 6

def outbox_busy(p):
    """Outbox rows a node is sending, or that are due and wait for one."""
    return int(p.pg.value(f"SELECT COUNT(*) FROM visitor_messages WHERE status = 'sending' OR "
                          f"(status = 'pending' AND next_attempt_at <= {int(time.time())})"))


def wait_outbox_idle(p, timeout):
    """Seconds until no outbox row is being sent or due."""
    t0 = time.time()
    while True:
        busy = outbox_busy(p)
        if not busy:
            return time.time() - t0
        require(time.time() - t0 < timeout, f"{busy} outbox rows still being sent or due after {timeout} s")
        time.sleep(0.1)


def check_outbox_kill(p):
    """A visitor's confirmation SMS whose sender dies mid-send: its claim (claimed_until) must
    lapse and another node send it, once; nothing else is sent twice or lost."""
    gw = p.gateway
    require(all(n.proc.poll() is None for n in p.nodes), "not every node is running")
    wait_outbox_idle(p, 30)  # the message below then waits behind no other
    _, (session,) = p.publish("集群短信交接", 10)
    phone = new_phone()
    gw.hold(phone)
    ticket = expect(p.reserve(p.via_nginx(), session, phone), 201, "the reservation whose confirmation is held")

    def mine(reqs):
        return [r for r in reqs if r["phone"] == phone]

    first = gw.wait_for(mine, 15)
    require(first, "its confirmation did not reach the gateway within 15 s")
    first = first[0]
    victim = next((n for n in p.nodes if n.name == first["node"]), None)
    require(victim, f"the held request came to /sms/{first['node']}, no node's path")
    open_at_kill = first["dropped"] is None
    t_kill = time.time()
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait(10)
    t_dead = time.time()
    try:
        figures = outbox_handover(p, session, ticket, mine, first, open_at_kill, (t_kill, t_dead))
    finally:
        gw.hold(None)
        t0 = time.time()  # back on its port (nginx still lists it) for the checks after this one
        victim.wait_ready(victim.start(victim.port))
    return figures + f"; {victim.name} restarted on its port in {time.time() - t0:.1f} s"


def outbox_handover(p, session, ticket, mine, first, open_at_kill, kill_times):
    """check_outbox_kill from the kill on: `first` is the held request, `mine` picks the
    requests for its message."""
    gw = p.gateway
    t_kill, t_dead = kill_times
    victim = next(n for n in p.nodes if n.name == first["node"])
    survivors = [n for n in p.nodes if n is not victim]
    rows = p.pg.rows(f"SELECT m.id, m.status, m.attempts, m.claimed_until, m.idempotency_key FROM visitor_messages m "
                     f"JOIN reservations r ON r.id = m.reservation_id WHERE r.ticket_no = '{ticket['ticket_no']}' "
                     f"AND m.kind = 'confirmed'")
    require(len(rows) == 1, f"{len(rows)} confirmation rows for ticket {ticket['ticket_no']}")
    mid, status, attempts, claimed_until, key = rows[0]
    claimed_until = int(claimed_until)
    require(open_at_kill and status == "sending" and attempts == "0" and claimed_until > t_dead,
            f"node {victim.name} was not mid-send at the kill: message {mid} {status}, attempts {attempts}, claimed "
            f"until {claimed_until - t_dead:+.1f} s from its death, gateway connection "
            f"{'open' if open_at_kill else 'already closed'}")
    # The survivors keep serving and sending meanwhile: their /healthz, and four more
    # reservations on them whose confirmations must go out at once, while the claim holds.
    stop, health = threading.Event(), []

    def poll_health():
        clients = [(n.name, p.node_client(n)) for n in survivors]
        while not stop.is_set():
            for name, c in clients:
                health.append((name, c.get("/healthz").status))
            time.sleep(0.25)

    poller = threading.Thread(target=poll_health, daemon=True)
    poller.start()
    others = []
    try:
        for i in range(4):
            n, other = survivors[i % 2], new_phone()
            t0 = time.time()
            expect(p.reserve(p.node_client(n), session, other), 201, f"a reservation on node {n.name}")
            others.append((n.name, other, t0))
        second = gw.wait_for(lambda reqs: [r for r in mine(reqs) if r["answered"]],
                             max(claimed_until - time.time(), 0) + 15)
        require(second, f"message {mid} was not sent again within 15 s of its claim's end")
        second = second[0]
        deadline = time.time() + 5
        while p.pg.value(f"SELECT status FROM visitor_messages WHERE id = {mid}") != "sent":
            require(time.time() < deadline, f"message {mid} answered by the gateway but not 'sent' 5 s later")
            time.sleep(0.05)
    finally:
        stop.set()
        poller.join(10)
    problems = []
    reqs = mine(gw.snapshot())
    if len(reqs) != 2:
        problems.append(f"{len(reqs)} requests for message {mid}, not 2 (the held one and one more)")
    if first["answered"] or first["dropped"] is None or first["dropped"] < t_kill:
        problems.append(f"the held request: answered {first['answered']}, connection dropped at {first['dropped']}, "
                        f"kill at {t_kill:.2f}")
    if second["node"] == victim.name:
        problems.append(f"the second request came from the killed node {victim.name}")
    if second["at"] < claimed_until:
        problems.append(f"node {second['node']} took message {mid} {claimed_until - second['at']:.2f} s before "
                        f"its claim ran out")
    after_lapse = second["at"] - claimed_until
    if after_lapse > 11:  # a node looks at least every 10 s (VisitorDeliverySettings::poll_seconds)
        problems.append(f"sent again only {after_lapse:.1f} s after the claim ran out")
    if any(r["key"] != key or r["header_key"] != key for r in reqs):
        problems.append(f"idempotency keys {[(r['key'], r['header_key']) for r in reqs]}, not the row's {key}")
    _, status, attempts, claimed, sent_at, provider = p.pg.rows(
        f"SELECT id, status, attempts, claimed_until, sent_at, provider_id FROM visitor_messages WHERE id = {mid}")[0]
    # attempts 2: the killed node's attempt counts (MessageStore::Claim), then the survivor's.
    if (status, attempts, claimed, provider) != ("sent", "2", "0", second["id"]) or not sent_at:
        problems.append(f"message {mid} ends {status}, attempts {attempts}, claimed_until {claimed}, sent_at "
                        f"{sent_at}, provider id {provider!r} (the answered request's: {second['id']})")
    # The other confirmations: one request each, answered, from a survivor.
    delays = []
    for name, other, t0 in others:
        got = [r for r in gw.snapshot() if r["phone"] == other]
        if len(got) != 1 or not got[0]["answered"] or got[0]["node"] == victim.name:
            problems.append(f"the confirmation to a phone reserved on {name}: "
                            f"{[(r['node'], bool(r['answered'])) for r in got]}")
        else:
            delays.append(got[0]["answered"] - t0)
    # Everything the proof has sent so far (no node was killed before this check): each
    # message answered by the gateway once, 'sent' in the outbox with that answer's id, and
    # every 'sent' row one the gateway answered.
    wait_outbox_idle(p, 15)
    answered, tried = {}, 0
    for r in gw.snapshot():
        tried += 1
        if r["answered"]:
            answered.setdefault(r["key"], []).append(r["id"])
    outbox, statuses = {}, {}
    for k, st, pid in p.pg.rows("SELECT idempotency_key, status, provider_id FROM visitor_messages "
                                "WHERE channel = 'sms'"):
        outbox[k] = (st, pid)
        statuses[st] = statuses.get(st, 0) + 1
    twice = {k: v for k, v in answered.items() if len(v) > 1}
    lost = [k for k, (st, pid) in outbox.items() if st == "sent" and pid not in answered.get(k, [])]
    unrecorded = [k for k in answered if outbox.get(k, ("", ""))[0] != "sent"]
    if twice:
        problems.append(f"{len(twice)} messages answered by the gateway more than once: {list(twice.items())[:3]}")
    if lost:
        problems.append(f"{len(lost)} rows 'sent' that the gateway never answered with their provider id: {lost[:3]}")
    if unrecorded:
        problems.append(f"{len(unrecorded)} messages the gateway answered are not 'sent' in the outbox: "
                        f"{[(k, outbox.get(k)) for k in unrecorded[:3]]}")
    if statuses.get("failed"):
        problems.append(f"{statuses['failed']} outbox rows failed")
    bad_health = [h for h in health if h[1] != 200]
    if bad_health or not health:
        problems.append(f"survivors' /healthz during the hand-over: {len(health)} asked, not 200: {bad_health[:3]}")
    refused = Client(victim.port, timeout=2).get("/healthz")
    if refused.status != 0:
        problems.append(f"the killed node still answers: {refused!r}")
    require(not problems, "; ".join(problems))
    return (f"the gateway held the first request for one confirmation (message {mid}) open, from node {victim.name}; "
            f"kill -9 of {victim.name} {(t_kill - first['at']) * 1000:.0f} ms later, mid-send (row 'sending', "
            f"attempts 0, claimed for {claimed_until - first['at']:.0f} s more; the gateway saw the connection drop "
            f"{(first['dropped'] - t_kill) * 1000:.0f} ms after the signal); node {second['node']} sent it "
            f"{second['at'] - t_kill:.1f} s after the kill, {after_lapse:.2f} s after the claim ran out (lease "
            f"{SMS_LEASE} s = 2 × --sms-timeout-seconds {SMS_TIMEOUT} + 10): 2 requests with its idempotency key, 1 "
            f"answered; the row ends 'sent', attempts 2, provider id {second['id']} (the killed attempt counts: "
            f"the provider may have had it); meanwhile {len(others)} confirmations reserved on "
            f"{'/'.join(n.name for n in survivors)} were sent once each within {max(delays):.2f} s, and "
            f"{len(health)} /healthz of the survivors were all 200; over the whole proof so far {tried} gateway "
            f"requests, {len(answered)} messages answered, none twice, each 'sent' in the outbox with the answer's "
            f"id and no 'sent' row unanswered (outbox {', '.join(f'{v} {k}' for k, v in sorted(statuses.items()))})")


# ----------------------------------------------------------------------------- check 7

def form_integer_fields(p, login):
    form = expect(p.via_nginx(login).get(f"/api/v1/campaigns/{REPORT_YEAR}/form"), 200, "reading the form")
    out = []
    for sec in form["sections"]:
        for f in sec["fields"]:
            if f["type"] == "integer" and (f.get("max") is None or f["max"] >= 10 ** 6):
                out.append(f["code"])
    require(out, "the form has no integer field")
    return out


def check_kill(p):
    _, sessions = p.publish("集群宕机演练", 20000, sessions=4)
    victim = p.nodes[1]
    survivors = [n for n in p.nodes if n is not victim]
    units = ["tsinghua", "iop"]
    logins = {u: log_in(p.nginx_port, u, p.password) for u in units}
    field = form_integer_fields(p, logins[units[0]])[0]
    stop = threading.Event()
    lock = threading.Lock()
    reservations, saves = [], []  # (t_start, t_end, Resp, details)

    def reserver(k):
        c = p.via_nginx()
        while not stop.is_set():
            s, phone = sessions[k % len(sessions)], new_phone()
            t0 = time.time()
            r = p.reserve(c, s, phone)
            with lock:
                reservations.append((t0, time.time(), r, (s, phone)))

    def saver(unit):
        c = p.via_nginx(logins[unit])
        path = f"/api/v1/campaigns/{REPORT_YEAR}/reports/{unit}"
        version = expect(c.get(path), 200, f"reading {unit}'s report")["version"]
        value = 0
        while not stop.is_set():
            value += 1
            t0 = time.time()
            r = c.put(path, {"values": {field: value}, "version": version})
            with lock:
                saves.append((t0, time.time(), r, (unit, value, version)))
            if r.status == 200:
                version = r.json()["version"]
            else:  # the outcome is unknown: read where the report stands before going on
                g = c.get(path)
                while g.status != 200 and not stop.is_set():
                    time.sleep(0.05)
                    g = c.get(path)
                if g.status == 200:
                    version = g.json()["version"]

    threads = [threading.Thread(target=reserver, args=(k,), daemon=True) for k in range(6)]
    threads += [threading.Thread(target=saver, args=(u,), daemon=True) for u in units]
    for t in threads:
        t.start()
    time.sleep(3.0)
    t_kill = time.time()
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait(10)
    t_dead = time.time()  # reaped: from here on nothing can reach it
    health_during = []
    for _ in range(8):  # the survivors keep answering while the stream runs on them
        time.sleep(0.5)
        health_during.append(all(p.node_client(n).get("/healthz").status == 200 for n in survivors))
    stop.set()
    for t in threads:
        t.join(30)
    problems = []
    everything = reservations + saves
    non2xx = [(t0, t1, r) for t0, t1, r, _ in everything if not 200 <= r.status < 300]
    after = [x for x in non2xx if x[0] >= t_dead]
    statuses = {}
    for _, _, r in non2xx:
        statuses[r.brief()] = statuses.get(r.brief(), 0) + 1
    acked_after = sum(1 for t0, _, r, _ in everything if t0 >= t_dead and 200 <= r.status < 300)
    by_victim_after = sum(1 for t0, _, r, _ in everything if t0 >= t_dead and r.node_prefix() == victim.prefix)
    retried = [r for _, _, r, _ in everything if r.status == 409]
    if retried:
        problems.append(f"{len(retried)} answers 409 (a POST/PUT applied twice?): {retried[:2]!r}")
    if after:
        problems.append(f"{len(after)} requests begun after node {victim.name} was gone failed: " +
                        ", ".join(sorted({r.brief() for _, _, r in after})))
    if acked_after < 50:
        problems.append(f"only {acked_after} requests succeeded after the kill")
    if by_victim_after:
        problems.append(f"{by_victim_after} answers carry the killed node's request id")
    # Every acknowledged reservation is in the database, as confirmed, for its phone.
    ids = ",".join(map(str, sessions))
    db = {t: (ph, st, int(s)) for t, ph, st, s in p.pg.rows(
        f"SELECT ticket_no, phone, status, session_id FROM reservations WHERE session_id IN ({ids})")}
    acked = [(r.json()["ticket_no"], det) for _, _, r, det in reservations if r.status == 201]
    missing = [t for t, (s, phone) in acked if db.get(t) != (phone, "confirmed", s)]
    if missing:
        problems.append(f"{len(missing)} of {len(acked)} acknowledged reservations missing or wrong in the DB: "
                        f"{missing[:3]}")
    unacked_in_db = len(db) - len(acked)
    phones_in_db = {ph for ph, _, _ in db.values()}
    failed_res = [det for _, _, r, det in reservations if not 200 <= r.status < 300]
    failed_res_committed = sum(1 for s, phone in failed_res if phone in phones_in_db)
    taken = int(p.pg.value(f"SELECT SUM(taken) FROM sessions WHERE id IN ({ids})"))
    if taken != len(db):
        problems.append(f"taken {taken} ≠ {len(db)} reservations in the DB")
    # Every acknowledged save is in the audit log under its request id, with its value (the
    # log, like report_values, keeps figures in hundredths), and the report holds the last
    # acknowledged value (or a later one whose answer was lost).
    audit, saved_values = {}, set()
    for rid, entity, after_json in p.pg.rows(
            "SELECT request_id, entity_id, after_json FROM audit_log WHERE action = 'report.saved' AND "
            "entity_id IN (" + ",".join(f"'{REPORT_YEAR}/{u}'" for u in units) + ")"):
        audit[rid] = json.loads(after_json)
        saved_values.add((entity.split("/", 1)[1], audit[rid]["values"].get(field)))
    acked_saves = [(r, det) for _, _, r, det in saves if r.status == 200]
    lost = [det for r, det in acked_saves
            if r.request_id() not in audit or audit[r.request_id()]["values"].get(field) != det[1] * 100]
    if lost:
        problems.append(f"{len(lost)} of {len(acked_saves)} acknowledged saves not in the audit log: {lost[:3]}")
    failed_saves = [det for _, _, r, det in saves if r.status != 200]
    failed_saves_committed = sum(1 for u, value, _ in failed_saves if (u, value * 100) in saved_values)
    finals = []
    for u in units:
        sent = [det[1] for _, _, _, det in saves if det[0] == u]
        last_ok = max([det[1] for r, det in acked_saves if det[0] == u], default=None)
        stored = p.pg.value(
            f"SELECT v.value FROM report_values v JOIN reports r ON r.id = v.report_id WHERE r.campaign_year = "
            f"{REPORT_YEAR} AND r.org_code = '{u}' AND v.field_code = '{field}'")
        stored_value = int(stored) // 100 if stored is not None else None  # figures are kept in hundredths
        finals.append(f"{u} {stored_value} (last acknowledged {last_ok})")
        if last_ok is None or stored_value is None or stored_value < last_ok or stored_value not in sent:
            problems.append(f"{u}'s {field} is {stored_value} in the DB, last acknowledged save {last_ok}")
    refused = Client(victim.port, timeout=2).get("/healthz")
    if refused.status != 0:
        problems.append(f"the killed node still answers: {refused!r}")
    if not all(health_during):
        problems.append(f"a survivor's /healthz was not 200 during the stream ({health_during})")
    for n in survivors:
        h = p.node_client(n).get("/healthz")
        if h.status != 200:
            problems.append(f"node {n.name} /healthz {h!r}")
    switch = ", ".join(f"{v}× {k}" for k, v in statuses.items()) or "none"
    figures = (f"kill -9 of node {victim.name} (gone {(t_dead - t_kill) * 1000:.0f} ms after the signal) after 3 s of "
               f"6 reservation streams + 2 report savers through nginx; "
               f"{len(acked)} reservations and {len(acked_saves)} saves acknowledged, every one in the DB "
               f"(tickets confirmed, saves in the audit log by request id); {len(non2xx)} non-2xx during the switch "
               f"({switch}), all in flight at the kill (of them {failed_res_committed} reservations and "
               f"{failed_saves_committed} saves had committed; the DB holds {unacked_in_db} reservations whose "
               f"answer was lost); no 409 (nothing sent twice); {acked_after} requests succeeded after it, none "
               f"by {victim.name}; final figures {', '.join(finals)}; "
               f"{' and '.join(n.name for n in survivors)} /healthz 200 throughout")
    require(not problems, "; ".join(problems))
    return figures


# ----------------------------------------------------------------------------- check 8

def snapshot_counts_and_dump(pg, dump_path):
    """Row counts of every table and a pg_dump -Fc, both of one exported snapshot: the counts
    are exactly what the dump holds, even while the nodes keep writing."""
    tables = pg.tables()
    ps = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", pg.url],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    try:
        ps.stdin.write("BEGIN ISOLATION LEVEL REPEATABLE READ;\nSELECT pg_export_snapshot();\n")
        ps.stdin.flush()
        snapshot = ps.stdout.readline().strip()
        require(snapshot, f"pg_export_snapshot gave nothing: {ps.stderr.read() if ps.poll() is not None else ''}")
        counts = {}
        for t in tables:
            ps.stdin.write(f'SELECT COUNT(*) FROM "{t}";\n')
            ps.stdin.flush()
            counts[t] = int(ps.stdout.readline().strip())
        t0 = time.time()
        d = subprocess.run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", dump_path, "-d", pg.url],
                           capture_output=True, text=True)
        require(d.returncode == 0, f"pg_dump: {d.stderr.strip()}")
        dump_seconds = time.time() - t0
        ps.stdin.write("COMMIT;\n\\q\n")
        ps.stdin.flush()
        ps.wait(10)
    finally:
        if ps.poll() is None:
            ps.kill()
    return counts, dump_seconds


def check_restore(p):
    dump = os.path.join(p.tmp, "sciweek.dump")
    counts, dump_seconds = snapshot_counts_and_dump(p.pg, dump)
    url2 = p.pg2.start()
    r = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", url2, dump], capture_output=True,
                       text=True)
    require(r.returncode == 0, f"pg_restore: {r.stderr.strip()}")
    tables2 = p.pg2.tables()
    require(tables2 == sorted(counts), f"tables differ: {sorted(set(counts) ^ set(tables2))}")
    diff = []
    for t in tables2:
        c2 = int(p.pg2.value(f'SELECT COUNT(*) FROM "{t}"'))
        if c2 != counts[t]:
            diff.append(f"{t} {counts[t]}→{c2}")
    require(not diff, f"row counts differ: {', '.join(diff)}")
    # One node on the copy, with a fresh data folder and the same keys from the environment.
    node = Node("R", p, url2, os.path.join(p.tmp, "data-R"), ["--reserve-rate-per-ip", "0"])
    p.restored = node
    node.wait_ready(node.start())
    p.restored_ready = True
    # A ticket issued before the dump reads on the restored node (its keys came with the env).
    t, phone = p.restore_ticket
    g = p.node_client(node).get(f"/api/v1/public/reservations/{t['code']}", headers={"X-Visitor-Phone": phone})
    require(g.status == 200 and (g.json() or {}).get("ticket_no") == t["ticket_no"],
            f"a ticket from before the dump on the restored node: {g!r}")
    admin = log_in(node.port, "admin", p.password)
    require(p.node_client(node, admin).get(f"/api/v1/campaigns/{p.year}").status == 200,
            "the admin cannot read the campaign on the restored node")
    rows = sum(counts.values())
    big = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
    return (f"pg_dump -Fc of the running system ({os.path.getsize(dump) // 1024} KiB, {dump_seconds:.1f} s) restored "
            f"into a second PostgreSQL: {len(tables2)} tables, {rows} rows, every count equal "
            f"({', '.join(f'{k} {v}' for k, v in big)}, …); a node on the copy serves logins and verifies a "
            f"ticket issued before the dump")


def check_restore_files(p):
    require(getattr(p, "restored_ready", False), "no restored node (the restore check failed)")
    admin = log_in(p.restored.port, "admin", p.password)
    rows = p.pg2.rows("SELECT m.id, r.org_code, m.sha256, m.size FROM materials m JOIN reports r ON "
                      f"r.id = m.report_id WHERE r.campaign_year = {REPORT_YEAR} ORDER BY m.id LIMIT 5")
    require(rows, "no uploaded material in the restored database to download")
    outcomes, bad = [], 0
    for mid, org, digest, size in rows:
        d = p.node_client(p.restored, admin).get(material_path(REPORT_YEAR, org, mid))
        same = d.status == 200 and sha256(d.body) == digest and len(d.body) == int(size)
        bad += not same
        outcomes.append(f"material {mid} ({org}, {size} B): {'identical' if same else d.brief()}")
    summary = f"{len(rows)} uploaded files through the restored node: " + "; ".join(outcomes)
    require(not bad, f"{summary} — a dump holds no file: they live in each node's <data-dir>/files; expected to "
                     f"fail until main lands 'files stored in PostgreSQL'")
    return summary


# ----------------------------------------------------------------------------- main

def upload_more(p):
    """Two more photos through nginx (other units, whichever node nginx picks), so the restore
    drill has a sample of files from several nodes."""
    for org in ["ioz", "kjg"]:
        login = log_in(p.nginx_port, org, p.password)
        r = upload_photo(p.via_nginx(login), org, f"集群验证-{org}.png", png_bytes(f"cluster-proof {org}"))
        expect(r, 201, f"uploading a photo for {org} through nginx")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.environ.get("SCIWEEK_BIN", os.path.join(ROOT, "build/sciweek")))
    ap.add_argument("--web", default=os.environ.get("SCIWEEK_WEB", os.path.join(ROOT, "web/dist")))
    ap.add_argument("--keep", action="store_true", help="leave the temporary folder (logs, data) in place")
    ap.add_argument("--only", default="", help="comma-separated checks to run (default: all)")
    args = ap.parse_args()
    for what, path in (("binary (SCIWEEK_BIN)", args.bin), ("web folder (SCIWEEK_WEB)", args.web)):
        if not os.path.exists(path):
            print(f"cluster-proof: no sciweek {what} at {path}", file=sys.stderr)
            return 2
    for tool in ("psql", "pg_dump", "pg_restore", "openssl"):
        if not shutil.which(tool):
            print(f"cluster-proof: {tool} is missing", file=sys.stderr)
            return 2

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, interrupted)

    started = time.time()
    p = Proof(args)
    try:
        p.up()
        p.setup_season()
        # The offers lapse in a minute: the checks below run meanwhile.
        offers = OfferSetup(p) if p.wants("offer-expiry") else None
        upload_more(p)
        p.check("race", lambda: check_race(p))
        # a ticket for the restore drill
        t_phone = new_phone()
        s = p.publish("集群恢复演练", 5)[1][0]
        p.restore_ticket = (expect(p.reserve(p.via_nginx(), s, t_phone), 201, "a ticket for the restore drill"),
                         t_phone)
        p.check("freshness", lambda: check_freshness(p))
        p.check("upload", lambda: check_upload(p))
        p.check("per-phone", lambda: check_per_phone(p))
        p.check("per-phone-burst", lambda: check_per_phone_burst(p))
        p.check("offer-expiry", lambda: check_offer_expiry(p, offers))
        p.check("outbox-kill", lambda: check_outbox_kill(p))
        p.check("kill-9", lambda: check_kill(p))
        p.check("restore", lambda: check_restore(p))
        p.check("restore-files", lambda: check_restore_files(p))
    except KeyboardInterrupt as e:
        print(f"cluster-proof: interrupted ({e}); stopping everything", file=sys.stderr, flush=True)
        p.results.append(("interrupted", False))
    except Exception as e:  # the cluster or the data the checks need could not be set up
        print(f"FAIL setup: {type(e).__name__}: {e}", flush=True)
        p.results.append(("setup", False))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        p.down()
    failed = [n for n, ok in p.results if not ok]
    print(f"cluster-proof: {len(p.results) - len(failed)} passed, {len(failed)} failed"
          f"{' (' + ', '.join(failed) + ')' if failed else ''} in {time.time() - started:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
