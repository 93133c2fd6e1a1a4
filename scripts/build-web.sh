#!/usr/bin/env bash
# Installs the front end's npm packages when package-lock.json changed (npm ci is slow and
# wipes node_modules, so a stamp remembers what was installed) and builds web/dist.
#   scripts/build-web.sh --deps-only   only the install (make lint / make format run ESLint and Prettier)
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.sciweek-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
[ "${1:-}" = --deps-only ] && exit 0
npm run --silent build
