#!/usr/bin/env bash
# Sets up everything DHTT needs on a Debian/Ubuntu machine, idempotently:
# the system libraries Qt needs (only the missing ones), a virtual environment
# in .venv with the program and its test tools, and the compiled catalogs.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_LIBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libx11-6 libdbus-1-3 libbrotli1
 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
 fonts-liberation2 python3-venv"
EXTRA=${DHTT_EXTRA_APT:-}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $QT_LIBS $EXTRA; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "DHTT: cài các thư viện hệ thống còn thiếu: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.dhtt-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # A venv made before PySide6 was held below 6.12 on Python 3.11 has pyside6-pdf 6.12,
  # whose QtPdf files overlap the add-ons' own: remove it before installing 6.11.
  if .venv/bin/python -c 'import sys; sys.exit(sys.version_info >= (3, 12))' \
     && .venv/bin/python -m pip show -q pyside6-pdf >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -q -y pyside6-pdf pyside6-addons pyside6-essentials shiboken6
  fi
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
.venv/bin/python -m app.i18n compile
