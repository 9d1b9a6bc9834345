"""Starting the window: translator, one-copy lock, database, first run, main window.

Kept light: Alembic, ReportLab, openpyxl and Babel are not imported on this path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.errors import DomainError
from app.i18n import _

EXIT_DATA_PROBLEM = 3


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("DHTT")
    app.setOrganizationName("DHTT")
    from app.ui.qt_translation import install

    if not getattr(app, "_dhtt_translator", None):
        app._dhtt_translator = install(app)  # type: ignore[attr-defined]
    return app  # type: ignore[return-value]


def run(db_path: Path, quit_after: float | None = None, screenshot: str | None = None) -> int:
    """Open the window on ``db_path``; return the exit code."""
    app = _application()
    from app.models.database import FileLock, open_database

    lock = FileLock(Path(db_path))
    try:
        lock.acquire()
        db = open_database(db_path)
    except DomainError as exc:
        lock.release()
        QMessageBox.warning(None, _("DHTT"), exc.message())
        return EXIT_DATA_PROBLEM
    try:
        return _run_window(app, db, quit_after, screenshot)
    finally:
        db.close()
        lock.release()


def _run_window(app: QApplication, db, quit_after: float | None,  # noqa: ANN001
                screenshot: str | None) -> int:
    from app.services.reference import initialise, office_unit_code
    from app.ui.context import AppContext
    from app.ui.dialogs import report_bug

    with db.transaction() as session:
        office = office_unit_code(session)
        from sqlalchemy import func, select

        from app.models import AdminUnit

        if not session.scalar(select(func.count()).select_from(AdminUnit)):
            initialise(session, None)  # a new, empty file: put the plan and units in
    ctx = AppContext(db=db, office_unit_code=office)
    sys.excepthook = lambda _t, exc, _tb: report_bug(None, exc)

    if not ctx.office_unit_code:
        from app.ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(ctx)
        if quit_after is not None:
            _schedule_quit(app, dialog, quit_after, screenshot)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0

    from app.ui.accounts.startup import backup_at_exit, check_at_start, sign_in

    if quit_after is None:  # scripted runs (tests, benchmarks) open without questions
        if not sign_in(ctx):
            return 0
        check_at_start(ctx)

    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1366, 740)
    window.show()
    if os.environ.get("DHTT_REPORT_SHOWN"):
        QTimer.singleShot(0, lambda: print("DHTT_SHOWN", flush=True))
    if quit_after is not None:
        _schedule_quit(app, window, quit_after, screenshot)
    code = app.exec()
    ctx.executor.wait()
    if quit_after is None:
        for notice in backup_at_exit(ctx):
            QMessageBox.information(None, _("DHTT"), notice)
    return code


def _schedule_quit(app: QApplication, widget, seconds: float,  # noqa: ANN001
                   screenshot: str | None) -> None:
    def finish() -> None:
        if screenshot:
            widget.grab().save(screenshot)
        widget.close()
        app.quit()

    QTimer.singleShot(int(seconds * 1000), finish)
