#!/usr/bin/env bash
# Installs every Debian package the build, the server and the tests need.
# Idempotent and quick when nothing is missing: it asks dpkg first and only
# calls apt-get for what is absent, so `make run` / `make test` can call it every time.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config git
  # server libraries
  libboost-dev libsoci-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev libspdlog-dev
  nlohmann-json3-dev libcli11-dev libxlsxwriter-dev libavformat-dev libavutil-dev
  libmagic-dev libmuparser-dev libqrencode-dev zlib1g-dev libcurl4-openssl-dev
  libssl-dev  # HMACs of the SMS gateways' request signatures (notify/)
  # tests: units, PostgreSQL on loopback, browser, spreadsheet read-back, media fixtures
  libgtest-dev libgmock-dev postgresql postgresql-client chromium fonts-wqy-microhei python3 python3-openpyxl
  ffmpeg curl procps
  # fuzzing (make fuzz, make fuzz-smoke): clang's libFuzzer and sanitizer runtimes
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
  # style: make format / make lint and the format_check and tidy tests
  clang-format-14 clang-tidy-14
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The web build needs Node >= 20 with npm; Debian's nodejs is the fallback when none is present.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
