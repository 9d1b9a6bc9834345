"""Importing 10,000 Excel rows into the province database, whole process against whole
process: `dhtt import-excel` (read, check every row once, write in one transaction) against
a script that only reads the same file with openpyxl. Also the import's peak memory.

    .venv/bin/python bench/bench_import.py [--pairs 5]
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DHTT  # noqa: E402

READ_ONLY = """
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
wb.close()
print(len(rows))
"""


def make_file(db: Path, path: Path, n: int = 10_000) -> None:
    """The same file as bench_register.py: n people in random communes."""
    import sqlite3

    from openpyxl import Workbook

    con = sqlite3.connect(db)
    communes = [r[0] for r in con.execute(
        "SELECT code FROM admin_units WHERE level = 'commune' AND valid_to IS NULL")]
    con.close()
    rng = random.Random(7)
    wb = Workbook()
    ws = wb.active
    ws.append(["Loại đối tượng", "Họ", "Tên đệm", "Tên", "Giới tính", "Ngày sinh", "Dân tộc",
               "Mã đơn vị", "Mã phong trào", "Loại mô hình", "Năm", "Thành tích"])
    given = ["Tuyết", "Blơi", "H'Lan", "Ngơr", "Đức", "Hùng", "Mai", "Thắm", "Nhung"]
    for i in range(n):
        ws.append(["Cá nhân", rng.choice(["Nguyễn", "Ksor", "Rơ Mah", "Đinh", "Siu"]),
                   rng.choice(["Thị", "Văn", "H'", ""]), f"{rng.choice(given)} {i:05d}",
                   rng.choice(["Nam", "Nữ"]), f"{rng.randint(1, 28):02d}/"
                   f"{rng.randint(1, 12):02d}/{rng.randint(1950, 2000)}",
                   rng.choice(["Kinh", "Jrai", "Bahnar"]), rng.choice(communes),
                   "DSVH", "3.2.2b", rng.choice([2023, 2024, 2025]),
                   "Gương mẫu trong phong trào toàn dân đoàn kết xây dựng đời sống văn hóa"])
    wb.save(path)


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    from harness import Group, Row, process

    from app.models.database import open_database

    # The file at the program's schema revision first (not timed): each run imports into a
    # fresh copy of it, so no run pays a schema upgrade of the 430 MB file instead.
    open_database(env.db).close()
    work = env.work / "import"
    work.mkdir(exist_ok=True)
    xlsx = work / "10000.xlsx"
    make_file(env.db, xlsx)
    copy = work / "province.sqlite"

    def ours() -> dict[str, float]:
        for leftover in work.glob("province.sqlite*"):
            leftover.unlink()
        shutil.copyfile(env.db, copy)  # a fresh copy each time, not timed
        out = process([*DHTT, "--db", str(copy), "import-excel", str(xlsx), "--json"],
                      memory=True)
        return out

    def read_only() -> dict[str, float]:
        return process([sys.executable, "-c", READ_ONLY, str(xlsx)], memory=True)

    return [Group("import 10,000 rows", "whole process", ours, baseline=read_only, rows=[
        Row("6 · import 10,000 Excel rows (`dhtt import-excel`: read, check, write)", "exit",
            "exit", max_ratio=2, baseline_what="openpyxl reading the same file"),
        Row("6 · peak memory of that import", "maxrss_mb", max_value=200, unit="MiB"),
        Row("issue 3 floor · import 10,000 rows into the province database", "exit",
            max_value=10.0),
    ])]


if __name__ == "__main__":
    from harness import standalone

    standalone("import", comparisons)
