"""The register on 100,000 candidates: the table's first page and each filter change in
the real Qt widgets, importing 10,000 Excel rows, exporting 100,000.

    .venv/bin/python bench/bench_register.py
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROVINCE_OFFICE, machine, median_ms, province_db  # noqa: E402


def table(path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.models.database import open_database
    from app.ui.candidates.tab import CandidatesTab
    from app.ui.context import AppContext
    from app.ui.ops import SyncExecutor

    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    ctx = AppContext(db=db, office_unit_code=PROVINCE_OFFICE, executor=SyncExecutor())
    tab = CandidatesTab(ctx)
    tab.resize(1340, 600)
    started = time.perf_counter()
    tab.show()  # loads the filter choices and the first page
    app.processEvents()
    first = time.perf_counter() - started
    print(f"first page shown: {first * 1000:.0f} ms ({tab.model.total} candidates, "
          f"{tab.model.rowCount()} rows fetched)")

    def timed(label: str, change) -> None:
        samples = []
        for _ in range(5):
            tab.clear_filters()
            app.processEvents()
            started = time.perf_counter()
            change()
            app.processEvents()
            samples.append(time.perf_counter() - started)
        print(f"  {label:<38} {median_ms(samples):6.1f} ms  ({tab.model.total} rows)")

    def pick(combo, data):
        return lambda: combo.setCurrentIndex(combo.findData(data))

    print("filter or search change → table updated (median of 5):")
    timed("unit: district 628 with its communes", lambda: tab.unit.set_code("628"))
    timed("unit: one commune 23764", lambda: tab.unit.set_code("23764"))
    timed("movement NTM", pick(tab.movement, "NTM"))
    timed("model type 3.1.3", pick(tab.model_type, "3.1.3"))
    timed("phase GD1", pick(tab.phase, "GD1"))
    timed("year 2024", pick(tab.year, 2024))
    timed("kind household", pick(tab.kind, "household"))
    timed("status recognised", pick(tab.status, "cong_nhan"))

    def search(text):
        def go():
            tab.search.setText(text)
            tab.apply_filter()  # the 250 ms typing pause is not counted
        return go

    timed("search 'nguyen thi anh'", search("nguyen thi anh"))
    timed("search 'hlan'", search("hlan"))
    tab.close()
    tab.deleteLater()
    app.processEvents()
    db.close()


def import_export(path: Path) -> None:
    from openpyxl import Workbook
    from sqlalchemy import select

    from app.models import AdminUnit, UnitLevel
    from app.models.database import open_database
    from app.services.candidates import CandidateFilter
    from app.services.excel import apply_import, export_candidates, preview_import

    work = Path(tempfile.mkdtemp(prefix="dhtt-bench-"))
    try:
        copy = work / "province.sqlite"
        shutil.copyfile(path, copy)
        db = open_database(copy)
        with db.session() as s:
            communes = list(s.scalars(select(AdminUnit.code).where(
                AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.valid_to.is_(None))))
        rng = random.Random(7)
        wb = Workbook()
        ws = wb.active
        ws.append(["Loại đối tượng", "Họ", "Tên đệm", "Tên", "Giới tính", "Ngày sinh",
                   "Dân tộc", "Mã đơn vị", "Mã phong trào", "Loại mô hình", "Năm",
                   "Thành tích"])
        given = ["Tuyết", "Blơi", "H'Lan", "Ngơr", "Đức", "Hùng", "Mai", "Thắm", "Nhung"]
        for i in range(10_000):
            ws.append(["Cá nhân", rng.choice(["Nguyễn", "Ksor", "Rơ Mah", "Đinh", "Siu"]),
                       rng.choice(["Thị", "Văn", "H'", ""]), f"{rng.choice(given)} {i:05d}",
                       rng.choice(["Nam", "Nữ"]), f"{rng.randint(1, 28):02d}/"
                       f"{rng.randint(1, 12):02d}/{rng.randint(1950, 2000)}",
                       rng.choice(["Kinh", "Jrai", "Bahnar"]), rng.choice(communes),
                       "DSVH", "3.2.2b", rng.choice([2023, 2024, 2025]),
                       "Gương mẫu trong phong trào toàn dân đoàn kết xây dựng đời sống văn hóa"])
        xlsx = work / "10000.xlsx"
        wb.save(xlsx)

        started = time.perf_counter()
        with db.session() as s:
            preview = preview_import(s, xlsx)
        checked = time.perf_counter() - started
        with db.transaction() as s:
            written = apply_import(s, preview)
        total = time.perf_counter() - started
        print(f"import 10,000 rows: preview {checked:.1f} s, total {total:.1f} s "
              f"({written} written, {len(preview.errors)} bad rows)")

        started = time.perf_counter()
        with db.session() as s:
            n = export_candidates(s, work / "all.xlsx", CandidateFilter())
        print(f"export {n} rows: {time.perf_counter() - started:.1f} s, "
              f"{(work / 'all.xlsx').stat().st_size / 1048576:.1f} MB")
        db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    """The floors of issue 3, for bench/run.py: the register tab in-process (no baseline;
    the import has its own comparison in bench_import.py)."""
    from harness import Group, Row

    from PySide6.QtWidgets import QApplication

    from app.models.database import open_database
    from app.services.candidates import CandidateFilter
    from app.services.excel import export_candidates
    from app.ui.candidates.tab import CandidatesTab
    from app.ui.context import AppContext
    from app.ui.ops import SyncExecutor

    app = QApplication.instance() or QApplication([])
    state: dict = {}

    def setup() -> None:
        state["db"] = open_database(env.db)

    def teardown() -> None:
        state["db"].close()

    def tab_timings() -> dict[str, float]:
        ctx = AppContext(db=state["db"], office_unit_code=PROVINCE_OFFICE, executor=SyncExecutor())
        tab = CandidatesTab(ctx)
        tab.resize(1340, 600)
        started = time.perf_counter()
        tab.show()
        app.processEvents()
        first = time.perf_counter() - started
        changes = []
        for change in (lambda: tab.unit.set_code("628"),
                       lambda: tab.status.setCurrentIndex(tab.status.findData("cong_nhan")),
                       lambda: tab.phase.setCurrentIndex(tab.phase.findData("GD1"))):
            tab.clear_filters()
            app.processEvents()
            started = time.perf_counter()
            change()
            app.processEvents()
            changes.append(time.perf_counter() - started)
        tab.close()
        tab.deleteLater()
        app.processEvents()
        return {"first": first, "filter": max(changes)}

    def export() -> dict[str, float]:
        started = time.perf_counter()
        with state["db"].session() as s:
            export_candidates(s, env.work / "all.xlsx", CandidateFilter())
        return {"export": time.perf_counter() - started}

    return [
        Group("register tab", "in-process", tab_timings, setup=setup, teardown=teardown, rows=[
            Row("issue 3 floor · register's first page (tab shown → 200 rows)", "first",
                max_value=0.2),
            Row("issue 3 floor · filter change, slowest of unit / status / phase", "filter",
                max_value=0.05)]),
        Group("export", "in-process", export, setup=setup, teardown=teardown, pairs=1,
              warm_up=False, rows=[Row("issue 3 floor · export 100,000 candidates to Excel "
                                       "(one run)", "export", max_value=20)]),
    ]


def main() -> None:
    path = province_db()
    print(machine())
    if "--no-table" not in sys.argv:
        table(path)
    if "--no-excel" not in sys.argv:
        import_export(path)


if __name__ == "__main__":
    main()
