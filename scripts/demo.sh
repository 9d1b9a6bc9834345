#!/usr/bin/env bash
# Sets everything up, makes a demo database (once) and opens the program on it.
# Extra arguments go to `dhtt gui` (for example --quit-after 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${DHTT_DEMO_DB:-demo/dhtt-demo.sqlite}
mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
  .venv/bin/dhtt --db "$DB" init --unit 52  # the province in force since 1/7/2025
  .venv/bin/dhtt --db "$DB" demo --size district --seed 1
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  export QT_QPA_PLATFORM=offscreen
  echo "DHTT: không có màn hình; chạy ở chế độ offscreen."
fi
exec .venv/bin/dhtt --db "$DB" gui "$@"
