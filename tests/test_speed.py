"""What keeps the waits short: nothing heavy before the window's first paint or before a
CLI command's own work, the C accelerator under ReportLab."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY_FOR_FIRST_PAINT = ["sqlalchemy", "app.models", "app.services", "alembic", "reportlab",
                         "docx", "openpyxl", "PySide6.QtCharts", "PySide6.QtPdf",
                         "app.ui.candidates.tab", "app.ui.awards.tab",
                         # issue 13: no other tab's contents, no counting before the paint
                         "app.ui.criteria.tab", "app.ui.villages.tab", "app.ui.dashboard.tab",
                         "app.ui.sync.tab", "app.services.dated_counts", "app.models.database"]


def _loaded_in_subprocess(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = out.stdout.splitlines()
    assert lines and lines[-1].startswith("LOADED:"), out.stdout
    return [m for m in lines[-1][len("LOADED:"):].split(",") if m]


def test_the_windows_frame_is_painted_before_the_orm_and_the_tabs_load():
    """The user sees the window (title, six tabs, menus, status bar) before SQLAlchemy,
    the models, the services and the tabs' modules are imported."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.application import _application\n"
        "from app.ui.main_window import MainWindow\n"
        "app = _application()\n"
        "w = MainWindow(None); w.resize(800, 600)\n"
        f"heavy = {HEAVY_FOR_FIRST_PAINT!r}\n"
        "seen = []\n"
        "def painted():\n"
        "    titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]\n"
        "    assert titles[0] == 'Điển hình' and len(titles) == 6, titles\n"
        "    assert w.unit_label.text() == 'Đang mở cơ sở dữ liệu…'\n"
        "    seen.extend(m for m in heavy if m in sys.modules)\n"
        "    app.quit()\n"
        "w.first_painted.connect(painted)\n"
        "w.show()\n"
        "app.exec()\n"
        "print('LOADED:' + ','.join(seen))\n"
    )
    assert _loaded_in_subprocess(code) == []


# The register's first page is painted (read with sqlite3) before the ORM, the services and
# the other tabs load; only the register's own modules are in by then.
HEAVY_FOR_FIRST_PAGE = [m for m in HEAVY_FOR_FIRST_PAINT if m != "app.ui.candidates.tab"] + [
    "app.ui.context", "app.services.candidates", "app.models.enums"]


def test_the_registers_first_page_is_painted_before_the_orm_loads(db, db_path):
    """The whole start on a real register: at the paint of the register's rows, SQLAlchemy,
    the models and the services are not imported, and the rows painted are the ORM's
    first page (its real lines, not a placeholder)."""
    import json
    from dataclasses import replace

    from app.services.candidates import CandidateFilter, find_candidates
    from app.services.demo import DemoSize, generate
    from app.ui.candidates.model import PAGE

    generate(db, replace(DemoSize.preset("district"), max_communes=12, candidates=300), seed=3)
    with db.session() as session:
        expected = [r.name for r in find_candidates(session, CandidateFilter(), limit=PAGE)]
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from app.ui import application\n"
        f"heavy = {HEAVY_FOR_FIRST_PAGE!r}\n"
        "seen = {}\n"
        "real = application._when_register_shown\n"
        "def watched(window, tab, then=None):\n"
        "    def painted():\n"
        "        if not seen:\n"
        "            seen['loaded'] = [m for m in heavy if m in sys.modules]\n"
        "            seen['rows'] = [tab.model.index(r, 0).data()\n"
        "                            for r in range(tab.model.rowCount())]\n"
        "            seen['quick'] = tab.ctx is None\n"
        "            seen['visible'] = tab.view.isVisible()\n"
        "        if then is not None:\n"
        "            then()\n"
        "    real(window, tab, painted)\n"
        "application._when_register_shown = watched\n"
        "code = application.run(Path(sys.argv[1]), quit_after=0.3)\n"
        "print('PAGE:' + json.dumps({**seen, 'code': code}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True,
                         text=True, check=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in out.stdout.splitlines() if line.startswith("PAGE:")]
    assert lines, out.stdout + out.stderr
    seen = json.loads(lines[-1][len("PAGE:"):])
    assert seen["code"] == 0 and seen["quick"] and seen["visible"]
    assert seen["loaded"] == []
    assert seen["rows"] == expected and len(expected) == PAGE


def test_the_window_opens_the_file_after_the_frame_and_fills_every_tab(tmp_path):
    """The whole start on a real file: the frame first, then the register's first page."""
    db = tmp_path / "dhtt.sqlite"
    subprocess.run([sys.executable, "-m", "app", "--db", str(db), "init", "--unit", "628"],
                   check=True, capture_output=True, timeout=120)
    out = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "gui", "--quit-after", "0.3"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "DHTT_REPORT_SHOWN": "1"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["DHTT_SHOWN", "DHTT_REGISTER_SHOWN"]


