#!/usr/bin/env bash
# System packages some tests need, from Debian (no browser or database downloads by pip):
# Chromium for the browser tests, PostgreSQL for the `khronika stack up --database postgres` tests.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "tests/install_system_deps.sh: missing ${missing[*]} and apt-get unavailable as root;" \
       "the tests that need them will be skipped (install the Debian packages to run them)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql creates the unprivileged `postgres` user the stack runs the database as
# when started by root; the stack uses its own cluster under .prefect/, not the system one.
if [ -x /usr/bin/chromium ]; then /usr/bin/chromium --version; fi
ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true
