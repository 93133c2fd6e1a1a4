#!/usr/bin/env bash
# make fuzz / make fuzz-smoke: runs every libFuzzer harness built in BUILD/fuzz (default
# build-fuzz) for FUZZ_SECONDS each, starting from its checked-in seeds (fuzz/corpus/<t>)
# and dictionary (fuzz/dict/<t>.dict). New corpus entries, crash inputs and logs go to a
# scratch folder (FUZZ_SCRATCH, else a fresh /tmp/sciweek-fuzz.*), never into the
# repository (docs/decisions/0009-libfuzzer-beside-gcc.md). Fails when any harness reports
# a crash, a leak, a timeout, an out-of-memory or a sanitizer error.
#   FUZZ_SECONDS  seconds per target (60)      FUZZ_RSS_MB  memory limit per target (2048)
#   FUZZ_TARGETS  space-separated names to run (all when empty), e.g. "mime calendar_ics"
set -uo pipefail
build=${1:-build-fuzz}
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
rss=${FUZZ_RSS_MB:-2048}
scratch=${FUZZ_SCRATCH:-$(mktemp -d /tmp/sciweek-fuzz.XXXXXX)}
mkdir -p "$scratch/artifacts"
# UBSan already aborts (-fno-sanitize-recover); ask for its stack. Leaks are checked by
# libFuzzer itself (-detect_leaks=1 is its default under ASan).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

failed=()
total_runs=0
total_seconds=0
shopt -s nullglob
for bin in "$root/$build"/fuzz/fuzz_* "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] && [ -f "$bin" ] || continue
  name=${bin##*/fuzz_}
  if [ -n "${FUZZ_TARGETS:-}" ] && ! grep -qw -- "$name" <<<"$FUZZ_TARGETS"; then continue; fi
  [ -e "$scratch/$name.log" ] && continue  # absolute and relative BUILD can name the same binary
  mkdir -p "$scratch/corpus/$name"
  args=(-max_total_time="$seconds" -rss_limit_mb="$rss" -timeout=25 -print_final_stats=1
        -artifact_prefix="$scratch/artifacts/$name-")
  [ -f "$root/fuzz/dict/$name.dict" ] && args+=(-dict="$root/fuzz/dict/$name.dict")
  start=$(date +%s)
  "$bin" "${args[@]}" "$scratch/corpus/$name" "$root/fuzz/corpus/$name" >"$scratch/$name.log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$name.log" | tail -1)
  found=$(ls "$scratch/corpus/$name" | wc -l)
  total_runs=$(( total_runs + ${runs:-0} ))
  total_seconds=$(( total_seconds + took ))
  if [ $rc -eq 0 ]; then
    printf 'fuzz: %-18s ok      %4ss %9s runs, %4s new corpus entries\n' "$name" "$took" "${runs:-?}" "$found"
  else
    printf 'fuzz: %-18s FAILED  %4ss (exit %s), log %s\n' "$name" "$took" "$rc" "$scratch/$name.log"
    grep -E -A40 '^==[0-9]+==ERROR|runtime error|fuzz property violated' "$scratch/$name.log" | head -60 ||
      tail -20 "$scratch/$name.log"
    failed+=("$name")
  fi
done
echo "fuzz: $total_seconds s of fuzzing in all, $total_runs runs; scratch: $scratch"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (reproduce: BUILD/fuzz/fuzz_<target> $scratch/artifacts/<file>)"
  exit 1
fi
