"""Village scoring: the issue's four figures, each in paired, interleaved runs against a
baseline in the same process.

1. recomputing a 40-village commune's grid after one edit (what the window does on each
   key press) — baseline: evaluating the one edited village alone;
2. the province roll-up of all villages for one year plus the five-year totals — baseline:
   the bare SQL count of passed villages per commune;
3. a 40-village commune's grid loaded and shown in the table — baseline: the same number of
   cells in a plain QStandardItemModel shown in the same kind of view;
4. the decision with its annex and the certificates of 200 villages (PDF) — baseline:
   200 award certificates rendered from ready data.

    .venv/bin/python bench/bench_villages.py      (writes docs/benchmarks.md)

The village database (the province's units, ~1,600 demo villages × 2021–2025 and two
added communes of 40 and 200 villages) is built once into bench/.data/villages.sqlite.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, PROVINCE_OFFICE, ROOT, machine  # noqa: E402

DB = DATA / "villages.sqlite"
BIG, HUGE = "23764", "23771"  # communes given 40 and 200 extra villages
PAIRS = 7


def build() -> None:
    from sqlalchemy import select

    from app.models import AdminUnit
    from app.models.database import open_database
    from app.services import demo
    from app.services.reference import initialise
    from app.services.report_settings import SignerSettings, save_options
    from app.services.villages import grid, procedure
    from app.services.villages.grid import Entry

    DATA.mkdir(parents=True, exist_ok=True)
    db = open_database(DB)
    with db.transaction() as s:
        initialise(s, PROVINCE_OFFICE)
    started = time.perf_counter()
    demo.generate(db, demo.DemoSize(None, None, 0, 10), seed=1)
    print(f"demo villages generated in {time.perf_counter() - started:.1f} s")
    with db.transaction() as s:
        save_options(s, SignerSettings(signer_name="Nguyễn Văn Hùng"))
        for commune, n in ((BIG, 40), (HUGE, 200)):
            for i in range(1, n + 1):
                s.add(AdminUnit(code=f"{commune}.b{i:03d}", name=f"B{i}", unit_type="Thôn",
                                level="village", parent_code=commune, households=150,
                                owner_unit_code=commune, area_type="binh_thuong"))
        s.flush()
        for commune in (BIG, HUGE):
            codes = list(s.scalars(select(AdminUnit.code).where(
                AdminUnit.parent_code == commune, AdminUnit.level == "village")))
            g = grid.load_grid(s, commune, 2025)
            entries = []
            for code in codes:
                row = g.row(code)
                for item in g.rules.items:
                    if item.typed and row.values["council"].get(item.code) is None:
                        entries.append(Entry(code, item=item.code,
                                             value=0.0 if item.kind == "disqualifier" else 1.0))
                for key, value in (("households", 150), ("poor_households", 3),
                                   ("near_poor_households", 5), ("cultural_households", 130),
                                   ("working_age", 300), ("employed", 260), ("school_age", 90),
                                   ("at_school", 89), ("civilised_households", 140),
                                   ("social_evils", 0), ("serious_crimes", 0)):
                    if row.stats.get(key) is None:
                        entries.append(Entry(code, stat=key, value=float(value)))
                entries.append(Entry(code, votes=True, value=15.0))
            state = procedure.review_info(s, commune, 2025).state
            if state in ("quyet_dinh", "khoa"):
                procedure.unlock(s, commune, 2025, "Thêm thôn cho phép đo")
            elif state != "nhap":
                procedure.reopen(s, commune, 2025, "Thêm thôn cho phép đo")
            grid.save_entries(s, commune, 2025, entries)
            procedure.record_meeting(s, commune, 2025, procedure.Meeting(
                date(2025, 11, 10), "Nguyễn Văn Hùng", "Siu H'Nga", 20, 16,
                votes={c: 15 for c in [r.code for r in grid.load_grid(s, commune, 2025).rows]}))
            procedure.post_list(s, commune, 2025, procedure.Posting("Nhà văn hóa",
                                                                     date(2025, 11, 12)))
            procedure.decide(s, commune, 2025, procedure.DecisionInfo("15/QĐ-UBND",
                                                                      date(2025, 11, 24)))
    db.close()


def paired(label: str, work: Callable[[], object], base: Callable[[], object],
           repeat: int = 1) -> tuple[list[float], list[float]]:
    """Interleaved: work, baseline, work, baseline … (seconds per call)."""
    work(), base()  # warm-up
    ours, theirs = [], []
    for _ in range(PAIRS):
        for fn, out in ((work, ours), (base, theirs)):
            started = time.perf_counter()
            for _r in range(repeat):
                fn()
            out.append((time.perf_counter() - started) / repeat)
    print(f"{label}: {fmt(ours)} vs {fmt(theirs)}")
    return ours, theirs


def fmt(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    digits = 3 if statistics.median(ms) < 1 else 1
    return (f"{statistics.median(ms):.{digits}f} ms ({min(ms):.{digits}f}–"
            f"{max(ms):.{digits}f})")


def ratio(ours: list[float], theirs: list[float]) -> str:
    return f"{statistics.median(ours) / statistics.median(theirs):.1f}×"


def main() -> None:
    if not DB.exists():
        build()
    from sqlalchemy import func, select

    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from app.models import AdminUnit, VillageScore
    from app.models.database import open_database
    from app.reports.certificates import CertificateData, render_certificates
    from app.reports.villages import print_papers
    from app.services.villages import engine, grid, rollup
    from app.ui.villages.grid_model import GridModel

    app = QApplication.instance() or QApplication([])
    print(machine())
    db = open_database(DB)
    rows: list[tuple[str, str, str, str, str, str]] = []
    with db.session() as s:
        villages = s.scalar(select(func.count()).select_from(AdminUnit).where(
            AdminUnit.level == "village"))
        scores = s.scalar(select(func.count()).select_from(VillageScore))
        print(f"{villages} villages, {scores} yearly scores")

        # 1. one edit in a 40-village commune
        g = grid.load_grid(s, BIG, 2025)
        g.state = "nhap"  # in memory only: the year is decided in the file, nothing is saved
        big = len(g.rows)
        target = g.rows[0]
        flip = [1.0]

        def edit_and_recompute() -> None:
            flip[0] = 1.0 - flip[0]
            grid.apply_entry(g, grid.Entry(target.code, item="V.2", value=flip[0]))
            g.recompute()

        refs = engine.commune_references(g.rules, [r.stats for r in g.rows])

        def one_village() -> None:
            engine.evaluate(g.rules, target.area_class, target.values["council"], target.stats,
                            refs)

        ours, theirs = paired(f"recompute {big} villages after one edit", edit_and_recompute,
                              one_village, repeat=20)
        rows.append(("recomputing a commune's grid after one edit", f"{big} villages", "< 30 ms",
                     fmt(ours), f"one village alone {fmt(theirs)}", ratio(ours, theirs)))

        # 2. the province roll-up
        def province() -> None:
            rollup.rollup(s, 2025, PROVINCE_OFFICE)
            rollup.totals_by_year(s, PROVINCE_OFFICE, range(2021, 2026))

        def bare_sql() -> None:
            from sqlalchemy.orm import aliased

            v = aliased(AdminUnit)
            s.execute(select(v.parent_code, func.count(), func.sum(VillageScore.passed))
                      .join(v, v.code == VillageScore.village_code)
                      .where(VillageScore.year == 2025).group_by(v.parent_code)).all()

        ours, theirs = paired("province roll-up", province, bare_sql)
        rows.append(("province roll-up (one year per commune + 5-year totals)",
                     f"{villages} villages × 5 years", "< 500 ms", fmt(ours),
                     f"bare SQL count per commune {fmt(theirs)}", ratio(ours, theirs)))

        # 3. the grid of a 40-village commune shown
        model = GridModel()
        view = QTableView()
        view.setModel(model)
        view.resize(1366, 600)
        view.show()
        plain = QStandardItemModel()
        plain_view = QTableView()
        plain_view.setModel(plain)
        plain_view.resize(1366, 600)
        plain_view.show()

        def show_grid() -> None:
            model.set_grid(grid.load_grid(s, BIG, 2025))
            view.viewport().repaint()

        def show_plain() -> None:
            plain.clear()
            for r in range(big):
                plain.appendRow([QStandardItem(f"{r}.{c}") for c in range(model.columnCount())])
            plain_view.viewport().repaint()

        ours, theirs = paired(f"grid of {big} villages shown", show_grid, show_plain)
        rows.append(("a commune's grid loaded and shown", f"{big} villages, "
                     f"{model.columnCount()} columns", "< 200 ms", fmt(ours),
                     f"plain item model of the same cells {fmt(theirs)}", ratio(ours, theirs)))

    # 4. decision annex and certificates for 200 villages
    out = Path(tempfile.mkdtemp(prefix="dhtt-bench-villages-"))

    def papers() -> None:
        with db.session() as s2:
            print_papers(s2, [("decision", out / "qd.pdf"), ("certificates", out / "gcn.pdf")],
                         HUGE, 2025)

    with db.session() as s:
        passed = s.scalar(select(func.count()).select_from(VillageScore).join(
            AdminUnit, AdminUnit.code == VillageScore.village_code).where(
            AdminUnit.parent_code == HUGE, VillageScore.year == 2025,
            VillageScore.passed.is_(True)))
    items = [CertificateData("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA BĂ", f"Thôn B{i}",
                             "Đạt danh hiệu \"Thôn văn hóa\" năm 2025", "15/QĐ-UBND",
                             date(2025, 11, 24), "Ia Bă", date(2025, 11, 24), "CHỦ TỊCH",
                             "Nguyễn Văn Hùng", title="GIẤY CÔNG NHẬN", kind="village")
             for i in range(passed or 0)]

    def award_certificates() -> None:
        render_certificates(items, out / "base.pdf")

    ours, theirs = paired(f"decision + {passed} certificates", papers, award_certificates)
    rows.append(("decision with its annex + certificates (PDF)", f"{passed} villages",
                 "< 2 s", fmt(ours), f"the same number of certificates from ready data "
                 f"{fmt(theirs)}", ratio(ours, theirs)))
    db.close()
    del app
    write_doc(rows)


def write_doc(rows: list[tuple[str, str, str, str, str, str]]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    stamp = datetime.utcnow().strftime("%d/%m/%Y %H:%M UTC")
    body = ["<!-- bench:villages -->",
            f"Measured {stamp} on {machine()}; `python bench/bench_villages.py`, "
            f"{PAIRS} interleaved pairs per figure, median (min–max).", "",
            "| what | size | floor | measured | baseline in the same run | ratio |",
            "|---|---|---|---|---|---|"]
    body += [f"| {a} | {b} | {c} | **{d}** | {e} | {f} |" for a, b, c, d, e, f in rows]
    body.append("<!-- /bench:villages -->")
    block = "\n".join(body)
    pattern = re.compile(r"<!-- bench:villages -->.*?<!-- /bench:villages -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n## Cultural villages (issue 10)\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
