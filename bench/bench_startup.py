"""Time from process start to the main window shown, against a bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--runs 7]

`bench/run.py` uses :func:`comparisons`: the frame painted (``DHTT_SHOWN``, within 2× the
bare window's first paint) and the register's first page (``DHTT_REGISTER_SHOWN``, within
4×), both from the same DHTT process, paired with the bare window.

Both programs print a marker line once their window is shown; the time is measured from
spawning the process to reading that line. ``DHTT_REGISTER_SHOWN`` is printed after the
register's table has painted its rows (a paint of the table's viewport once the page is
in the model): on an ordinary file those are read with sqlite3 before the ORM loads, and
are the ORM's own first page (tests/test_quick_first_page.py compares them line by line;
tests/test_speed.py checks the rows painted are the real ones). Also records the peak memory (max RSS) of the
DHTT process, which opens the province database and shows the first page of candidates.
Runs offscreen, and under Xvfb too when `xvfb-run` is installed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DHTT, ROOT, machine, province_db  # noqa: E402

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1366, 740)
class FirstPaint(QObject):  # the same signal of "shown" as DHTT's own window
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            w.removeEventFilter(self)
            QTimer.singleShot(0, lambda: print("DHTT_SHOWN", flush=True))
        return False
f = FirstPaint(); w.installEventFilter(f); w.show()
QTimer.singleShot(200, app.quit)
app.exec()
"""


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    from harness import Group, Row, process

    run_env = {**os.environ, "DHTT_REPORT_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    bare_cmd = [sys.executable, "-c", BARE]
    dhtt_cmd = [*DHTT, "--db", str(env.db), "gui", "--quit-after", "0.5"]

    def ours() -> dict[str, float]:
        return process(dhtt_cmd, ("DHTT_SHOWN", "DHTT_REGISTER_SHOWN"), run_env, memory=True)

    def bare() -> dict[str, float]:
        return process(bare_cmd, ("DHTT_SHOWN",), run_env, memory=True)

    return [Group("start-up", "whole process", ours, baseline=bare, rows=[
        Row("1 · window frame painted (offscreen, province database)", "DHTT_SHOWN",
            "DHTT_SHOWN", max_ratio=2, baseline_what="bare PySide6 window"),
        Row("1 · register's first page shown (200 of 100,000)", "DHTT_REGISTER_SHOWN",
            "DHTT_SHOWN", max_ratio=4, baseline_what="bare PySide6 window"),
        Row("issue 2 floor · process start → main window shown", "DHTT_SHOWN",
            max_value=1.0),
        Row("issue 2 floor · peak memory of the window process", "maxrss_mb",
            max_value=300, unit="MiB"),
    ])]


def time_to_marker(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawn to the marker line, and the child's max RSS in KiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            cwd=ROOT, text=True)
    shown = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "DHTT_SHOWN":
            shown = time.perf_counter() - started
    proc.wait()
    if shown is None:
        raise RuntimeError(f"no marker from {cmd}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return shown, max(before, after)


def measure(label: str, prefix: list[str], env: dict[str, str], runs: int, db: Path) -> None:
    bare_cmd = [*prefix, sys.executable, "-c", BARE]
    dhtt_cmd = [*prefix, *DHTT, "--db", str(db), "gui", "--quit-after", "1.5"]
    time_to_marker(bare_cmd, env)  # warm the file cache
    time_to_marker(dhtt_cmd, env)
    bare, ours, rss = [], [], 0
    for _ in range(runs):
        bare.append(time_to_marker(bare_cmd, env)[0])
        seconds, peak = time_to_marker(dhtt_cmd, env)
        ours.append(seconds)
        rss = max(rss, peak)
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"[{label}] bare PySide6 window: median {b:.3f} s (min {min(bare):.3f}); "
          f"DHTT main window on the province database: median {o:.3f} s (min {min(ours):.3f}, "
          f"max {max(ours):.3f}); ratio {o / b:.1f}×; peak memory {rss / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    db = province_db()
    print(machine())
    env = {**os.environ, "DHTT_REPORT_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    measure("offscreen", [], env, args.runs, db)
    if shutil.which("xvfb-run"):
        env_x = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
        measure("Xvfb 1366x768", ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"], env_x,
                args.runs, db)


if __name__ == "__main__":
    main()
