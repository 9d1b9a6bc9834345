"""Starting the window: translator, frame, the register's first page, then one-copy lock,
database, first run, tabs.

The frame (title, the tabs' names, menus, status bar) is painted before SQLAlchemy, the
models and the tab modules load. On an ordinary file the register's first page, read with
``sqlite3``, is painted next, still without them; they are then imported on a worker thread
while the window keeps answering (tests keep them off the path to both paints). Alembic,
ReportLab, openpyxl and Babel are not imported at all at start-up.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
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
    from app.ui.icon import program_icon

    app.setWindowIcon(program_icon())
    from app.ui.qt_translation import install

    if not getattr(app, "_dhtt_translator", None):
        app._dhtt_translator = install(app)  # type: ignore[attr-defined]
    return app  # type: ignore[return-value]


def _frame(app: QApplication, db_path: Path | None = None) -> Any:
    """The main window's frame, shown, then the register's first page of ``db_path`` when
    it can be read before the ORM; returns once they are painted and the modules behind the
    tabs are loaded (on worker threads, the window answering meanwhile)."""
    from app.ui.main_window import MainWindow, import_tab_modules

    window = MainWindow(None)
    if os.environ.get("DHTT_REPORT_SHOWN"):
        window.first_painted.connect(lambda: print("DHTT_SHOWN", flush=True))
    painted = QEventLoop()
    window.first_painted.connect(painted.quit)
    QTimer.singleShot(1000, painted.quit)  # no paint (a minimised start): go on anyway
    window.show_fitted()  # inside the screen, as the user left it
    painted.exec()
    if db_path is not None and window.tabs.currentIndex() == 0:
        _quick_first_page(app, window, db_path)

    def load() -> None:
        import app.models.database  # noqa: F401 - SQLAlchemy and the models
        import app.services.reference  # noqa: F401
        import app.ui.context  # noqa: F401

        import_tab_modules(first=0)  # the register, shown first

    _on_thread(app, load)
    return window


def _on_thread(app: QApplication, fn: Any) -> Any:
    """``fn()`` on a worker thread, the window answering meanwhile; its result."""
    result: list[Any] = []
    done = threading.Event()

    def work() -> None:
        try:
            result.append(fn())
        finally:
            done.set()

    threading.Thread(target=work, name="dhtt-start", daemon=True).start()
    while not done.wait(0.01):
        app.processEvents()
    return result[0] if result else None


def _quick_first_page(app: QApplication, window: Any, db_path: Path) -> None:
    """The register with its first page read by ``sqlite3`` (no ORM yet), painted; nothing
    when the file is not ordinary (the window then opens it the ORM's way)."""
    from app.ui.candidates.first_page import read_first_page

    page = _on_thread(app, lambda: read_first_page(Path(db_path)))
    if page is None or not window.isVisible():
        return
    from app.ui.candidates.tab import CandidatesTab

    tab = CandidatesTab(None, window, first_page=page)
    shown = QEventLoop()
    _when_register_shown(window, tab, shown.quit)
    QTimer.singleShot(1000, shown.quit)  # no paint (a minimised start): go on anyway
    window.place_early(0, tab)
    shown.exec()


def _when_register_shown(window: Any, tab: Any, then: Any = None) -> None:
    """After the next paint of what the register shows (its rows, or the empty register's
    page): print ``DHTT_REGISTER_SHOWN`` for the benchmark (once per window), and call
    ``then``."""
    from app.ui.main_window import when_painted

    def painted() -> None:
        if os.environ.get("DHTT_REPORT_SHOWN") and not getattr(window, "_register_shown", False):
            window._register_shown = True
            print("DHTT_REGISTER_SHOWN", flush=True)
        if then is not None:
            then()

    shown = tab.stack.currentWidget()
    when_painted(shown.viewport() if shown is tab.view else shown, painted)


def run(db_path: Path, quit_after: float | None = None, screenshot: str | None = None,
        open_file: str | None = None, window: Any = None) -> int:
    """Open the window on ``db_path``; return the exit code."""
    app = _application()
    if window is None:
        window = _frame(app, Path(db_path))
    from app.models.database import FileLock, ReadOnlyDatabase, open_database

    lock = FileLock(Path(db_path))
    try:
        lock.acquire()
        db = open_database(db_path)
    except ReadOnlyDatabase as exc:
        lock.release()
        db = _offer_read_only(Path(db_path), exc)
        if db is None:
            window.close()
            return EXIT_DATA_PROBLEM
    except DomainError as exc:
        from app.ui.accounts.startup import offer_restore_unopenable

        if quit_after is None and offer_restore_unopenable(Path(db_path), exc.message()):
            lock.release()
            return run(db_path, quit_after, screenshot, open_file, window)
        lock.release()
        QMessageBox.warning(None, _("DHTT"), exc.message())
        window.close()
        return EXIT_DATA_PROBLEM
    try:
        return _run_window(app, window, db, quit_after, screenshot, open_file)
    finally:
        db.close()
        lock.release()


def _offer_read_only(path: Path, exc: DomainError):  # noqa: ANN202 - Database | None
    """The file or its folder cannot be written: offer to open it for viewing and printing."""
    from app.models.database import open_database

    answer = QMessageBox.question(
        None, _("DHTT"), exc.message() + "\n\n" + _("Open it read-only now?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        return open_database(path, read_only=True)
    except DomainError as again:
        QMessageBox.warning(None, _("DHTT"), again.message())
        return None


def _run_window(app: QApplication, window: Any, db: Any, quit_after: float | None,
                screenshot: str | None, open_file: str | None = None) -> int:
    from app.services.reference import initialise, office_unit_code
    from app.ui.context import AppContext
    from app.ui.dialogs import report_bug

    with db.session() if db.read_only else db.transaction() as session:
        office = office_unit_code(session)
        from app.services.unit_choices import has_units

        if not db.read_only and not has_units(session):
            initialise(session, None)  # a new, empty file: put the plan and units in
    ctx = AppContext(db=db, office_unit_code=office)
    sys.excepthook = lambda _t, exc, _tb: report_bug(None, exc)

    if not ctx.office_unit_code:
        from app.ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(ctx)
        if quit_after is not None:
            _schedule_quit(app, dialog, quit_after, screenshot)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            window.close()
            return 0

    from app.ui.accounts.startup import backup_at_exit, check_at_start, sign_in

    if quit_after is not None:
        # A scripted run (tests, benchmarks) never opens past the login: a login dialog
        # shown there is closed when the time is up, like the window.
        def close_modal() -> None:
            modal = app.activeModalWidget()
            if modal is not None:
                modal.reject()

        QTimer.singleShot(int(quit_after * 1000), close_modal)
    if not sign_in(ctx):
        window.close()
        return 0
    if quit_after is None:  # scripted runs open without the start-up questions
        check_at_start(ctx)

    def filled() -> None:  # every tab built
        if quit_after is not None:
            _schedule_quit(app, window, quit_after, screenshot)

    window.attach(ctx, stepwise=True, done=filled)  # the shown tab at once, then the others
    tab = window.tabs.currentWidget()
    if os.environ.get("DHTT_REPORT_SHOWN") and hasattr(tab, "stack") and not getattr(
            window, "_register_shown", False):
        def first_page(_total: int) -> None:  # the rows are in: printed once painted
            tab.model.total_changed.disconnect(first_page)
            _when_register_shown(window, tab)

        tab.model.total_changed.connect(first_page)
    if db.read_only:
        from PySide6.QtWidgets import QLabel

        window.read_only_label = QLabel(_("Read-only: viewing and printing only, changes "
                                          "cannot be saved"))  # type: ignore[attr-defined]
        window.read_only_label.setStyleSheet("color: #a40000; font-weight: bold")  # type: ignore[attr-defined]
        window.statusBar().addPermanentWidget(window.read_only_label)  # type: ignore[attr-defined]
    if open_file:
        from app.ui.open_package import open_package

        QTimer.singleShot(0, lambda: open_package(window, Path(open_file)))
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
