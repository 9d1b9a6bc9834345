"""The main window: assembles the tabs, the menus and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QTabWidget, QWidget

from app.i18n import _
from app.services.units import unit_label
from app.ui.awards.tab import AwardsTab
from app.ui.candidates.tab import CandidatesTab
from app.ui.context import AppContext
from app.ui.criteria.tab import CriteriaTab
from app.ui.dashboard.tab import DashboardTab
from app.ui.dialogs import report_bug, show_error
from app.ui.ops import DbOp
from app.ui.sync.tab import SyncTab
from app.ui.villages.tab import VillagesTab


class MainWindow(QMainWindow):
    """Tabs for the register, criteria, villages, awards, targets and sync."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.error_handler = lambda message: show_error(self, message)
        ctx.bug_handler = lambda exc: report_bug(self, exc)
        self.setWindowTitle(_("DHTT – Advanced examples"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title, cls in (
            (_("Examples"), CandidatesTab),
            (_("Criteria"), CriteriaTab),
            (_("Cultural villages"), VillagesTab),
            (_("Awards && printing"), AwardsTab),
            (_("Summary"), DashboardTab),
            (_("Sync"), SyncTab),
        ):
            self.tabs.addTab(cls(ctx, self), title)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.unit_label = QLabel()
        self.path_label = QLabel(_("Database: {path}").format(path=ctx.db.path))
        self.statusBar().addWidget(self.unit_label)
        self.statusBar().addPermanentWidget(self.path_label)
        self.refresh_office()
        from app.ui.window_state import restore_headers

        restore_headers(self.table_headers())

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
        from app.ui.sync.tab import confirm_exit
        from app.ui.window_state import save_window

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
        from app.ui.accounts.menu import add_account_actions

        add_account_actions(self, file_menu)

    def refresh_office(self) -> None:
        code = self.ctx.office_unit_code
        if not code:
            self.unit_label.setText(_("Office: not chosen"))
            return
        DbOp(self, self.ctx, lambda s: unit_label(s, code), write=False).on_success(
            lambda name: self.unit_label.setText(
                _("Office: {unit} (code {code})").format(unit=name, code=code))).run()

    def backup(self) -> None:
        from datetime import date

        suggested = str(Path.home() / f"dhtt-sao-luu-{date.today():%Y%m%d}.sqlite")
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Back up the database"), suggested, _("DHTT database (*.sqlite)"))
        if not target:
            return
        from app.services.backup import backup_to

        DbOp(self, self.ctx, lambda _s: backup_to(self.ctx.db, Path(target)), write=False
             ).on_success(lambda path: self.statusBar().showMessage(
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
