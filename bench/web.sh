#!/usr/bin/env bash
# The unit workspace's first load in Debian's Chromium (cold and warm, median of 5): see
# bench/web-first-load.mjs for the method. Needs web/dist (scripts/build-web.sh), web's npm
# packages and the server binary. Rewrites the figures between the web-first-load markers of
# bench/RESULTS.md (BENCH_RESULTS) and prints them.
# Environment: SCIWEEK_BIN (default build/sciweek), BENCH_WEB_RUNS (5), BENCH_WEB_LOGIN (110101),
# CHROMIUM_PATH (/usr/bin/chromium), BENCH_WEB_VERBOSE=1 (every run as JSON on stderr).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
export SCIWEEK_BIN=${SCIWEEK_BIN:-$repo/build/sciweek}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}
[ -x "$SCIWEEK_BIN" ] || { echo "bench/web: $SCIWEEK_BIN not found (make build, or set SCIWEEK_BIN)" >&2; exit 1; }
[ -f "$repo/web/dist/index.html" ] || { echo "bench/web: web/dist missing (bash scripts/build-web.sh)" >&2; exit 1; }
[ -d "$repo/web/node_modules/playwright-core" ] || { echo "bench/web: web/node_modules missing (bash scripts/build-web.sh)" >&2; exit 1; }
exec node "$here/web-first-load.mjs" --results "$RESULTS"
