#!/usr/bin/env bash
# Installs the front end's npm packages when package-lock.json changed (npm ci is slow and
# wipes node_modules, so a stamp remembers what was installed) and builds web/dist.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.sciweek-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
npm run --silent build
