#!/usr/bin/env bash
# Fails when a file includes something its layer may not know (DESIGN.md §2):
# app -> http -> service -> store -> domain -> core; service -> export, media, notify.
# Only store/ knows SOCI, only http/ Beast (server*.cpp alone, for compile time), only
# export/ libxlsxwriter, only media/ libmagic and libavformat, only notify/ libcurl;
# domain/ is pure (no JSON).
set -uo pipefail
# Usage: check-layers.sh [SRC_DIR] (default: server/src of this repository)
src=${1:-$(cd "$(dirname "$0")/.." && pwd)/server/src}
fail=0

# layer|allowed project folders|forbidden library include patterns (extended regex)
rules=(
  "core|core|soci/|boost/|xlsxwriter|magic\.h|libav|muParser|qrencode|curl/"
  "domain|core domain|soci/|boost/|nlohmann/|xlsxwriter|magic\.h|libav|sodium|spdlog|qrencode|curl/"
  "store|core domain store|boost/|xlsxwriter|magic\.h|libav|qrencode|curl/"
  "export|core domain export|soci/|boost/|magic\.h|libav|curl/"
  "media|core media|soci/|boost/|xlsxwriter|curl/"
  "notify|core notify|soci/|boost/|xlsxwriter|magic\.h|libav|nlohmann/"
  "service|core domain store service export media notify|soci/|boost/|xlsxwriter|magic\.h|libav|curl/"
  "http|core domain store service export media http|soci/|xlsxwriter|magic\.h|libav|curl/"
  "app|core domain store service export media notify http app|"
)

for rule in "${rules[@]}"; do
  IFS='|' read -r layer allowed forbidden_rest <<<"$rule"
  forbidden=${rule#*|*|}
  [ -d "$src/$layer" ] || continue
  while IFS= read -r -d '' file; do
    case "$file" in *_test.cpp) continue ;; esac
    while IFS= read -r inc; do
      target=$(sed -E 's/^#include *["<]([^">]+)[">].*/\1/' <<<"$inc")
      top=${target%%/*}
      if [ -d "$src/$top" ] && [[ "$target" == */* ]]; then
        if ! grep -qw "$top" <<<"$allowed"; then
          echo "check-layers: $file includes $target — layer '$layer' may not depend on '$top'"
          fail=1
        fi
      elif [ -n "$forbidden" ] && grep -Eq "$forbidden" <<<"$target"; then
        echo "check-layers: $file includes <$target> — not allowed in layer '$layer'"
        fail=1
      fi
      if [ "$layer" = http ] && [[ "$target" == boost/* ]] && [[ "$(basename "$file")" != server*.cpp ]]; then
        echo "check-layers: $file includes <$target> — Beast/Asio belong in http/server*.cpp only"
        fail=1
      fi
    done < <(grep -E '^#include' "$file")
  done < <(find "$src/$layer" -name '*.cpp' -print0 -o -name '*.hpp' -print0)
done

if [ "$fail" -ne 0 ]; then
  echo "check-layers: FAILED"
  exit 1
fi
echo "check-layers: ok"
