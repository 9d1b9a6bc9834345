"""Long actions show a progress indication while the window keeps painting, and their result
is the same as without it (issue 7, point 6). These tests run the operations on the real
worker thread (the other window tests run them synchronously), and make each job last over
a second by slowing the service down, so the indication has time to appear as it would on
a large register."""

from __future__ import annotations

import time

from conftest import type_text
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from app.models import Candidate
from app.services.register import CandidateInput, save_candidate

NAMES = ["Rơ Mah Blơi", "Ksor H'Lan", "Siu Ngơr"]


def _settle(qtbot, executor) -> None:
    """Wait until the worker is idle and every callback has run on the GUI thread."""
    from app.ui.ops import _PENDING

    executor.wait()
    qtbot.waitUntil(lambda: not _PENDING, timeout=10_000)


def _threaded(ctx):
    from app.ui.ops import ThreadExecutor

    ctx.executor = ThreadExecutor()
    return ctx.executor


def _slowed(monkeypatch, module, name, seconds=1.0):
    """Replace ``module.name`` by the same function that first waits ``seconds`` (on the
    worker thread, where it runs)."""
    original = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def _progress(parent: QWidget) -> QProgressDialog | None:
    for dialog in parent.findChildren(QProgressDialog):
        if dialog.isVisible():
            return dialog
    return None


