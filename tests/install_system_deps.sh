#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium (no browser download by Playwright).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "tests/install_system_deps.sh: /usr/bin/chromium missing and apt-get unavailable as root;" \
       "browser tests will be skipped (install Debian's chromium package to run them)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
