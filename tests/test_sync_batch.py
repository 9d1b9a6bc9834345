"""Several packages at once (a USB stick with many communes' packages), a district of the
old structure handing its data to the province, and an unknown sender enrolled from the
tab and imported at once."""

from __future__ import annotations

import json
import sqlite3

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from app.cli import main
from app.services.backup import FOLDER_NAME
from app.services.sync import export, importer, keys
from app.ui.context import AppContext
from app.ui.ops import SyncExecutor
from app.ui.sync.summary_dialog import ImportSummaryDialog
from app.ui.sync.tab import SyncTab
from tests.sync_helpers import (
    COMMUNE,
    PROVINCE,
    add_person,
    enroll_both,
    fingerprint,
    make_office,
    offices,
)

OTHER = "21583"  # another commune of the province since 1/7/2025


@pytest.fixture
def three(template_db, tmp_path, qt_vi):
    o = offices(template_db, tmp_path / "o")
    other = make_office(template_db, tmp_path / "o" / "xa2.sqlite", OTHER)
    enroll_both(other, o.province, tmp_path / "o")
    yield o, other
    o.close()
    other.close()


def _export(db, folder):
    with db.transaction() as s:
        return export.export_package(s, folder).path


def _count(path, sql, *args):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def _copies(db):
    return sorted((db.path.parent / FOLDER_NAME).glob("*-import.sqlite"))


def _packages(three, tmp_path):
    """Two packages of the commune (to be given in the wrong order) and one of the other."""
    o, other = three
    add_person(o.commune, "Lan")
    (tmp_path / "1").mkdir()
    first = _export(o.commune, tmp_path / "1")
    add_person(o.commune, "Mai")
    (tmp_path / "2").mkdir()
    second = _export(o.commune, tmp_path / "2")
    add_person(other, "Hoa", unit=OTHER)
    (tmp_path / "3").mkdir()
    third = _export(other, tmp_path / "3")
    return first, second, third


def test_several_files_one_backup_in_order_and_a_refused_one_changes_nothing(three, tmp_path):
    o, _other = three
    first, second, third = _packages(three, tmp_path)
    broken = tmp_path / "cut.dhtt"
    broken.write_bytes(third.read_bytes()[:-50])  # a stick pulled out while copying
    before = len(_copies(o.province))
    items = importer.import_files(o.province, [second, broken, third, first])
    assert len(_copies(o.province)) == before + 1  # one copy before the whole batch
    by_name = {i.path.name: i for i in items}
    assert by_name["cut.dhtt"].error is not None and by_name["cut.dhtt"].result is None
    # Given second before first, the commune's packages were taken in their order: none
    # waited, nothing is left in the queue.
    assert not any(i.result.held for i in items if i.result)
    assert _count(o.province.path, "SELECT count(*) FROM sync_held") == 0
    assert _count(o.province.path, "SELECT count(*) FROM candidates WHERE unit_code = ?",
                  COMMUNE) == 2
    assert _count(o.province.path, "SELECT count(*) FROM candidates WHERE unit_code = ?",
                  OTHER) == 1
    assert _count(o.province.path, "SELECT count(*) FROM sync_packages WHERE direction = 'in'"
                  ) == 3
    # The province's roll-ups (the counts the Tổng hợp tab reads) hold both communes'
    # people, filtered by unit.
    from app.services.counts import count_candidates_by

    with o.province.session() as s:
        assert count_candidates_by(s, ("unit_code",), unit_codes=[COMMUNE, OTHER]) == {
            (COMMUNE,): 2, (OTHER,): 1}
        assert count_candidates_by(s, unit_codes=[OTHER]) == {(): 1}
    # The same stick again: every package a no-op, and no copy made for nothing.
    state = fingerprint(o.province.path)
    again = importer.import_files(o.province, [first, second, third])
    assert all(i.result.already_imported for i in again)
    assert fingerprint(o.province.path) == state and len(_copies(o.province)) == before + 1


