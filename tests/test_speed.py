"""What keeps the waits short: nothing heavy before the window's first paint or before a
CLI command's own work, the C accelerator under ReportLab."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY_FOR_FIRST_PAINT = ["sqlalchemy", "app.models", "app.services", "alembic", "reportlab",
                         "docx", "openpyxl", "PySide6.QtCharts", "PySide6.QtPdf",
                         "app.ui.candidates.tab", "app.ui.awards.tab"]


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
        "heavy = ['sqlalchemy', 'app.models', 'app.services', 'app.reports', 'alembic',"
        " 'reportlab', 'openpyxl', 'docx', 'PySide6', 'babel', 'platformdirs']\n"
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

    from app.services import quick_list
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
    from app.models.database import HEAD_REVISION
    from app.services import quick_list

    assert quick_list.head_revision() == HEAD_REVISION
    assert quick_list.list_candidates(db_path) == []
    assert quick_list.list_candidates(tmp_path / "none.sqlite") is None
    import sqlite3

    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    con.commit()
    con.close()
    assert quick_list.list_candidates(db_path) is None
