#!/bin/sh
# System packages the browser tests need: Debian's chromium, driven by Playwright through
# executable_path (Playwright's own browser download is not used). Safe to run repeatedly.
set -eu

if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo present))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
echo "chromium: installed ($(/usr/bin/chromium --version 2>/dev/null))"
