"""Starting the window: translator, frame, then one-copy lock, database, first run, tabs.

The frame is painted before SQLAlchemy, the models and the tab modules load (a test keeps
them off that path); Alembic, ReportLab, openpyxl and Babel are not imported at all at
start-up.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
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


class _Opened(QObject):
    """Carries the worker thread's result (the opened database, or what went wrong) to the
    window's thread."""

    done = Signal(object)


def _open_in_background(db_path: Path) -> tuple[Any, Any, str | None] | BaseException:
    """Off the window's thread: load the ORM and the tab modules, lock and open the file.
    Returns ``(lock, db, office unit code)`` or the exception."""
    lock = None
    try:
        from app.models.database import FileLock, open_database
        from app.services.reference import initialise, office_unit_code

        lock = FileLock(Path(db_path))
        lock.acquire()
        db = open_database(db_path)
        try:
            with db.transaction() as session:
                office = office_unit_code(session)
                from sqlalchemy import func, select

                from app.models import AdminUnit

                if not session.scalar(select(func.count()).select_from(AdminUnit)):
                    initialise(session, None)  # a new, empty file: put the plan and units in
            from app.ui.main_window import import_tab_modules

            import_tab_modules(first=0)  # the register, shown first
        except BaseException:
            db.close()
            raise
        return lock, db, office
    except BaseException as exc:  # noqa: BLE001 - handed to the window's thread
        if lock is not None:
            lock.release()
        return exc


def run(db_path: Path, quit_after: float | None = None, screenshot: str | None = None) -> int:
    """Open the window on ``db_path``; return the exit code.

    The frame (title, tabs, menus, status bar) is painted first; the database is opened and
    the ORM and tab modules are loaded on a worker thread meanwhile, then the tabs' contents
    are built one per turn of the event loop, the shown tab first."""
    app = _application()
    from app.ui.main_window import MainWindow

    window = MainWindow(None)
    window.resize(1366, 740)
    report = bool(os.environ.get("DHTT_REPORT_SHOWN"))
    if report:
        window.first_painted.connect(lambda: print("DHTT_SHOWN", flush=True))
    state: dict[str, Any] = {"code": None, "opened": None}
    opened = _Opened()
    worker = threading.Thread(target=lambda: opened.done.emit(_open_in_background(db_path)),
                              name="dhtt-open", daemon=True)

    def start_opening() -> None:
        if not worker.is_alive() and worker.ident is None:
            worker.start()

    def finish(code: int) -> None:
        state["code"] = code
        window.close()
        app.exit(code)

    def on_opened(result: Any) -> None:
        if isinstance(result, BaseException):
            if isinstance(result, DomainError):
                QMessageBox.warning(window, _("DHTT"), result.message())
                finish(EXIT_DATA_PROBLEM)
            else:
                from app.ui.dialogs import report_bug

                report_bug(window, result)
                finish(1)
            return
        state["opened"] = result
        _lock, db, office = result
        _fill_window(app, window, db, office, quit_after, screenshot, report, finish)

    opened.done.connect(on_opened)
    window.first_painted.connect(start_opening)
    window.show()
    # If no paint comes (a minimised start), open the file anyway.
    QTimer.singleShot(1000, start_opening)
    code = app.exec()
    if worker.ident is not None:
        worker.join()
    app.processEvents()  # a result that arrived while closing
    ctx = getattr(window, "ctx", None)
    if ctx is not None:
        ctx.executor.wait()
        if quit_after is None and state["code"] is None:
            from app.ui.accounts.startup import backup_at_exit

            for notice in backup_at_exit(ctx):
                QMessageBox.information(None, _("DHTT"), notice)
    result = state["opened"]
    if result is None and worker.ident is not None:
        return state["code"] if state["code"] is not None else code
    if result is not None:
        lock, db, _office = result
        db.close()
        lock.release()
    return state["code"] if state["code"] is not None else code


def _fill_window(app: QApplication, window: Any, db: Any, office: str | None,
                 quit_after: float | None, screenshot: str | None, report: bool,
                 finish: Any) -> None:
    from app.ui.context import AppContext
    from app.ui.dialogs import report_bug

    ctx = AppContext(db=db, office_unit_code=office)
    sys.excepthook = lambda _t, exc, _tb: report_bug(None, exc)

    if not ctx.office_unit_code:
        from app.ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(ctx, window)
        if quit_after is not None:
            _schedule_quit(app, dialog, quit_after, screenshot)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            finish(0)
            return

    from app.ui.accounts.startup import check_at_start, sign_in

    if quit_after is None:  # scripted runs (tests, benchmarks) open without questions
        if not sign_in(ctx):
            finish(0)
            return
        check_at_start(ctx)

    def filled() -> None:
        if quit_after is not None:
            _schedule_quit(app, window, quit_after, screenshot)

    window.attach(ctx, stepwise=True, done=filled)  # builds the shown tab at once
    tab = window.tabs.currentWidget()
    if report and hasattr(tab, "model"):
        def first_page(_total: int) -> None:
            tab.model.total_changed.disconnect(first_page)
            QTimer.singleShot(0, lambda: print("DHTT_REGISTER_SHOWN", flush=True))

        tab.model.total_changed.connect(first_page)


def _schedule_quit(app: QApplication, widget, seconds: float,  # noqa: ANN001
                   screenshot: str | None) -> None:
    def finish() -> None:
        if screenshot:
            widget.grab().save(screenshot)
        widget.close()
        app.quit()

    QTimer.singleShot(int(seconds * 1000), finish)
