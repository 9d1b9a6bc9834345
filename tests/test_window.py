"""The main window as a user meets it (pytest-qt, offscreen)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from app import text
from app.models import Candidate, Setting
from app.ui.context import AppContext
from app.ui.ops import SyncExecutor


@pytest.fixture(autouse=True)
def _translator(qapp):
    from app.ui.qt_translation import install

    if not getattr(qapp, "_dhtt_translator", None):
        qapp._dhtt_translator = install(qapp)


@pytest.fixture
def ctx(db):
    bugs = []
    context = AppContext(db=db, office_unit_code="628", executor=SyncExecutor())
    context.bug_handler = bugs.append
    context.error_handler = bugs.append
    yield context
    assert not bugs, bugs


def add_people(db, *names):
    with db.transaction() as session:
        for name in names:
            ho, dem, ten = text.split_person_name(name)
            session.add(Candidate(kind="individual", display_name=text.clean(name), ho=ho,
                                  ten_dem=dem or None, ten=ten, unit_code="628",
                                  status="dang_ky", name_search=text.fold(name),
                                  sort_key=text.person_sort_key(ho, dem, ten)))


def test_window_has_six_vietnamese_tabs_and_a_status_bar(qtbot, ctx):
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Điển hình", "Tiêu chí", "Thôn văn hóa", "Khen thưởng && In",
                      "Tổng hợp", "Đồng bộ"]
    assert window.unit_label.text() == "Đơn vị: Huyện Ia Grai (mã 628)"
    assert str(ctx.db.path) in window.path_label.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Tệp", "&Xem", "Trợ &giúp"]


def test_search_finds_names_without_diacritics_in_vietnamese_order(qtbot, ctx, db):
    from app.ui.candidates.tab import CandidatesTab

    add_people(db, "Nguyễn Thị Ánh Tuyết", "Ksor H\u2019Lan", "Trần Văn Đức", "Lê Văn Ân",
               "Phạm Thị Anh", "Hồ Văn Ánh", "Rahlan Blơi")
    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    names = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    # by tên: Anh < Ánh < Ân < Blơi < Đức < H'Lan < Tuyết
    assert names == ["Phạm Thị Anh", "Hồ Văn Ánh", "Lê Văn Ân", "Rahlan Blơi", "Trần Văn Đức",
                     "Ksor H'Lan", "Nguyễn Thị Ánh Tuyết"]
    assert tab.count_label.text() == "7 điển hình"

    qtbot.keyClicks(tab.search, "nguyen thi anh")
    tab.apply_filter()  # what the debounce timer does after 250 ms
    assert [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())] == [
        "Nguyễn Thị Ánh Tuyết"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "hlan")
    tab.apply_filter()
    assert [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())] == ["Ksor H'Lan"]


def test_table_model_pages_rows_and_passes_the_model_tester(qtbot, qtmodeltester, ctx, db):
    from app.services.candidates import CandidateFilter
    from app.ui.candidates.model import PAGE, CandidateTableModel

    add_people(db, *[f"Nguyễn Văn Người{i:03d}" for i in range(PAGE + 50)])
    model = CandidateTableModel(ctx)
    model.set_filter(CandidateFilter())
    assert model.total == PAGE + 50
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 50 and not model.canFetchMore()
    qtmodeltester.check(model)


def test_targets_tab_shows_every_target_of_the_plan(qtbot, ctx):
    from app.ui.dashboard.tab import DashboardTab

    ctx.office_unit_code = "52"  # the province's office: the plan's minimums are its own
    tab = DashboardTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.table.rowCount() == 14
    first = [tab.table.item(0, c).text() for c in range(3)]
    assert first == ["Sở Nông nghiệp và Phát triển nông thôn",
                     "Gia Lai chung sức xây dựng nông thôn mới", "10 tập thể; 10 cá nhân"]


def test_criteria_tab_lists_model_types_with_their_criteria(qtbot, ctx):
    from app.ui.criteria.tab import CriteriaTab

    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.tree.topLevelItemCount() == 13
    hcm = next(tab.tree.topLevelItem(i) for i in range(13)
               if tab.tree.topLevelItem(i).text(0) == "3.1.7")
    assert hcm.childCount() == 7  # the plan's seven clauses of 3.1.7 (0009)


def test_first_run_dialog_saves_the_office_chosen_by_search(qtbot, db):
    from app.ui.first_run import FirstRunDialog

    ctx = AppContext(db=db, executor=SyncExecutor())
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "tỉnh, xã hoặc phường" in dialog.intro.text()
    qtbot.keyClicks(dialog.search, "ia grai")
    # The units in force: the commune Ia Grai of the new province, its official code.
    current = dialog.tree.currentIndex()
    assert current.data() == "Xã Ia Grai" and current.siblingAtColumn(1).data() == "23764"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "huyen ia grai")
    assert not dialog.tree.currentIndex().isValid() or dialog.picker.current_code() is None
    dialog.former.click()  # an office keeping a former district's records
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "huyen ia grai")
    current = dialog.tree.currentIndex()
    assert current.data().startswith("Huyện Ia Grai (đã giải thể")
    assert current.siblingAtColumn(1).data() == "628"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Đồng ý"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.session() as session:
        assert session.get(Setting, "office_unit_code").value == "628"


def test_qt_own_buttons_and_menus_are_vietnamese(qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes
                           | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["Đồng ý", "Hủy bỏ", "&Có", "&Không"])
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert texts == ["&Hoàn tác", "&Làm lại", "&Cắt", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"]
    menu.deleteLater()


def test_backup_menu_writes_a_usable_copy(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.models.database import open_database
    from app.ui.main_window import MainWindow

    target = tmp_path / "usb" / "sao-luu.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.backup()
    copy = open_database(target)
    with copy.session() as session:
        assert session.get(Setting, "office_unit_code").value == "64"
        assert session.query(Candidate).count() == 0
    copy.close()
    assert not list(target.parent.glob("*.part"))


def test_a_bug_writes_a_log_and_names_it(qtbot, monkeypatch):
    from app.ui.dialogs import report_bug

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, message: shown.append(message))
    try:
        raise ValueError("boom")
    except ValueError as exc:
        path = report_bug(None, exc)
    assert path.exists() and "ValueError: boom" in path.read_text(encoding="utf-8")
    assert str(path) in shown[0] and "Dữ liệu đã lưu vẫn an toàn" in shown[0]


def test_gui_command_opens_and_closes_on_a_new_file(tmp_path):
    db = tmp_path / "new.sqlite"
    shot = tmp_path / "window.png"
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "init", "--unit", "64"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "gui", "--quit-after", "0.5",
         "--screenshot", str(shot)], capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert shot.exists() and shot.stat().st_size > 10_000


def test_second_window_on_the_same_file_is_refused(db_path, monkeypatch):
    from app.models.database import FileLock
    from app.ui import application

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: shown.append(message))
    with FileLock(db_path):
        code = application.run(db_path, quit_after=0.1)
    assert code == 3
    assert "đang được mở ở một cửa sổ DHTT khác" in shown[0]
    assert QApplication.instance() is not None


def test_opening_the_window_does_not_load_the_heavy_libraries(tmp_path):
    """ReportLab, python-docx, openpyxl, Alembic, QtCharts and QtPdf load when first used:
    each costs tens of milliseconds of the start-up the user waits for."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, app.ui.main_window\n"
        "heavy = ['reportlab', 'docx', 'openpyxl', 'alembic', 'PySide6.QtCharts', "
        "'PySide6.QtPdf']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == ""
