#!/usr/bin/env bash
# Installs the scanners `make scan` runs (Debian's sqlmap and wapiti). Kept apart from
# install-deps.sh: only the release scan needs them. Idempotent: asks dpkg first.
set -euo pipefail
missing=()
for p in sqlmap wapiti; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-scanners: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Other installs may hold the dpkg lock for a while: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-scanners: done"
