#!/usr/bin/env bash
# Proves check-layers.sh catches what it must: a copy of the tree passes, then each
# injected violation makes it fail.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../server/src
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
passed=0
failed=0

expect() {  # expect ok|fail description
  local want=$1 what=$2
  if "$here/check-layers.sh" "$tmp/src" >/dev/null 2>&1; then got=ok; else got=fail; fi
  if [ "$got" = "$want" ]; then echo "ok   - $what"; passed=$((passed+1)); else echo "FAIL - $what (got $got)"; failed=$((failed+1)); status=1; fi
}

cp -r "$src" "$tmp/src"
expect ok "the real tree passes"
for case in "domain/org_unit.cpp|#include \"store/db.hpp\"|domain including store" \
            "domain/campaign.cpp|#include <nlohmann/json.hpp>|domain including JSON" \
            "service/units/org_service.cpp|#include <soci/soci.h>|service including SOCI" \
            "store/db.cpp|#include \"http/message.hpp\"|store including http" \
            "http/router.cpp|#include <boost/beast/http.hpp>|Beast outside http/server.cpp" \
            "http/router.cpp|#include <curl/curl.h>|libcurl outside notify/" \
            "service/reporting/oversight_service.cpp|#include <curl/curl.h>|service including libcurl" \
            "notify/mime.cpp|#include \"store/db.hpp\"|notify including store" \
            "http/router.cpp|#include \"notify/mime.hpp\"|http including notify" \
            "http/dispatcher.cpp|#include \"store/db.hpp\"|http including store (it asks a service)"; do
  IFS='|' read -r file line what <<<"$case"
  rm -rf "$tmp/src" && cp -r "$src" "$tmp/src"
  printf '%s\n' "$line" >>"$tmp/src/$file"
  expect fail "$what"
done
echo "$passed passed, $failed failed"
exit $status