def test_cli_help_and_version_load_no_model_and_no_sqlalchemy():
    """`dhtt --help`, `--version` and every command's --help build the whole parser from
    registration modules that import nothing heavy (each handler imports what it uses)."""
    code = (
        "import sys, contextlib, io\n"
        "import app.cli\n"
        "for argv in (['--help'], ['--version'], ['list', 'candidates', '--help'],"
        " ['print', 'certificates', '--help'], ['import-excel', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            app.cli.main(argv)\n"
        "        except SystemExit as exc:\n"
        "            assert exc.code == 0, (argv, exc.code)\n"
        "import argparse\n"
        "from app.cli.base import db_path\n"
        "assert db_path(argparse.Namespace(db=None)).name == 'dhtt.sqlite'\n"
        "heavy = ['sqlalchemy', 'app.models', 'app.services', 'app.reports', 'alembic',"
        " 'reportlab', 'openpyxl', 'docx', 'PySide6', 'babel']\n"
        "print('LOADED:' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    assert _loaded_in_subprocess(code) == []


def test_reportlab_runs_with_its_c_accelerator():
    """Without rl-accel ReportLab silently measures text and encodes streams in Python."""
    import _rl_accel
    from reportlab.lib import rl_accel

    assert set(rl_accel._c_funcs) == set(rl_accel.__all__)
    assert rl_accel.instanceStringWidthTTF is _rl_accel.instanceStringWidthTTF


def test_cli_list_answers_from_sqlite3_exactly_what_the_service_answers(db, db_path):
    """`dhtt list candidates` reads with plain sqlite3 (no ORM to import): the same rows, in
    the same order, as find_candidates for every filter the command has."""
    from dataclasses import replace

    from app import quick_list
    from app.services.candidates import WALK_ORDER_ABOVE, CandidateFilter, find_candidates
    from app.services.demo import DemoSize, generate

    generate(db, replace(DemoSize.preset("district"), max_communes=40, candidates=700), seed=5)
    cases = [{}, {"search": "nguyen"}, {"search": "thi a"}, {"search": "zzzz"},
             {"unit_code": "628"}, {"unit_code": "64"}, {"status": "cong_nhan"},
             {"kind": "household"}, {"model_type_code": "3.1.3"}, {"movement_code": "NTM"},
             {"model_type_code": "9.9.9"}, {"unit_code": "628", "status": "dang_ky",
                                            "search": "van"}]
    with db.session() as session:
        communes = [r.unit_code for r in find_candidates(session, CandidateFilter(), limit=5)]
        cases.append({"unit_code": communes[0]})
        for case in cases:
            for limit in (None, 50):
                expected = [r.as_json() for r in
                            find_candidates(session, CandidateFilter(**case), limit=limit)]
                got = quick_list.list_candidates(db_path, limit=limit, **case)
                assert got == expected, (case, limit)
    assert any(quick_list.list_candidates(db_path, unit_code="628"))
    assert quick_list.WALK_ORDER_ABOVE == WALK_ORDER_ABOVE


def test_cli_list_on_a_file_of_another_revision_takes_the_orm_path(db_path, tmp_path):
    from app import quick_list
    from app.models.database import HEAD_REVISION

    assert quick_list.head_revision() == HEAD_REVISION
    assert quick_list.list_candidates(db_path) == []
    assert quick_list.list_candidates(tmp_path / "none.sqlite") is None
    import sqlite3

    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    con.commit()
    con.close()
    assert quick_list.list_candidates(db_path) is None


def _recount(db) -> dict[tuple, int]:
    """Counted afresh from the candidates table, by plain SQL (independent of the code)."""
    import sqlite3

    con = sqlite3.connect(db.path)
    try:
        return {tuple(r[:-1]): r[-1] for r in con.execute(
            "SELECT unit_code, ifnull(lead_agency_id, ''), ifnull(movement_id, ''), "
            "ifnull(model_type_id, ''), kind, status, ifnull(year, 0), ifnull(phase_id, ''), "
            "count(*) FROM candidates WHERE deleted = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8")}
    finally:
        con.close()


def _kept(db) -> dict[tuple, int]:
    import sqlite3

    con = sqlite3.connect(db.path)
    try:
        return {tuple(r[:-1]): r[-1] for r in con.execute(
            "SELECT unit_code, lead_agency_id, movement_id, model_type_id, kind, status, year, "
            "phase_id, n FROM candidate_counts WHERE n > 0")}
    finally:
        con.close()


def test_per_unit_counts_equal_a_full_recount_after_every_kind_of_change(db):
    """Adding (demo, one by one), status changes, moves to another unit, soft and hard
    deletes, a rolled-back change: the counts the Tổng hợp tab reads stay exact."""
    from dataclasses import replace

    from sqlalchemy import select

    from app.models import Candidate, Phase
    from app.services.counts import count_candidates_by
    from app.services.demo import DemoSize, generate
    from app.services.lifecycle import change_status
    from app.services.plan import REGISTERED_STATUSES, targets_report

    generate(db, replace(DemoSize.preset("district"), max_communes=12, candidates=500), seed=2)
    assert _kept(db) == _recount(db) and sum(_recount(db).values()) == 500
    with db.transaction() as s:
        rows = list(s.scalars(select(Candidate).order_by(Candidate.id).limit(40)))
        for c in rows[:10]:
            c.status = "cong_nhan" if c.status != "cong_nhan" else "nhan_rong"
        for c in rows[10:15]:
            c.unit_code, c.year, c.phase_id = "628", None, None
        for c in rows[15:20]:
            c.deleted = True
        added = [Candidate(kind="individual", display_name=f"Siu H'Mai {i}", ho="Siu",
                           ten=f"H'Mai {i}", unit_code="628", status="dang_ky", year=2024,
                           name_search=f"siu hmai {i}", sort_key=f"hmai {i}")
                 for i in range(3)]
        s.add_all(added)
        s.flush()
        s.delete(added[0])
        s.delete(added[1])
        s.flush()
        rows[15].deleted = False  # deleted and restored in one transaction
    with db.transaction() as s:
        first = s.scalars(select(Candidate).where(Candidate.deleted.is_(False),
                                                  Candidate.status == "dang_ky")).first()
        change_status(s, first.id, "boi_duong", user="cán bộ", reason="")
    try:
        with db.transaction() as s:
            for c in s.scalars(select(Candidate).limit(30)):
                c.kind = "cooperative"
            s.flush()
            raise RuntimeError("the user cancelled")
    except RuntimeError:
        pass
    assert _kept(db) == _recount(db)
    assert sum(_recount(db).values()) == 500 - 5 + 1 + 1

    # The counting function and the Tổng hợp figures agree with a recount, per phase too.
    with db.session() as s:
        gd1 = s.scalar(select(Phase.id).where(Phase.code == "GD1"))
        by_kind = count_candidates_by(s, ("kind",), statuses=REGISTERED_STATUSES, phase_id=gd1)
        by_unit = count_candidates_by(s, ("unit_code",), unit_codes=["628"])
        report = targets_report(s, "GD1")
    expected_kind: dict[tuple, int] = {}
    for key, n in _recount(db).items():
        if key[5] in REGISTERED_STATUSES and key[7] == gd1:
            expected_kind[(key[4],)] = expected_kind.get((key[4],), 0) + n
    assert by_kind == expected_kind
    assert by_unit == {("628",): sum(n for k, n in _recount(db).items() if k[0] == "628")}
    assert sum(sum(t["registered"].values()) for t in report) > 0


def test_an_excel_import_checks_each_row_once_and_writes_what_it_checked(db, tmp_path,
                                                                          monkeypatch):
    from openpyxl import Workbook
    from sqlalchemy import func, select

    from app.models import Candidate
    from app.services import excel, register

    wb = Workbook()
    ws = wb.active
    ws.append(["Loại đối tượng", "Họ", "Tên đệm", "Tên", "Giới tính", "Năm sinh", "Dân tộc",
               "Mã đơn vị", "Mã phong trào", "Loại mô hình", "Năm", "Thành tích"])
    for i in range(30):
        ws.append(["Cá nhân", "Ksor", "H'", f"Lan {i:02d}", "Nữ", 1980 + i, "Jrai", "628",
                   "DSVH", "3.2.2b", 2024, "Gương mẫu"])
    ws.append(["Cá nhân", "", "", "", "Nữ", 1990, "Jrai", "628", "", "", 2024, ""])
    path = tmp_path / "nhap.xlsx"
    wb.save(path)

    calls = []
    real = register.validate

    def counting(session, data):
        calls.append(data)
        return real(session, data)

    monkeypatch.setattr(register, "validate", counting)
    monkeypatch.setattr(excel, "validate", counting)
    with db.session() as s:
        preview = excel.preview_import(s, path)
    assert len(preview.good) == 30 and [e.row for e in preview.errors] == [32]
    with db.transaction() as s:
        assert excel.apply_import(s, preview, user="cán bộ") == 30
    assert len(calls) == 31  # each row once, in the preview
    with db.session() as s:
        names = sorted(s.scalars(select(Candidate.display_name)))
        assert names[0] == "Ksor H' Lan 00" and len(names) == 30
        assert s.scalar(select(func.count()).select_from(Candidate)
                        .where(Candidate.year == 2024, Candidate.phase_id.is_not(None))) == 30
