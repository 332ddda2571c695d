#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
bash tests/install_system_deps.sh
exec .venv/bin/python -m pytest "$@"
