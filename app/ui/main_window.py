"""The main window: assembles the tabs, the menus and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from app import __version__
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

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "huong-dan" / "README.md"


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
            action = QAction(self.tabs.tabText(i).replace("&&", "&"), self)
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
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(GUIDE))):
            show_error(self, _("The user guide is in {path}.").format(path=GUIDE))

    def about(self) -> None:
        QMessageBox.about(self, _("About DHTT"), _(
            "<b>DHTT {version}</b><br>Building and replicating advanced examples, Gia Lai "
            "province, 2021–2025.<br><br>Fonts: Liberation Serif and Sans (SIL Open Font "
            "License 1.1). Administrative units: derived from the vietnamadminunits package "
            "(MIT licence).").format(version=__version__))
