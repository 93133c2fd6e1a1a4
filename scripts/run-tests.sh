#!/usr/bin/env bash
# make test: every test, in order of speed. Starts its own PostgreSQL on loopback for the
# API suite and stops it whatever happens.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

pgdir=$(mktemp -d /tmp/sciweek-pg.XXXXXX)
cleanup() { bash "$root/scripts/stop-test-postgres.sh" "$pgdir"; }
trap cleanup EXIT
SCIWEEK_TEST_PG_URL=$(bash "$root/scripts/start-test-postgres.sh" "$pgdir")
export SCIWEEK_TEST_PG_URL

echo "== C++ unit tests, layer check, API suite on SQLite and PostgreSQL"
ctest --test-dir "$build" --output-on-failure -j2

echo "== front-end lint (ESLint, Prettier --check) and unit tests (Vitest)"
(cd web && npm run --silent lint)
(cd web && npm test --silent)

echo "== browser tests (playwright-core + Debian Chromium)"
(cd web && SCIWEEK_BIN="$root/$build/sciweek" npm run --silent e2e)

# Every fuzz harness for a short smoke (make fuzz-smoke: 5 s each from its seeds) in its own
# clang build, build-fuzz, never the g++ tree above. It costs ~18 CPU-minutes of cold build
# (about 9 minutes on CI's 2 cores) plus ~2 minutes of runs (docs/security.md#fuzzing).
# SCIWEEK_FUZZ_SMOKE=0 skips it while iterating locally; CI always runs it.
if [ "${SCIWEEK_FUZZ_SMOKE:-1}" = 1 ]; then
  echo "== fuzz smoke (libFuzzer + ASan/UBSan, clang-14, build-fuzz)"
  make --no-print-directory -C "$root" fuzz-smoke FUZZ_BUILD=build-fuzz
fi
