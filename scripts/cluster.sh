#!/usr/bin/env bash
# make cluster: PostgreSQL, three sciweek nodes and nginx on loopback — the several-node
# deployment of docs/operations.md to try on one machine. Each run starts fresh in
# data/cluster/ (a new PostgreSQL cluster with the demo data and its uploads, a data folder
# per node holding that node's copy of the keys). Ctrl-C stops everything.
#   CLUSTER_LISTEN  where nginx listens (default 127.0.0.1:8090)
#   CLUSTER_PORTS   the nodes' ports (default "18081 18082 18083")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=build/sciweek
listen=${CLUSTER_LISTEN:-127.0.0.1:8090}
ports=(${CLUSTER_PORTS:-18081 18082 18083})
base=$root/data/cluster

# nginx is this command's own tool (make run and make test do not need it). RUNLEVEL=1: the
# package's scripts must not start a system nginx on port 80.
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx_bin" ]; then
  echo "cluster: installing nginx-light"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
fi

pids=()
stop() {
  trap - EXIT INT TERM
  echo; echo "cluster: stopping"
  [ -f "$base/nginx/nginx.pid" ] && kill "$(cat "$base/nginx/nginx.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash "$root/scripts/stop-test-postgres.sh" "$base/pg" >/dev/null 2>&1 || true
}
trap stop EXIT INT TERM

if [ -d "$base/pg/data" ]; then bash "$root/scripts/stop-test-postgres.sh" "$base/pg" >/dev/null 2>&1 || true; fi
rm -rf "$base"
mkdir -p "$base/seed" "$base/nginx"
url=$(bash "$root/scripts/start-test-postgres.sh" "$base/pg")
export SCIWEEK_DEMO_PASSWORD=${SCIWEEK_DEMO_PASSWORD:-Kejizhou@2023}
"$bin" demo --db "$url" --data-dir "$base/seed" >"$base/demo.log" 2>&1 || { cat "$base/demo.log" >&2; exit 1; }

# A data folder per node, as on separate machines: the uploads are in PostgreSQL (decision
# 0023). The first node makes the ticket and data keys on its first start; the others get a
# copy of them, as an operator hands the secrets to each machine.
start_node() {
  "$bin" serve --db "$url" --listen "127.0.0.1:$1" --data-dir "$base/node-$1" --web-dir web/dist --trust-proxy \
    >"$base/node-$1.log" 2>&1 &
  pids+=($!)
}
first=${ports[0]}
mkdir -p "$base/node-$first"
start_node "$first"
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$first/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
for port in "${ports[@]:1}"; do
  mkdir -p "$base/node-$port" && cp -a "$base/node-$first/keys" "$base/node-$port/keys"
  start_node "$port"
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "cluster: node $port did not start:" >&2; tail -20 "$base/node-$port.log" >&2; exit 1; }
done

# The loopback form of deploy/nginx/sciweek.conf (shared with make cluster-proof).
bash "$root/scripts/cluster-nginx-conf.sh" "$base/nginx" "$listen" "${ports[@]}" >"$base/nginx/nginx.conf"
"$nginx_bin" -p "$base/nginx" -c "$base/nginx/nginx.conf" -t -q
"$nginx_bin" -p "$base/nginx" -c "$base/nginx/nginx.conf"

cat <<MSG

  sciweek cluster: nginx on http://$listen → nodes ${ports[*]} → PostgreSQL $url
  Log in with admin / reviewer / 110108 / pku / checkin, password: $SCIWEEK_DEMO_PASSWORD
  Try: stop one node (kill one of: ${pids[*]}) and keep using the site; logs in $base/.
  Stop everything with Ctrl-C.

MSG
wait "${pids[@]}"
