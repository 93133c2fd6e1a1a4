#!/usr/bin/env bash
# Prints the loopback form of deploy/nginx/sciweek.conf for nginx run as `nginx -p PREFIX`:
# the same upstream rules (passive failover, a POST never sent to a second node once one
# received it), no TLS. Shared by make cluster (scripts/cluster.sh) and make cluster-proof
# (scripts/cluster_proof.py), so the proof tests the configuration people try.
#   usage: cluster-nginx-conf.sh PREFIX LISTEN PORT...
# PREFIX gets nginx.pid, logs/ and tmp/ (created here); LISTEN is host:port; each PORT is a
# node on 127.0.0.1.
set -euo pipefail
prefix=${1:?usage: cluster-nginx-conf.sh PREFIX LISTEN PORT...}
listen=${2:?usage: cluster-nginx-conf.sh PREFIX LISTEN PORT...}
shift 2
[ "$#" -gt 0 ] || { echo "cluster-nginx-conf: no node port given" >&2; exit 2; }
mkdir -p "$prefix/logs" "$prefix/tmp"

# worker_processes auto: as Debian's /etc/nginx/nginx.conf, which includes deploy/nginx/sciweek.conf
# (nginx's own default is one worker, which would make the proxy the bottleneck here).
echo "worker_processes auto;"
echo "pid $prefix/nginx.pid;"
echo "error_log $prefix/logs/error.log;"
echo "events { worker_connections 1024; }"
echo "http {"
echo "  access_log $prefix/logs/access.log;"
for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $prefix/tmp/$t;"; done
echo "  upstream sciweek {"
for port in "$@"; do echo "    server 127.0.0.1:$port max_fails=2 fail_timeout=10s;"; done
echo "    keepalive 64;"
echo "  }"
echo "  server {"
echo "    listen $listen;"
echo "    client_max_body_size 600m;"
echo "    proxy_request_buffering off;"
echo "    location / {"
echo "      proxy_pass http://sciweek;"
echo "      proxy_http_version 1.1;"
echo "      proxy_set_header Connection \"\";"
echo "      proxy_set_header Host \$http_host;"
echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
echo "      proxy_next_upstream error timeout http_502 http_503 http_504;"
echo "      proxy_next_upstream_tries 2;"
echo "    }"
echo "  }"
echo "}"
