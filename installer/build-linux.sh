#!/usr/bin/env bash
# Builds the one-folder program here: dist/dhtt/ (the program is dist/dhtt/dhtt, the
# command line dist/dhtt/dhtt-cli), with PyInstaller from installer/dhtt.spec.
#
#   bash installer/build-linux.sh          build unless dist/dhtt/ is already current
#   bash installer/build-linux.sh --force  build anyway
#
# Sets up .venv (scripts/setup.sh) and installs the `build` extra (PyInstaller) into it
# from the package registry, the only network use. dist/dhtt/.source-hash records the
# sources it was built from (installer/bundle_hash.py); the test command's bundle smoke
# test (tests/test_bundle.py) runs only on a bundle that is current.
set -euo pipefail
cd "$(dirname "$0")/.."
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

# binutils: PyInstaller reads the libraries with objdump. libcups2: Qt's print support
# plugin links it; PyInstaller copies it into the bundle.
# Debian's own Python keeps its shared library (which the bundle carries) in libpython3.X.
EXTRA="binutils libcups2"
if [ "$(${PYTHON:-python3} -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
  EXTRA="$EXTRA $(${PYTHON:-python3} -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])')"
fi
DHTT_EXTRA_APT="${DHTT_EXTRA_APT:-} $EXTRA" bash scripts/setup.sh
if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
  echo "DHTT: cài công cụ đóng gói (PyInstaller) vào .venv"
  .venv/bin/python -m pip install -q -e ".[test,build]"
fi
.venv/bin/python -m app.i18n compile >/dev/null

HASH=$(.venv/bin/python installer/bundle_hash.py)
if [ "$FORCE" = 0 ] && [ -x dist/dhtt/dhtt ] && [ "$(.venv/bin/python installer/bundle_hash.py --built)" = "$HASH" ]; then
  echo "DHTT: dist/dhtt/ is current (sources $HASH); nothing to build"
  exit 0
fi

T0=$(date +%s)
rm -f dist/dhtt/.source-hash
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  installer/dhtt.spec

# Every shared library the bundle needs is in it or on the machine. Not checked: the
# Wayland and GTK plugins, which Qt loads only in a Wayland or GTK session, where their
# system libraries are present.
missing=$(find dist/dhtt/_internal -name '*.so*' -type f | grep -v -E 'ayland|WlShell|qgtk3' |
  xargs ldd 2>/dev/null | grep 'not found' | sort -u || true)
if [ -n "$missing" ]; then
  echo "DHTT: libraries missing for the bundle:"; echo "$missing"; exit 1
fi
SIZE_MB=$(du -sm dist/dhtt | cut -f1)
if [ "$SIZE_MB" -ge 250 ]; then
  echo "DHTT: the bundle is ${SIZE_MB} MB, over the 250 MB limit"; exit 1
fi
ln -sfn dhtt dist/dhtt/dhtt-cli
VERSION=$(dist/dhtt/dhtt-cli --version)
echo "$HASH" > dist/dhtt/.source-hash
echo "DHTT: built dist/dhtt/ ($VERSION, ${SIZE_MB} MB) in $(( $(date +%s) - T0 )) s"
