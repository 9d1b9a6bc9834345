"""The Khen thưởng & In tab: the award register, decisions, certificates and reports."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dates import format_date
from app.errors import Cancelled, DomainError
from app.i18n import _
from app.services.awards import AwardRow, AwardStatus, list_awards, printer_offset
from app.services.labels import AWARD_FORM_LABELS, label
from app.ui.context import AppContext
from app.ui.ops import DbOp, ProgressRelay, progress_dialog

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_TEXT = {AwardStatus.PROPOSED: lambda: _("Proposed"),
               AwardStatus.DECIDED: lambda: _("Decided"),
               AwardStatus.REVOKED: lambda: _("Revoked")}


def proposed_text(row: AwardRow) -> str:
    """"01/12/2026 · cb.xa": when the proposal was made, and by whom."""
    if row.proposed_at is None:
        return ""
    from datetime import UTC

    when = format_date(row.proposed_at.replace(tzinfo=UTC).astimezone().date())
    return f"{when} · {row.proposed_by}" if row.proposed_by else when
DEFAULT_PRINTER = "default"  # when the system names no printer


class AwardsTab(QWidget):
    """Awards in register order; decisions for proposals; printing in one PDF."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.rows: list[AwardRow] = []

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, with or without diacritics…"))
        self.search.setClearButtonEnabled(True)
        self.year = QComboBox()
        self.year.addItem(_("All years"), None)
        for year in range(2025, 2020, -1):
            self.year.addItem(str(year), year)
        self.status = QComboBox()
        self.status.addItem(_("Proposed and decided"), None)
        self.status.addItem(_("Proposed, waiting for a decision"), AwardStatus.PROPOSED)
        self.status.addItem(_("Decided, in the register"), AwardStatus.DECIDED)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.year, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.count)

        self.decide_button = QPushButton(_("&Decision for the selected…"))
        self.print_button = QPushButton(_("&Print certificates…"))
        self.fields_only = QCheckBox(_("Pre-printed blanks (fields only)"))
        self.calibrate_button = QPushButton(_("Printer &calibration…"))
        self.report_button = QPushButton(_("&Reports…"))
        self.withdraw_button = QPushButton(_("&Withdraw proposal…"))
        self.revoke_button = QPushButton(_("Re&voke award…"))
        actions = QHBoxLayout()
        actions.addWidget(self.decide_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.revoke_button)
        actions.addWidget(self.fields_only)
        actions.addWidget(self.calibrate_button)
        actions.addStretch(1)
        actions.addWidget(self.report_button)

        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels([
            _("Register no."), _("Recipient"), _("Unit"), _("Form"), _("Year"), _("Decision"),
            _("Decision date"), _("Status"), _("Proposed")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 70), (2, 220), (3, 90), (4, 50), (5, 110), (6, 110), (7, 100),
                           (8, 150)):
            self.table.setColumnWidth(col, width)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.year.currentIndexChanged.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        self.decide_button.clicked.connect(self.decide)
        self.print_button.clicked.connect(self.print_selected)
        self.calibrate_button.clicked.connect(self.calibrate)
        self.report_button.clicked.connect(self.reports)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.revoke_button.clicked.connect(self.revoke)
        self.table.itemSelectionChanged.connect(self._update_actions)
        ctx.signals.awards_changed.connect(self.reload)
        self._update_actions()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        year, status, search = self.year.currentData(), self.status.currentData(), \
            self.search.text()
        DbOp(self, self.ctx, lambda s: list_awards(s, year=year, status=status, search=search),
             write=False).on_success(self._show).run()

    def _show(self, rows: list[AwardRow]) -> None:
        # The selection follows the awards, not the row numbers: a decision re-sorts the
        # list (decided awards move up into register order).
        keep = {row.id for row in self.selected()}
        current = self.rows[self.table.currentRow()].id \
            if 0 <= self.table.currentRow() < len(self.rows) else None
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [str(row.register_number or ""), row.recipient_name, row.recipient_unit,
                     label(AWARD_FORM_LABELS, row.form).split(" (")[0], str(row.year),
                     row.decision_number or "",
                     format_date(row.decision_date) if row.decision_date else "",
                     STATUS_TEXT[row.status](), proposed_text(row)]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(ID_ROLE, row.id)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if row.status == AwardStatus.REVOKED:
                    item.setForeground(QBrush(QColor("#8a1c1c")))
                self.table.setItem(r, c, item)
        selection = self.table.selectionModel()
        for r, row in enumerate(rows):
            if row.id in keep:
                flags = QItemSelectionModel.SelectionFlag.Select \
                    | QItemSelectionModel.SelectionFlag.Rows
                selection.select(self.table.model().index(r, 0), flags)
            if row.id == current:
                selection.setCurrentIndex(self.table.model().index(r, 0),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.blockSignals(False)
        self.count.setText(_("{n} awards").format(n=len(rows)))
        self._update_actions()

    def selected(self) -> list[AwardRow]:
        picked = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.rows[r] for r in picked if r < len(self.rows)]

    def select_ids(self, ids: list[str]) -> None:
        """Select the awards ``ids`` (those shown)."""
        self.table.clearSelection()
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r, row in enumerate(self.rows):
            if row.id in ids:
                selection.select(self.table.model().index(r, 0), flags)

    def _update_actions(self) -> None:
        rows = self.selected()
        proposed = [r for r in rows if r.status == AwardStatus.PROPOSED]
        decided = [r for r in rows if r.status == AwardStatus.DECIDED]
        for button, enabled, hint in (
            (self.decide_button, bool(proposed),
             _("Select the proposed awards the decision grants.")),
            (self.print_button, bool(rows) and len(decided) + len(proposed) == len(rows),
             _("Select the awards whose certificates to print (not revoked ones).")),
            (self.withdraw_button, len(rows) == 1 and bool(proposed),
             _("Select one proposal that has no decision yet.")),
            (self.revoke_button, len(rows) == 1 and bool(decided),
             _("Select one decided award.")),
        ):
            button.setEnabled(enabled)
            button.setToolTip("" if enabled else hint)

    # --- withdrawing and revoking ----------------------------------------------------------

    def withdraw(self) -> None:
        rows = [r for r in self.selected() if r.status == AwardStatus.PROPOSED]
        if len(rows) != 1:
            return
        row = rows[0]
        answer = QMessageBox.question(
            self, _("Withdraw proposal"),
            _("Withdraw the proposal for {name} ({year})? It is removed from the list; the "
              "history keeps it.").format(name=row.recipient_name, year=row.year))
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.services.awards import withdraw_proposal

        DbOp(self, self.ctx, lambda s: withdraw_proposal(s, row.id)).on_success(
            lambda _r: self._changed(_("Proposal for {name} withdrawn.").format(
                name=row.recipient_name))).on_failure(self._action_failed).run()

    def revoke(self) -> None:
        rows = [r for r in self.selected() if r.status == AwardStatus.DECIDED]
        if len(rows) != 1:
            return
        row = rows[0]
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, _("Revoke award"),
            _("Reason for revoking the award of {name} (register no. {number}); the number "
              "stays used:").format(name=row.recipient_name, number=row.register_number))
        if not ok:
            return
        from app.services.awards import revoke_award

        DbOp(self, self.ctx, lambda s: revoke_award(s, row.id, reason)).on_success(
            lambda _r: self._changed(_("Award of {name} revoked.").format(
                name=row.recipient_name))).on_failure(self._action_failed).run()

    def _changed(self, message: str) -> None:
        self.ctx.signals.awards_changed.emit()
        QMessageBox.information(self, _("Awards"), message)

    def _action_failed(self, exc: Exception) -> None:
        # The award may have been changed by another window: say so and show the list anew.
        self.reload()
        if isinstance(exc, DomainError):
            self.ctx.show_error(exc.message())
        else:
            self.ctx.report_bug(exc)

    # --- decisions -----------------------------------------------------------------------

    def decide(self) -> None:
        rows = [r for r in self.selected() if r.status == AwardStatus.PROPOSED]
        if not rows:
            QMessageBox.information(self, _("Commendation decision"),
                                    _("Select the proposed awards the decision grants."))
            return
        from app.ui.awards.decision_dialog import DecisionDialog

        dialog = DecisionDialog(self.ctx, [r.id for r in rows], [r.recipient_name for r in rows],
                                self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- certificates --------------------------------------------------------------------

    def print_selected(self) -> None:
        rows = [r for r in self.selected() if r.status != AwardStatus.REVOKED]
        if not rows:
            QMessageBox.information(self, _("Print certificates"),
                                    _("Select the awards whose certificates to print."))
            return
        self.print_certificates([r.id for r in rows])

    def print_certificates(self, award_ids: list[str], out: Path | None = None) -> None:
        """All chosen certificates into one PDF with a cancellable progress bar, then the
        preview (from which the user prints)."""
        out = out or Path(tempfile.mkdtemp(prefix="dhtt-")) / "giay-khen.pdf"
        mode = "fields" if self.fields_only.isChecked() else "full"
        progress = ProgressRelay()
        self.progress_dialog = progress_dialog(self, _("Preparing certificates…"),
                                               len(award_ids), progress)
        self._progress = progress

        # ReportLab and python-docx load on the first print, not at start-up.
        from app.reports.printing import print_certificates

        def work(session: Any) -> Path:
            # No shift in the file: the shift of the printer chosen at printing time is
            # applied then (each printer pulls the blank differently).
            print_certificates(session, out, award_ids=award_ids, mode=mode, progress=progress)
            return out

        self._fields_mode = mode == "fields"

        DbOp(self, self.ctx, work, write=False).on_success(self._printed).on_failure(
            self._print_failed).run()

    def _printed(self, path: Path) -> None:
        self.progress_dialog.reset()
        from app.ui.printing.preview import PdfPreview

        self.preview = PdfPreview(path, _("Certificates"), self, suggested_name=path.name,
                                  offset_for=self.offset_for if self._fields_mode else None)
        self.preview.open()

    def _print_failed(self, exc: Exception) -> None:
        self.progress_dialog.reset()
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, DomainError):
            self.ctx.show_error(exc.message())
        else:
            self.ctx.report_bug(exc)

    def offset_for(self, printer_name: str) -> tuple[float, float]:
        """The calibrated shift of ``printer_name`` (read when printing)."""
        with self.ctx.db.session() as session:
            return printer_offset(session, printer_name or DEFAULT_PRINTER)

    def calibrate(self) -> None:
        from app.ui.awards.calibration import CalibrationDialog

        CalibrationDialog(self.ctx, self).open()

    def reports(self) -> None:
        from app.ui.awards.report_dialog import ReportDialog

        ReportDialog(self.ctx, self).open()
