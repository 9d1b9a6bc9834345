"""The Khen thưởng & In tab: the award register, decisions, certificates and reports."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
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
        actions = QHBoxLayout()
        actions.addWidget(self.decide_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.fields_only)
        actions.addWidget(self.calibrate_button)
        actions.addStretch(1)
        actions.addWidget(self.report_button)

        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels([
            _("Register no."), _("Recipient"), _("Unit"), _("Form"), _("Year"), _("Decision"),
            _("Decision date"), _("Status")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 70), (2, 240), (3, 100), (4, 50), (5, 120), (6, 125), (7, 120)):
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
        ctx.signals.awards_changed.connect(self.reload)

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
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [str(row.register_number or ""), row.recipient_name, row.recipient_unit,
                     label(AWARD_FORM_LABELS, row.form).split(" (")[0], str(row.year),
                     row.decision_number or "",
                     format_date(row.decision_date) if row.decision_date else "",
                     _("Proposed") if row.status == AwardStatus.PROPOSED else _("Decided")]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(ID_ROLE, row.id)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.count.setText(_("{n} awards").format(n=len(rows)))

    def selected(self) -> list[AwardRow]:
        picked = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.rows[r] for r in picked if r < len(self.rows)]

    # --- decisions -----------------------------------------------------------------------

    def decide(self) -> None:
        rows = [r for r in self.selected() if r.status == AwardStatus.PROPOSED]
        if not rows:
            QMessageBox.information(self, _("Commendation decision"),
                                    _("Select the proposed awards the decision grants."))
            return
        from app.ui.awards.decision_dialog import DecisionDialog

        DecisionDialog(self.ctx, [r.id for r in rows], [r.recipient_name for r in rows],
                       self).open()

    # --- certificates --------------------------------------------------------------------

    def print_selected(self) -> None:
        rows = self.selected()
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
