#!/usr/bin/env bash
# make test-sanitize: the C++ unit tests and the whole API suite (SQLite and PostgreSQL)
# against a build with AddressSanitizer and UndefinedBehaviorSanitizer (SCIWEEK_SANITIZE=ON,
# folder build-asan). The first report of any kind ends the process that made it, and every
# report also goes to a file: the API suite runs the server (and the media probe children
# it spawns) as separate processes whose exit codes and stderr a test may never look at, so
# the run fails at the end when any report file exists, whatever ctest said.
set -euo pipefail
build=${1:-build-asan}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

reports=$(mktemp -d /tmp/sciweek-sanitize.XXXXXX)
pgdir=$(mktemp -d /tmp/sciweek-pg.XXXXXX)
cleanup() { bash "$root/scripts/stop-test-postgres.sh" "$pgdir"; }
trap cleanup EXIT
SCIWEEK_TEST_PG_URL=$(bash "$root/scripts/start-test-postgres.sh" "$pgdir")
export SCIWEEK_TEST_PG_URL

# log_path: one file per reporting process (<prefix>.<pid>). Leak checking is on; a
# suppression is allowed only for a third-party library, with the reason, in lsan.supp.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"

status=0
start=$(date +%s)
ctest --test-dir "$build" --output-on-failure -j2 || status=$?
echo "== sanitizer tests took $(( $(date +%s) - start )) s (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"

if compgen -G "$reports/*" >/dev/null; then
  echo "== sanitizer reports (each one is a bug to fix):"
  for f in "$reports"/*; do
    echo "--- $f"
    head -c 20000 "$f"
  done
  status=1
else
  rmdir "$reports"
fi
exit "$status"
