"""The Thôn văn hóa tab: a commune's villages scored year by year, the procedure's states,
the history of the title, the roll-up above the commune and the scheme editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.villages import ReviewState
from app.services.villages import grid as grid_service
from app.services.villages import overview, procedure, schemes
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.villages.grid_model import SHOW_BOTH, SHOW_COUNCIL, SHOW_SELF, GridModel
from app.ui.villages.pages import HistoryPage, RollupPage, SchemePage


class VillagesTab(QWidget):
    """Choose a commune and a year; score its villages; move the year to its decision."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.info: procedure.ReviewInfo | None = None
        self.dialog: Any = None  # the open step dialog (tests reach it here)

        self.commune = QComboBox()
        self.commune.setMinimumContentsLength(24)
        self.year = QSpinBox()
        self.year.setRange(2018, 2100)
        from datetime import date

        self.year.setValue(date.today().year)
        self.show_combo = QComboBox()
        self.show_combo.addItem(_("Council's assessment"), SHOW_COUNCIL)
        self.show_combo.addItem(_("Village's self-assessment"), SHOW_SELF)
        self.show_combo.addItem(_("Both side by side"), SHOW_BOTH)
        self.state_label = QLabel()
        self.state_label.setStyleSheet("font-weight: bold")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Commune:")))
        top.addWidget(self.commune, 1)
        top.addWidget(QLabel(_("Year:")))
        top.addWidget(self.year)
        top.addWidget(QLabel(_("Show:")))
        top.addWidget(self.show_combo)
        top.addWidget(self.state_label)

        self.meeting_button = QPushButton(_("Record the &review meeting…"))
        self.posting_button = QPushButton(_("&Post the list…"))
        self.decision_button = QPushButton(_("&Decision…"))
        self.lock_button = QPushButton(_("&Lock"))
        self.unlock_button = QPushButton(_("&Unlock…"))
        self.reopen_button = QPushButton(_("Back to &scoring…"))
        self.excel_button = QPushButton(_("E&xcel"))
        excel_menu = QMenu(self)
        excel_menu.addAction(_("Export the grid…"), self.export_excel)
        excel_menu.addAction(_("Export every year (one sheet each)…"),
                             lambda: self.export_excel(all_years=True))
        excel_menu.addAction(_("Import a filled sheet…"), self.import_excel)
        self.excel_button.setMenu(excel_menu)
        self.print_button = QPushButton(_("&Print"))
        print_menu = QMenu(self)
        for kind, label in (("minutes", _("Minutes of the review meeting (form 06)…")),
                            ("submission", _("Submission (form 04)…")),
                            ("decision", _("Decision with its annex…")),
                            ("certificates", _("Certificates…")),
                            ("certificates_fields", _("Certificates, fields only…")),
                            ("notice", _("Notice of failed items for the selected village…"))):
            print_menu.addAction(label, lambda k=kind: self.print_paper(k))
        print_menu.addSeparator()
        for kind, label in (("minutes", _("Minutes as Word…")),
                            ("submission", _("Submission as Word…")),
                            ("decision", _("Decision as Word…"))):
            print_menu.addAction(label, lambda k=kind: self.save_word(k))
        self.print_button.setMenu(print_menu)
        steps = QHBoxLayout()
        for b in (self.meeting_button, self.posting_button, self.decision_button,
                  self.lock_button, self.unlock_button, self.reopen_button):
            steps.addWidget(b)
        steps.addStretch(1)
        steps.addWidget(self.excel_button)
        steps.addWidget(self.print_button)

        self.model = GridModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setDefaultSectionSize(62)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.message = ErrorLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.events = QLabel()
        self.events.setWordWrap(True)
        self.events.setStyleSheet("color: #555555")
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.table, 1)
        grid_layout.addWidget(self.message)
        grid_layout.addWidget(self.summary)
        grid_layout.addWidget(self.events)

        self.history = HistoryPage(ctx, self)
        self.rollup = RollupPage(ctx, self)
        self.schemes = SchemePage(ctx, self)
        self.pages = QTabWidget()
        self.pages.addTab(grid_page, _("Scoring grid"))
        self.pages.addTab(self.history, _("Years in a row"))
        self.pages.addTab(self.rollup, _("Roll-up"))
        self.pages.addTab(self.schemes, _("Scoring schemes"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(steps)
        layout.addWidget(self.pages, 1)

        self.commune.currentIndexChanged.connect(lambda _i: self.reload())
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.show_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_show(self.show_combo.currentData()))
        self.model.refused.connect(self.message.setText)
        self.model.edited.connect(self._save_entry)
        self.meeting_button.clicked.connect(self.open_meeting)
        self.posting_button.clicked.connect(lambda: self._open(
            self._dialogs().PostingDialog(ctx, self.code(), self.year.value(), self)))
        self.decision_button.clicked.connect(self.open_decision)
        self.lock_button.clicked.connect(self.lock)
        self.unlock_button.clicked.connect(lambda: self._open(
            self._dialogs().ReasonDialog(ctx, self.code(), self.year.value(), True, self)))
        self.reopen_button.clicked.connect(lambda: self._open(
            self._dialogs().ReasonDialog(ctx, self.code(), self.year.value(), False, self)))
        self.rollup.drill.connect(self.show_commune)
        ctx.signals.villages_changed.connect(self.reload)

    @staticmethod
    def _dialogs() -> Any:
        from app.ui.villages import dialogs

        return dialogs

    # --- loading ---------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self.load_communes()

    def load_communes(self) -> None:
        self._loaded = True
        office = self.ctx.office_unit_code

        def load(session: Any) -> list[overview.CommuneChoice]:
            schemes.ensure_shipped(session)
            return overview.commune_choices(session, office)

        DbOp(self, self.ctx, load).on_success(self._fill_communes).run()

    def _fill_communes(self, choices: list[overview.CommuneChoice]) -> None:
        self.commune.blockSignals(True)
        self.commune.clear()
        for c in choices:
            self.commune.addItem(c.label, c.code)
        self.commune.blockSignals(False)
        self.reload()

    def code(self) -> str:
        return str(self.commune.currentData() or "")

    def show_commune(self, code: str, year: int) -> None:
        """Drill-down from the roll-up: the commune's grid for that year."""
        index = self.commune.findData(code)
        if index >= 0:
            self.year.blockSignals(True)
            self.year.setValue(year)
            self.year.blockSignals(False)
            if index == self.commune.currentIndex():
                self.reload()
            else:
                self.commune.setCurrentIndex(index)
        self.pages.setCurrentIndex(0)

    def reload(self) -> None:
        commune, year = self.code(), self.year.value()
        self.message.setText("")
        if not commune:
            self.model.set_grid(None)
            return

        def load(session: Any) -> tuple[Any, Any]:
            return (grid_service.load_grid(session, commune, year),
                    procedure.review_info(session, commune, year))

        DbOp(self, self.ctx, load, write=False).on_success(self._show).on_failure(
            self._load_failed).run()
        self.history.reload(commune, year)
        self.rollup.reload(year)

    def _load_failed(self, exc: Exception) -> None:
        self.model.set_grid(None)
        self.message.show_failure(self.ctx, exc)
        self._show_state(None)

    def _show(self, data: tuple[Any, Any]) -> None:
        g, info = data
        self.model.set_grid(g, self.show_combo.currentData())
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 240)
        self._show_state(info)
        self._summarise()

    def _show_state(self, info: procedure.ReviewInfo | None) -> None:
        self.info = info
        state = info.state if info else None
        self.state_label.setText(_(procedure.STATE_LABELS[state]) if state else "")
        self.meeting_button.setEnabled(state == ReviewState.DRAFT)
        self.posting_button.setEnabled(state == ReviewState.REVIEWED)
        self.decision_button.setEnabled(state == ReviewState.POSTED)
        self.lock_button.setEnabled(state == ReviewState.DECIDED)
        self.unlock_button.setEnabled(state in (ReviewState.DECIDED, ReviewState.LOCKED))
        self.reopen_button.setEnabled(state in (ReviewState.REVIEWED, ReviewState.POSTED))
        lines = []
        for at, before, after, user, reason in (info.events if info else [])[-4:]:
            step = f"{_(procedure.STATE_LABELS[before]) if before else ''} → " \
                   f"{_(procedure.STATE_LABELS[after])}"
            lines.append(" · ".join(p for p in (at, user, step, reason) if p))
        self.events.setText("\n".join(lines))

    def _summarise(self) -> None:
        g = self.model.grid
        if g is None:
            self.summary.setText("")
            return
        results = [r.result[grid_service.COUNCIL].status for r in g.rows]
        self.summary.setText(_("{scheme} (version {version}). {n} villages: {passed} passed, "
                               "{failed} failed, {open} not fully scored.").format(
            scheme=g.rules.name, version=g.rules.version, n=len(results),
            passed=results.count("dat"), failed=results.count("khong_dat"),
            open=results.count("chua_cham")))

    # --- saving ----------------------------------------------------------------------

    def _save_entry(self, entry: grid_service.Entry) -> None:
        commune, year = self.code(), self.year.value()
        self.message.setText("")
        self._summarise()
        DbOp(self, self.ctx, lambda s: grid_service.save_value(s, commune, year, entry)) \
            .on_failure(self._save_failed).run()

    def _save_failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
        self.reload()

    # --- the procedure ---------------------------------------------------------------

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._step_done)
        dialog.open()

    def _step_done(self) -> None:
        self.dialog = None
        self.ctx.signals.villages_changed.emit()

    def open_meeting(self) -> None:
        g = self.model.grid
        votes = {r.code: r.votes_for for r in g.rows} if g else {}
        self._open(self._dialogs().MeetingDialog(self.ctx, self.code(), self.year.value(),
                                                 votes, self))

    def open_decision(self) -> None:
        commune, year = self.code(), self.year.value()

        def authority(session: Any) -> str:
            return procedure.default_authority(session, year)

        DbOp(self, self.ctx, authority, write=False).on_success(lambda a: self._open(
            self._dialogs().DecisionDialog(self.ctx, commune, year, a, self))).run()

    def lock(self) -> None:
        commune, year, user = self.code(), self.year.value(), self.ctx.user_name
        DbOp(self, self.ctx, lambda s: procedure.lock(s, commune, year, user)).on_success(
            lambda _r: self.ctx.signals.villages_changed.emit()).on_failure(
            lambda exc: self.message.show_failure(self.ctx, exc)).run()

    # --- Excel and papers ------------------------------------------------------------

    def export_excel(self, path: str | None = None, all_years: bool = False) -> None:
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, _("Export the grid"),
                                                   f"thon-van-hoa-{self.year.value()}.xlsx",
                                                   _("Excel workbook (*.xlsx)"))
        if not path:
            return
        from app.services.villages import excel

        commune, year = self.code(), self.year.value()

        def work(session: Any) -> int:
            years = overview.scored_years(session, commune) if all_years else [year]
            return excel.export_grid(session, commune, years or [year], path)

        DbOp(self, self.ctx, work, write=False).busy(_("Writing the Excel file…")).on_success(
            lambda n: self.message.setText(
                 _("{n} villages written to {path}.").format(n=n, path=path))).run()

    def import_excel(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getOpenFileName(self, _("Import a filled sheet"), "",
                                                   _("Excel workbook (*.xlsx)"))
        if not path:
            return
        from app.services.villages import excel

        commune, year = self.code(), self.year.value()
        DbOp(self, self.ctx, lambda s: excel.preview_import(s, path, commune, year),
             write=False).on_success(self._preview).on_failure(
            lambda exc: self.message.show_failure(self.ctx, exc)).run()

    def _preview(self, preview: Any) -> None:
        from app.ui.villages.import_dialog import ImportPreviewDialog

        self._open(ImportPreviewDialog(self.ctx, preview, self))

    def save_word(self, kind: str, path: str | None = None) -> None:
        """A paper as an editable Word document."""
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, _("Save as Word"),
                                                   f"{kind}-{self.year.value()}.docx",
                                                   _("Word document (*.docx)"))
        if path:
            self.print_paper(kind, path)

    def print_paper(self, kind: str, path: str | None = None) -> None:
        from app.ui.villages.printing import print_paper

        row = None
        index = self.table.currentIndex()
        if index.isValid() and self.model.grid is not None:
            row = self.model.grid.rows[index.row()].code
        print_paper(self, self.ctx, kind, self.code(), self.year.value(), row, path)
