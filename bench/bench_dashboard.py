"""The Tổng hợp tab on 100,000 candidates, in-process with the real Qt widgets (offscreen):
first shown (tab shown → every target's counts, the chart and the drill-down filled) and a
period change, timed with the database work done synchronously as the tab does it.

    .venv/bin/python bench/bench_dashboard.py [--pairs 5]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROVINCE_OFFICE  # noqa: E402


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    from harness import Group, Row

    from PySide6.QtWidgets import QApplication

    from app.models.database import open_database
    from app.ui.context import AppContext
    from app.ui.dashboard.tab import DashboardTab
    from app.ui.ops import SyncExecutor

    app = QApplication.instance() or QApplication([])
    state: dict = {}

    def setup() -> None:
        state["db"] = open_database(env.db)

    def teardown() -> None:
        state["db"].close()

    def ours() -> dict[str, float]:
        ctx = AppContext(db=state["db"], office_unit_code=PROVINCE_OFFICE, executor=SyncExecutor())
        tab = DashboardTab(ctx)
        tab.resize(1340, 640)
        started = time.perf_counter()
        tab.show()  # loads the periods, every target's counts, the chart
        app.processEvents()
        shown = time.perf_counter() - started
        if tab.table.rowCount() != 14:
            raise RuntimeError(f"{tab.table.rowCount()} targets shown")
        changes = []
        for index in (1, 2, 0):
            started = time.perf_counter()
            tab.phase.setCurrentIndex(index)
            app.processEvents()
            changes.append(time.perf_counter() - started)
        tab.close()
        tab.deleteLater()
        app.processEvents()
        return {"shown": shown, "change": sorted(changes)[1]}

    return [Group("Tổng hợp tab", "in-process", ours, setup=setup, teardown=teardown, rows=[
        Row("5 · Tổng hợp first shown (14 targets, chart, 100,000 candidates)", "shown",
            max_value=0.100),
        Row("5 · Tổng hợp period change (median of three)", "change", max_value=0.050),
    ])]


if __name__ == "__main__":
    from harness import standalone

    standalone("dashboard", comparisons)
