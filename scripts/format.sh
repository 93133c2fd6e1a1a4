#!/usr/bin/env bash
# One style for all C++ (.clang-format, issue 14).
#   scripts/format.sh          rewrite every tracked C++ file in place (make format)
#   scripts/format.sh --check  change nothing; list each file that is not formatted and fail (make lint, ctest)
# Files git tracks and new ones it does not ignore (a new file is formatted before its first
# commit, not after): build folders, node_modules and fuzz crash files are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."

CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
command -v "$CLANG_FORMAT" >/dev/null || CLANG_FORMAT=clang-format
# (a tracked file deleted in the work tree is skipped)
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' '*.h' '*.cc' | sort -u |
  while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done)

if [ "${1:-}" != "--check" ]; then
  printf '%s\0' "${files[@]}" | xargs -0 -n 40 -P 2 "$CLANG_FORMAT" -i
  exit 0
fi

# One clang-format per batch of files (one per file cost a minute); its diagnostics start with the file name.
mapfile -t bad < <(printf '%s\0' "${files[@]}" | xargs -0 -n 80 "$CLANG_FORMAT" --dry-run -Werror 2>&1 >/dev/null |
  sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u || true)
if [ ${#bad[@]} -gt 0 ]; then
  echo "format: ${#bad[@]} file(s) differ from .clang-format; run 'make format':" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "format: ${#files[@]} C++ files follow .clang-format"