def test_several_files_from_the_command_line(three, tmp_path, capsys):
    o, _other = three
    first, second, third = _packages(three, tmp_path)
    path = str(o.province.path)
    o.province.close()
    code = main(["--db", path, "import-package", str(second), str(first), str(third),
                 "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    docs = json.loads(out)
    assert [d["file"] for d in docs] == [str(second), str(first), str(third)]
    assert all(d["error"] is None and not d["held"] for d in docs)
    assert sum(sum(d["applied"].values()) for d in docs) == 6
    bad = tmp_path / "other.dhtt"
    bad.write_bytes(b"not a package")
    code = main(["--db", path, "import-package", str(first), str(bad)])
    out, err = capsys.readouterr()
    assert code == 3 and "other.dhtt" in err and "Traceback" not in err
    assert "đã được nhập" in out  # the first: already imported, said so
    assert "candidates" not in out  # tables named in Vietnamese


def test_a_district_of_the_old_structure_hands_its_data_to_the_province(template_db, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    district = make_office(template_db, folder / "huyen.sqlite", "628")
    province = make_office(template_db, folder / "tinh.sqlite", PROVINCE)
    enroll_both(district, province, folder)
    try:
        add_person(district, "Đào", unit="23767")  # a commune of the old district
        with district.transaction() as s:
            result = export.export_package(s, folder)  # default route: to the new province
        assert result.recipient == PROVINCE and result.kind == "up"
        done = importer.import_file(province, result.path)
        assert done.applied == {"candidates": 1, "status_changes": 1}
        assert sum(t.refused for t in done.tables.values()) == 0
        assert _count(province.path, "SELECT ten FROM candidates WHERE unit_code = '23767'"
                      ) == "Đào"
    finally:
        district.close()
        province.close()


def _tab(qtbot, db, unit):
    errors: list = []
    ctx = AppContext(db=db, office_unit_code=unit, executor=SyncExecutor())
    ctx.bug_handler, ctx.error_handler = errors.append, errors.append
    tab = SyncTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    return tab, errors


@pytest.fixture
def summaries(monkeypatch):
    shown: list = []

    def accept(self):
        shown.append((self.windowTitle(), [[self.table.item(r, c).text()
                                            for c in range(self.table.columnCount())]
                                           for r in range(self.table.rowCount())]))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportSummaryDialog, "exec", accept)
    return shown


def test_several_packages_dropped_on_the_tab(qtbot, three, tmp_path, summaries):
    o, _other = three
    first, second, third = _packages(three, tmp_path)
    tab, errors = _tab(qtbot, o.province, PROVINCE)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (second, third, first)])
    enter = QDragEnterEvent(tab.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(tab.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(tab, drop)
    [(title, rows)] = summaries
    assert title == "3 tệp gói"
    by_table = {r[0]: r for r in rows}
    # One summary for the three: Lan and Mai (second package also repeats Lan) and Hoa.
    assert by_table["Điển hình và ứng viên"][1] == "4"
    assert "3 gói đã được nhập" in tab.message.text()
    assert tab.held_table.rowCount() == 0 and tab.history_table.rowCount() == 3
    assert _count(o.province.path, "SELECT count(*) FROM candidates WHERE unit_code IN (?, ?)",
                  COMMUNE, OTHER) == 3
    assert not errors


def test_an_unknown_sender_is_enrolled_from_the_tab_and_its_package_imported(
        qtbot, template_db, tmp_path, qt_vi, summaries, monkeypatch):
    commune = make_office(template_db, tmp_path / "x.sqlite", COMMUNE)
    province = make_office(template_db, tmp_path / "t.sqlite", PROVINCE)
    try:
        with province.transaction() as s:
            keys.export_public_key(s, tmp_path / "t.key")
        with commune.transaction() as s:
            keys.enroll(s, keys.read_key_file(tmp_path / "t.key"))
            keys.export_public_key(s, tmp_path / "x.key")
            fp = keys.identity(s).fingerprint
        add_person(commune, "Nhi", ho="Siu")
        package = _export(commune, tmp_path)
        tab, errors = _tab(qtbot, province, PROVINCE)
        asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                            or QMessageBox.StandardButton.Yes)
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            lambda *a, **k: (str(tmp_path / "x.key"), ""))
        tab.import_from(str(package))
        assert COMMUNE in asked[0] and "ghi nhận tệp khóa" in asked[0].lower()  # enrolment offered
        assert fp in asked[1]  # the fingerprint to compare by phone
        assert len(summaries) == 1  # then the package's dry run, and it was applied
        assert _count(province.path, "SELECT count(*) FROM candidates WHERE ho = 'Siu'") == 1
        assert "số 1" in tab.message.text() and not errors
    finally:
        commune.close()
        province.close()
