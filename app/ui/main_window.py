"""The main window: assembles the tabs, the menus and the status bar.

Two steps, so the window appears before the database and the ORM load: ``MainWindow(None)``
is the frame (tabs with their titles, menus, status bar) and imports no tab module, no
service and no SQLAlchemy; :meth:`MainWindow.attach` then puts each tab's contents in.
``MainWindow(ctx)`` does both at once. Between the two, :meth:`MainWindow.place_early` may
put in the register with its first page read before the ORM (it gets the database in
``attach``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QTabWidget, QWidget

from app.i18n import N_, _
from app.ui.dialogs import report_bug, show_error
from app.ui.ops import DbOp

if TYPE_CHECKING:
    from app.ui.context import AppContext

# (title, module, class) of each tab, in order; the modules load when the contents are built.
TABS = (
    (N_("Examples"), "app.ui.candidates.tab", "CandidatesTab"),
    (N_("Criteria"), "app.ui.criteria.tab", "CriteriaTab"),
    (N_("Cultural villages"), "app.ui.villages.tab", "VillagesTab"),
    (N_("Awards && printing"), "app.ui.awards.tab", "AwardsTab"),
    (N_("Summary"), "app.ui.dashboard.tab", "DashboardTab"),
    (N_("Sync"), "app.ui.sync.tab", "SyncTab"),
)


def import_tab_modules(first: int | None = None) -> None:
    """Load the tabs' modules (and through them the services and the ORM): only tab
    ``first``'s when given, the rest being loaded as their tabs are built."""
    for i, (_title, module, _cls) in enumerate(TABS):
        if first is None or i == first:
            importlib.import_module(module)


