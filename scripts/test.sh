#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (layer check, ruff, mypy, pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
.venv/bin/ruff check app tests bench tools
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
