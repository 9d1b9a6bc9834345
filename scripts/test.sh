#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (layer check, ruff, mypy, pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests read PDFs back with poppler's pdftotext, as a person's PDF viewer lays them out.
DHTT_EXTRA_APT="poppler-utils ${DHTT_EXTRA_APT:-}" bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
.venv/bin/ruff check app tests bench tools
.venv/bin/mypy
# The built program (dist/dhtt/) is smoke-tested by tests/test_bundle.py. CI builds it
# (a few minutes, cached by a hash of the sources); elsewhere DHTT_BUNDLE=1 does, and
# DHTT_BUNDLE=0 never builds.
if [ "${DHTT_BUNDLE:-}" != 0 ] && { [ -n "${CI:-}" ] || [ "${DHTT_BUNDLE:-}" = 1 ]; }; then
  bash installer/build-linux.sh
fi
rc=0
.venv/bin/python -m pytest "$@" || rc=$?
if ! why=$(.venv/bin/python installer/bundle_hash.py --check); then
  echo "DHTT: bundle smoke test skipped: $why"
fi
exit "$rc"