class MainWindow(QMainWindow):
    """Tabs for the register, criteria, villages, awards, targets and sync."""

    first_painted = Signal()

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext = None  # type: ignore[assignment]  # set by attach()
        self.setWindowTitle(_("DHTT – Advanced examples"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title, _module, _cls in TABS:
            self.tabs.addTab(QWidget(), _(title))
        self._built = [False] * len(TABS)
        self._early: list[int] = []  # tabs placed before the database was open
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.unit_label = QLabel(_("Opening the database…"))
        self.path_label = QLabel()
        self.statusBar().addWidget(self.unit_label)
        self.statusBar().addPermanentWidget(self.path_label)
        when_painted(self, self.first_painted.emit)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext, *, stepwise: bool = False,
               done: Callable[[], None] | None = None) -> None:
        """Put the tabs' contents in. ``stepwise``: the shown tab first, then one tab per
        turn of the event loop, so the window keeps answering while they are built."""
        self.ctx = ctx
        ctx.error_handler = lambda message: show_error(self, message)
        ctx.bug_handler = lambda exc: report_bug(self, exc)
        self.path_label.setText(_("Database: {path}").format(path=ctx.db.path))
        self._attach_account_menu()
        self.refresh_office()
        for index in self._early:
            self.tabs.widget(index).attach(ctx)  # type: ignore[attr-defined]
        self._early = []
        order = [self.tabs.currentIndex()]
        order += [i for i in range(len(TABS)) if i not in order]
        def finished() -> None:
            from app.ui.window_state import restore_headers

            restore_headers(self.table_headers())
            if done:
                done()

        if not stepwise:
            for index in order:
                self._build_tab(index)
            finished()
            return

        def step() -> None:
            if order:
                self._build_tab(order.pop(0))
                if len(order) == len(TABS) - 1 and self._wait_first_data(step):
                    return
                QTimer.singleShot(0, step)
            else:
                finished()

        step()

    def _wait_first_data(self, then: Callable[[], None]) -> bool:
        """After the shown tab is built: go on with the other tabs once its first data is
        in (the register's first page), so building them (their modules, their widgets)
        does not hold the page back; False when there is nothing to wait for."""
        model = getattr(self.tabs.currentWidget(), "model", None)
        ready = getattr(model, "total_changed", None)
        if ready is None or not getattr(model, "_loading", False):
            return False
        went = [False]

        def go(*_args: Any) -> None:
            if went[0]:
                return
            went[0] = True
            try:
                ready.disconnect(go)
            except (RuntimeError, TypeError):
                pass
            QTimer.singleShot(0, then)

        ready.connect(go)
        QTimer.singleShot(3000, go)  # a slow or failed first page: the tabs come anyway
        return True

    def _build_tab(self, index: int) -> None:
        if self._built[index]:
            return
        _title, module, cls_name = TABS[index]
        cls = getattr(importlib.import_module(module), cls_name)
        self._place(index, cls(self.ctx, self))

    def place_early(self, index: int, tab: QWidget) -> None:
        """Put in tab ``index`` built before the database was open (the register with its
        first page); :meth:`attach` gives it the database through its ``attach``."""
        self._place(index, tab)
        self._early.append(index)

    def _place(self, index: int, tab: QWidget) -> None:
        current = self.tabs.currentIndex()
        self.tabs.setUpdatesEnabled(False)
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, _(TABS[index][0]))
        self.tabs.setCurrentIndex(current)
        self.tabs.setUpdatesEnabled(True)
        old.deleteLater()
        self._built[index] = True

    def table_headers(self) -> dict[str, Any]:
        """The tables whose columns (widths, order, sort) are kept between runs."""
        candidates = self.tabs.widget(0)
        awards = self.tabs.widget(3)
        return {"candidates": candidates.view.horizontalHeader(),  # type: ignore[attr-defined]
                "awards": awards.table.horizontalHeader()}  # type: ignore[attr-defined]

    def show_fitted(self) -> None:
        """Show inside the screen's available area, as the user left it last time."""
        from app.ui.window_state import show_fitted

        show_fitted(self)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        from app.ui.window_state import save_window

        if self.ctx is None or not all(self._built):  # closed while the file was opening
            save_window(self, {})
            super().closeEvent(event)
            return
        from app.ui.sync.tab import confirm_exit

        if not confirm_exit(self, self.ctx):  # changes not sent for too long: ask first
            event.ignore()
            return
        save_window(self, self.table_headers())
        super().closeEvent(event)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        backup = QAction(_("&Back up the database…"), self)
        backup.setShortcut(QKeySequence("Ctrl+B"))
        backup.triggered.connect(self.backup)
        file_menu.addAction(backup)
        self._build_account_menu(file_menu)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(_("&View"))
        for i in range(self.tabs.count()):
            # "Khen thưởng && In" as in the tab: a single & would underline the space instead
            action = QAction(self.tabs.tabText(i), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, index=i: self.tabs.setCurrentIndex(index))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        guide = QAction(_("User &guide"), self)
        guide.setShortcut(QKeySequence("F1"))
        guide.triggered.connect(self.open_guide)
        help_menu.addAction(guide)
        about = QAction(_("&About DHTT"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _build_account_menu(self, file_menu: Any) -> None:
        if self.ctx is None:  # the frame: the account's actions come with the database
            self._account_menu = (file_menu, len(file_menu.actions()))
            return
        from app.ui.accounts.menu import add_account_actions

        add_account_actions(self, file_menu)

    def _attach_account_menu(self) -> None:
        pending = getattr(self, "_account_menu", None)
        if pending is None:
            return
        from PySide6.QtWidgets import QMenu

        from app.ui.accounts.menu import add_account_actions

        file_menu, index = pending
        self._account_menu = None
        staging = QMenu(self)
        add_account_actions(self, staging)
        before = file_menu.actions()[index] if index < len(file_menu.actions()) else None
        for action in staging.actions():  # separators belong to the staging menu: new ones
            if action.isSeparator():
                if before is None:
                    file_menu.addSeparator()
                else:
                    file_menu.insertSeparator(before)
            elif before is None:
                file_menu.addAction(action)
            else:
                file_menu.insertAction(before, action)
        staging.deleteLater()

    def refresh_office(self) -> None:
        from app.services.units import office_caption

        code = self.ctx.office_unit_code
        if not code:
            self.unit_label.setText(_("Office: not chosen"))
            return
        DbOp(self, self.ctx, lambda s: office_caption(s, code), write=False).on_success(
            lambda caption: self.unit_label.setText(
                _("Office: {unit} (code {code})").format(unit=caption[0], code=caption[1]))).run()

    def backup(self) -> None:
        from datetime import date

        if self.ctx is None:  # the database is still being opened
            return
        suggested = str(Path.home() / f"dhtt-sao-luu-{date.today():%Y%m%d}.sqlite")
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Back up the database"), suggested, _("DHTT database (*.sqlite)"))
        if not target:
            return
        from app.services.backup import backup_to

        DbOp(self, self.ctx, lambda _s: backup_to(self.ctx.db, Path(target)), write=False
             ).busy(_("Making a backup copy…")).on_success(lambda path: self.statusBar().showMessage(
                 _("Backup written to {path}").format(path=path), 8000)).run()

    def open_guide(self) -> None:
        """F1: the guide as a readable page inside the program."""
        from app.ui.guide import GuideViewer, guide_home

        if not guide_home().exists():
            show_error(self, _("The user guide was not installed with the program."))
            return
        self.guide = GuideViewer(parent=self)
        self.guide.show()

    def about(self) -> None:
        from app.ui.about import AboutDialog

        AboutDialog(Path(self.ctx.db.path), self).exec()


class _PaintWatch(QObject):
    """Calls back once, after the first paint event of the widget it watches."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._then = widget, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


def when_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, just after ``widget``'s next paint (what it shows is on screen)."""
    _PaintWatch(widget, then)