class Ticks:
    """Counts GUI-thread timer ticks: they only run while the window's event loop (and so
    its painting) is not blocked."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def _register(db) -> None:
    with db.transaction() as s:
        for full in NAMES:
            ho, ten = full.rsplit(" ", 1)
            save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho=ho, ten=ten,
                                             model_type_code="3.2.2b", year=2023))


def test_exporting_the_register_shows_a_busy_bar_and_writes_every_row(qtbot, ctx, db, tmp_path,
                                                                       monkeypatch):
    import app.ui.excel.actions as actions
    from app.ui.candidates.tab import CandidatesTab

    _register(db)
    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    executor = _threaded(ctx)
    target = tmp_path / "danh-sach.xlsx"
    monkeypatch.setattr(actions.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(actions.QMessageBox, "information", lambda _p, _t, text: told.append(text))
    _slowed(monkeypatch, actions, "export_candidates")
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress(tab) is not None)
    bar = _progress(tab)
    assert bar.labelText() == "Đang ghi tệp Excel…"
    assert bar.maximum() == 0  # a busy bar: no count is known
    assert not bar.findChildren(QPushButton)  # nothing half-written to cancel
    ticks = Ticks()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    _settle(qtbot, executor)
    assert ticks.count >= 10  # the window went on painting while the file was written
    assert _progress(tab) is None
    assert told == [f"Đã ghi 3 điển hình vào {target}."]
    sheet = load_workbook(target).active
    written = {" ".join(str(v) for v in row if v) for row in sheet.iter_rows(min_row=2,
                                                                             values_only=True)}
    assert all(any(name in line for line in written) for name in NAMES)
    assert sheet.max_row == 4


def _workbook(path, rows):
    wb = Workbook()
    wb.active.append(["Họ", "Tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    for i in range(rows):
        wb.active.append(["Ksor", f"H'Lan {i}", 1980 + i % 20, "628", "Cá nhân"])
    wb.save(path)


def _slow_steps(monkeypatch, seconds=0.35):
    from app.ui.ops import ProgressRelay

    original = ProgressRelay.__call__

    def slow(self, done, total):
        time.sleep(seconds)
        return original(self, done, total)

    monkeypatch.setattr(ProgressRelay, "__call__", slow)


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Candidate))


def test_an_import_shows_its_progress_while_checking_and_writing(qtbot, ctx, db, tmp_path,
                                                               monkeypatch):
    from app.ui.excel.actions import ImportPreviewDialog, import_excel

    path = tmp_path / "600.xlsx"
    _workbook(path, 600)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    executor = _threaded(ctx)
    _slow_steps(monkeypatch)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    import_excel(ctx, parent, str(path))
    qtbot.waitUntil(lambda: _progress(parent) is not None)
    assert _progress(parent).labelText() == "Đang kiểm tra tệp…"
    qtbot.waitUntil(lambda: parent.findChild(ImportPreviewDialog) is not None, timeout=10_000)
    preview = parent.findChild(ImportPreviewDialog)
    assert _progress(parent) is None
    assert _count(db) == 0  # nothing written before Import is pressed
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress(preview) is not None)
    bar = _progress(preview)
    assert bar.labelText() == "Đang nhập…" and bar.maximum() == 600
    qtbot.waitUntil(lambda: preview.imported == 600, timeout=10_000)
    _settle(qtbot, executor)
    assert _count(db) == 600


def _preview_of_600(qtbot, ctx, db, tmp_path):
    """Three candidates registered, then the preview of a 600-row file, on the worker (and
    its parent window, which the test must hold for the dialog to live)."""
    from app.ui.excel.actions import ImportPreviewDialog, import_excel

    _register(db)
    path = tmp_path / "600.xlsx"
    _workbook(path, 600)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    executor = _threaded(ctx)
    import_excel(ctx, parent, str(path))
    qtbot.waitUntil(lambda: parent.findChild(ImportPreviewDialog) is not None, timeout=10_000)
    return parent.findChild(ImportPreviewDialog), executor, parent


def test_cancel_during_an_import_on_the_worker_leaves_the_register_as_it_was(qtbot, ctx, db,
                                                                           tmp_path, monkeypatch):
    preview, executor, _parent = _preview_of_600(qtbot, ctx, db, tmp_path)
    import app.services.backup as backup

    _slowed(monkeypatch, backup, "_copy")  # the copy made meanwhile, long on a big file
    _slow_steps(monkeypatch)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress(preview) is not None, timeout=1000)  # during the copy
    bar = _progress(preview)
    cancel = bar.findChild(QPushButton)
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # the officer changes their mind
    _settle(qtbot, executor)
    qtbot.waitUntil(lambda: _progress(preview) is None)
    assert preview.imported == 0 and ctx.errors == []
    assert _count(db) == 3  # the three registered before, none of the 600
    assert _import_copies(db) == []  # nothing was imported: no copy is kept for it


def _import_copies(db) -> list:
    from app.services.backup import FOLDER_NAME

    folder = db.path.parent / FOLDER_NAME
    return sorted(folder.glob("*-import.sqlite")) if folder.is_dir() else []


def test_an_import_in_the_window_keeps_a_copy_of_the_register_before_it(qtbot, ctx, db,
                                                                       tmp_path, monkeypatch):
    # The copy is made while the rows are written: it holds the three candidates there
    # before, not the 600 imported, and the trail notes it with the import.
    import sqlite3

    from app.services.audit import Action

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    preview, executor, _parent = _preview_of_600(qtbot, ctx, db, tmp_path)
    import app.services.backup as backup

    _slowed(monkeypatch, backup, "_copy_bytes", 0.5)  # still copying while rows are written
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.imported == 600, timeout=20_000)
    _settle(qtbot, executor)
    assert _count(db) == 603 and ctx.errors == []
    copies = _import_copies(db)
    assert len(copies) == 1
    con = sqlite3.connect(f"file:{copies[0]}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT count(*) FROM candidates").fetchone()[0] == 3
    finally:
        con.close()
    con = sqlite3.connect(db.path)
    try:
        details = [r[0] for r in con.execute("SELECT detail FROM audit_log WHERE action = ?",
                                             (Action.BACKUP,))]
    finally:
        con.close()
    assert any(copies[0].name in d for d in details)


def test_writing_the_review_report_shows_a_busy_bar_and_writes_the_document(qtbot, ctx, db,
                                                                          tmp_path, monkeypatch):
    from docx import Document

    import app.ui.awards.report_dialog as report_dialog

    ctx.office_unit_code = "23764"
    dialog = report_dialog.ReportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.signer.clear()
    type_text(dialog.signer, "Nguyễn Văn Hùng")
    executor = _threaded(ctx)
    _slowed(monkeypatch, report_dialog, "write_document")
    target = tmp_path / "tong-ket.docx"
    dialog.write(".docx", str(target))
    qtbot.waitUntil(lambda: _progress(dialog) is not None)
    assert _progress(dialog).labelText() == "Đang chuẩn bị báo cáo…"
    qtbot.waitUntil(lambda: getattr(dialog, "written", None) == target, timeout=10_000)
    _settle(qtbot, executor)
    assert _progress(dialog) is None
    assert dialog.message.text() == f"Đã ghi: {target}"
    assert any(p.text.strip() for p in Document(str(target)).paragraphs)


def test_backup_now_shows_a_busy_bar_and_lists_the_new_copy(qtbot, ctx, db, monkeypatch):
    import app.ui.accounts.backups as backups

    _register(db)
    dialog = backups.BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    executor = _threaded(ctx)
    _slowed(monkeypatch, backups, "make_backup")
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress(dialog) is not None)
    assert _progress(dialog).labelText() == "Đang tạo bản sao lưu…"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    _settle(qtbot, executor)
    assert _progress(dialog) is None
    assert dialog.table.item(0, 2).text() == "sao lưu thủ công"
    assert dialog.rows[0].path.stat().st_size > 0


def test_checking_and_restoring_a_copy_show_a_busy_bar_and_restore_it(qtbot, ctx, db,
                                                                     monkeypatch):
    import app.ui.accounts.backups as backups
    from app.services.backup import Reason, make_backup

    _register(db)
    copy = make_backup(db, Reason.MANUAL).paths[0]
    with db.transaction() as s:  # a fourth person, after the copy
        save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho="Nay",
                                         ten="Blum"))
    executor = _threaded(ctx)
    _slowed(monkeypatch, backups, "restore_preview")
    _slowed(monkeypatch, backups, "restore")
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = backups.RestoreDialog(ctx, copy, parent)
    dialog.show()
    qtbot.waitUntil(lambda: _progress(dialog) is not None)
    assert _progress(dialog).labelText() == "Đang kiểm tra bản sao…"
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=10_000)
    assert _progress(dialog) is None and "2 thay đổi" in dialog.summary.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress(dialog) is not None)
    assert _progress(dialog).labelText() == "Đang khôi phục từ bản sao…"
    qtbot.waitUntil(lambda: dialog.restored, timeout=10_000)
    _settle(qtbot, executor)
    assert _count(db) == 3  # as in the copy: Nay Blum was added after it


def test_the_backup_menu_shows_a_busy_bar_and_writes_the_copy(qtbot, ctx, db, tmp_path,
                                                              monkeypatch):
    import app.services.backup as backup
    from app.models.database import open_database
    from app.ui.main_window import MainWindow

    _register(db)
    target = tmp_path / "usb" / "sao-luu.sqlite"
    target.parent.mkdir()
    import app.ui.main_window as main_window

    monkeypatch.setattr(main_window.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: all(window._built))
    executor = _threaded(ctx)
    _slowed(monkeypatch, backup, "backup_to")
    window.backup()
    qtbot.waitUntil(lambda: _progress(window) is not None)
    assert _progress(window).labelText() == "Đang tạo bản sao lưu…"
    qtbot.waitUntil(lambda: "sao-luu.sqlite" in window.statusBar().currentMessage(),
                    timeout=10_000)
    _settle(qtbot, executor)
    assert _progress(window) is None
    copy = open_database(target)
    try:
        assert _count(copy) == 3
    finally:
        copy.close()
