"""The Đồng bộ tab as officers use it: export, import with its dry run, the waiting queue,
settling a conflict, drag and drop, the warning on exit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from app.models import Candidate
from app.models.base import utcnow
from app.ui.context import AppContext
from app.ui.ops import SyncExecutor
from app.ui.sync.conflict_dialog import ConflictDialog
from app.ui.sync.summary_dialog import ImportSummaryDialog
from app.ui.sync.tab import SyncTab, confirm_exit
from tests.sync_helpers import COMMUNE, PROVINCE, add_person, offices


@pytest.fixture
def two(template_db, tmp_path, qt_vi):
    o = offices(template_db, tmp_path / "o")
    yield o
    o.close()


def _tab(qtbot, db, unit):
    bugs, errors = [], []
    ctx = AppContext(db=db, office_unit_code=unit, executor=SyncExecutor())
    ctx.bug_handler, ctx.error_handler = bugs.append, errors.append
    tab = SyncTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.bugs, tab.errors = bugs, errors  # type: ignore[attr-defined]
    return tab


def _cells(table):
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


@pytest.fixture
def dialogs(monkeypatch):
    """The file choosers and the dry-run summary answered as a person would; the summaries
    shown are kept."""
    state = {"folder": "", "file": "", "summaries": []}
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: state["folder"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (state["file"], ""))

    def accept_summary(self):
        state["summaries"].append({_cells(self.table)[r][0]: _cells(self.table)[r][1:]
                                   for r in range(self.table.rowCount())})
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportSummaryDialog, "exec", accept_summary)
    return state


def test_export_import_queue_and_conflict_through_the_tab(qtbot, two, tmp_path, dialogs,
                                                         monkeypatch):
    xa, tinh = _tab(qtbot, two.commune, COMMUNE), _tab(qtbot, two.province, PROVINCE)
    assert "Quy Nhơn" in _cells(tinh.office_table)[0][1]
    assert tinh.status.fingerprint in tinh.office_label.text()
    lan = add_person(two.commune, "Lan")
    xa.refresh()
    assert "2" in xa.unsent_label.text()

    dialogs["folder"] = str(tmp_path)
    qtbot.mouseClick(xa.export_button, Qt.MouseButton.LeftButton)
    [p1] = sorted(tmp_path.glob("*.dhtt"))
    assert p1.name in xa.message.text()

    dialogs["file"] = str(p1)
    qtbot.mouseClick(tinh.import_button, Qt.MouseButton.LeftButton)
    summary = dialogs["summaries"][-1]
    assert summary["Điển hình và ứng viên"][0] == "1"  # one new row shown before writing
    with two.province.session() as s:
        assert s.get(Candidate, lan).ten == "Lan"
    assert len(_cells(tinh.history_table)) == 1

    # Two packages, the second arrives first: it waits visibly, then both apply.
    with two.commune.transaction() as s:
        s.get(Candidate, lan).summary = "Lần 2"
    (tmp_path / "b").mkdir()
    dialogs["folder"] = str(tmp_path / "b")
    qtbot.mouseClick(xa.export_button, Qt.MouseButton.LeftButton)
    with two.commune.transaction() as s:
        s.get(Candidate, lan).summary = "Lần 3"
    (tmp_path / "c").mkdir()
    dialogs["folder"] = str(tmp_path / "c")
    qtbot.mouseClick(xa.export_button, Qt.MouseButton.LeftButton)
    [p2], [p3] = list((tmp_path / "b").glob("*.dhtt")), list((tmp_path / "c").glob("*.dhtt"))
    dialogs["file"] = str(p3)
    qtbot.mouseClick(tinh.import_button, Qt.MouseButton.LeftButton)
    [waiting] = _cells(tinh.held_table)
    assert waiting[1] == "3" and "số 2" in waiting[2]
    assert "(1)" in tinh.pages.tabText(1)
    dialogs["file"] = str(p2)
    qtbot.mouseClick(tinh.import_button, Qt.MouseButton.LeftButton)
    assert _cells(tinh.held_table) == []
    with two.province.session() as s:
        assert s.get(Candidate, lan).summary == "Lần 3"

    # Both change the same record: the province settles it in the window.
    with two.commune.transaction() as s:
        s.get(Candidate, lan).summary = "Xã viết"
    with two.province.transaction() as s:
        s.get(Candidate, lan).summary = "Tỉnh viết"
    (tmp_path / "d").mkdir()
    dialogs["folder"] = str(tmp_path / "d")
    qtbot.mouseClick(xa.export_button, Qt.MouseButton.LeftButton)
    dialogs["file"] = str(next((tmp_path / "d").glob("*.dhtt")))
    qtbot.mouseClick(tinh.import_button, Qt.MouseButton.LeftButton)
    [row] = _cells(tinh.conflict_table)
    assert row[0] == "Xung đột" and "Tóm tắt thành tích" in row[4]

    shown = {}

    def keep_incoming(self):
        shown["cells"] = _cells(self.table)
        self.keep_incoming.click()
        return self.result()

    monkeypatch.setattr(ConflictDialog, "exec", keep_incoming)
    tinh.conflict_table.selectRow(0)
    qtbot.mouseClick(tinh.settle_button, Qt.MouseButton.LeftButton)
    assert shown["cells"][0][:3] == ["Tóm tắt thành tích", "Tỉnh viết", "Xã viết"]
    assert _cells(tinh.conflict_table) == []
    with two.province.session() as s:
        assert s.get(Candidate, lan).summary == "Xã viết"
    assert not xa.bugs and not tinh.bugs and not tinh.errors


def test_a_package_dropped_on_the_tab_is_imported_after_its_summary(qtbot, two, tmp_path,
                                                                   dialogs):
    xa, tinh = _tab(qtbot, two.commune, COMMUNE), _tab(qtbot, two.province, PROVINCE)
    add_person(two.commune, "Nhi", ho="Siu")
    xa.export_to(str(tmp_path))
    [package] = tmp_path.glob("*.dhtt")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(package))])
    enter = QDragEnterEvent(tinh.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(tinh, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(tinh.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(tinh, drop)
    assert dialogs["summaries"] and "Siu" not in str(dialogs["summaries"])
    assert "số 1" in tinh.message.text()
    assert len(_cells(tinh.history_table)) == 1


def test_a_refused_package_shows_the_reason_and_changes_nothing(qtbot, two, tmp_path, dialogs):
    xa, tinh = _tab(qtbot, two.commune, COMMUNE), _tab(qtbot, two.province, PROVINCE)
    add_person(two.commune)
    xa.export_to(str(tmp_path))
    [package] = tmp_path.glob("*.dhtt")
    package.write_bytes(package.read_bytes()[:-100])  # a stick pulled out while copying
    dialogs["file"] = str(package)
    qtbot.mouseClick(tinh.import_button, Qt.MouseButton.LeftButton)
    assert tinh.errors and "USB" in tinh.errors[0]
    assert dialogs["summaries"] == [] and _cells(tinh.history_table) == []
    assert not tinh.bugs


def test_exit_warns_when_changes_waited_longer_than_the_setting(qtbot, two, monkeypatch):
    from app.services.sync.status import exit_warning, set_warn_days

    xa = _tab(qtbot, two.commune, COMMUNE)
    add_person(two.commune)
    with two.commune.session() as s:
        assert exit_warning(s) is None  # keys made today: not yet
        warned = exit_warning(s, now=utcnow() + timedelta(days=8))
    assert warned == (2, 8)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr("app.services.sync.status.utcnow", lambda: utcnow() + timedelta(days=8))
    assert confirm_exit(xa, xa.ctx) is False
    assert "8" in asked[0] and "Đồng bộ" in asked[0]
    with two.commune.transaction() as s:
        set_warn_days(s, 0)
    assert confirm_exit(xa, xa.ctx) is True


def test_the_tab_shows_official_codes_never_internal_keys(qtbot, template_db, tmp_path,
                                                          dialogs, qt_vi):
    """Xã Ia Grai since 1/7/2025 reuses code 23764 and is kept under the key
    "23764-2025": staff see the name and 23764, in the tab and in its messages."""
    from tests.sync_helpers import enroll_both, make_office

    folder = tmp_path / "o"
    folder.mkdir()
    commune = make_office(template_db, folder / "xa.sqlite", "23764-2025")
    province = make_office(template_db, folder / "tinh.sqlite", PROVINCE)
    try:
        enroll_both(commune, province, folder)
        add_person(commune, "Lan", unit="23764-2025")
        xa, tinh = _tab(qtbot, commune, "23764-2025"), _tab(qtbot, province, PROVINCE)
        dialogs["folder"] = str(tmp_path)
        qtbot.mouseClick(xa.export_button, Qt.MouseButton.LeftButton)
        [package] = sorted(tmp_path.glob("*.dhtt"))
        dialogs["file"] = str(package)
        qtbot.mouseClick(tinh.import_button, Qt.MouseButton.LeftButton)
        xa.refresh()
        tinh.refresh()
        shown = [xa.office_label.text(), xa.unsent_label.text(), xa.message.text(),
                 tinh.office_label.text(), tinh.message.text()]
        for tab in (xa, tinh):
            for table in (tab.office_table, tab.history_table, tab.held_table,
                          tab.conflict_table):
                shown += [cell for row in _cells(table) for cell in row]
        assert not [t for t in shown if "-2025" in t]
        assert "Xã Ia Grai (mã 23764)" in xa.office_label.text()
        assert "Tỉnh Gia Lai (mã 52)" in xa.unsent_label.text()
        assert ["23764", "Xã Ia Grai"] == _cells(tinh.office_table)[0][:2]
        assert "Xã Ia Grai (mã 23764)" in _cells(tinh.history_table)[0]
    finally:
        commune.close()
        province.close()
