"""Assessing a candidate against the checklist of its model type."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dates import format_date
from app.i18n import _
from app.models.enums import Verdict
from app.services.assessments import (
    Checklist,
    assessment_history,
    checklist_for,
    compute_result,
    save_assessment,
)
from app.services.labels import VERDICT_LABELS, label
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel, choose_evidence_files
from app.ui.ops import DbOp
from app.ui.stale import is_stale, load_failed, refresh_views
from app.ui.wrapping import wrap_rows

COL_CODE, COL_TEXT, COL_VERDICT, COL_NOTE, COL_EVIDENCE = range(5)
VERDICTS = (Verdict.PENDING, Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE)


class AssessmentDialog(QDialog):
    """One row per criterion: đạt / không đạt / chưa đánh giá and a note; result computed live."""

    def __init__(self, ctx: AppContext, candidate_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.candidate_id = candidate_id
        self.checklist: Checklist | None = None
        self.setWindowTitle(_("Assess against the criteria"))
        self.resize(1000, 640)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Code"), _("Criterion"), _("Verdict"), _("Note"),
                                              _("Evidence")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_CODE, 70)
        self.table.setColumnWidth(COL_VERDICT, 130)
        self.table.setColumnWidth(COL_NOTE, 200)
        self.table.setColumnWidth(COL_EVIDENCE, 110)
        wrap_rows(self.table, COL_TEXT)  # rows follow the criterion's wrapped lines at any width
        self.result = QLabel()
        self.on = QDateEdit(QDate.currentDate())
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        self.assessor = QLineEdit(ctx.user_name)
        self.past = QLabel()
        self.past.setWordWrap(True)
        self.message = ErrorLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(_("Date")))
        bottom.addWidget(self.on)
        bottom.addWidget(QLabel(_("Assessor")))
        bottom.addWidget(self.assessor, 1)
        bottom.addWidget(self.result, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.past)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        def load(session: Any) -> tuple[Checklist, list[Any]]:
            return checklist_for(session, candidate_id), assessment_history(session, candidate_id)

        DbOp(self, ctx, load, write=False).on_success(self._show).on_failure(
            load_failed(self, ctx)).run()

    def _show(self, data: tuple[Checklist, list[Any]]) -> None:
        checklist, past = data
        self.checklist = checklist
        self.title.setText(_("<b>{name}</b> — {title} (version {version})").format(
            name=checklist.candidate_name, title=checklist.title, version=checklist.version))
        self.table.setRowCount(len(checklist.items))
        for row, item in enumerate(checklist.items):
            self.table.setItem(row, COL_CODE, QTableWidgetItem(item.code))
            criterion = QTableWidgetItem(item.text + ("" if item.required else _(" (optional)")))
            criterion.setToolTip(item.text)
            self.table.setItem(row, COL_TEXT, criterion)
            combo = QComboBox()
            for code in VERDICTS:
                combo.addItem(label(VERDICT_LABELS, code), code)
            combo.currentIndexChanged.connect(self._update_result)
            self.table.setCellWidget(row, COL_VERDICT, combo)
            self.table.setItem(row, COL_NOTE, QTableWidgetItem(""))
            attach = QPushButton(_("Attach…"))
            attach.setToolTip(_("Photos, scans or documents proving this criterion"))
            attach.clicked.connect(lambda _checked=False, r=row: self.choose_evidence(r))
            self.table.setCellWidget(row, COL_EVIDENCE, attach)
        self.table.resizeRowsToContents()
        if past:
            lines = [_("{date}: {result} (version {version})").format(
                date=format_date(p.assessed_on), result=label(VERDICT_LABELS, p.result),
                version=p.version) for p in past[:5]]
            self.past.setText(_("Earlier assessments: ") + "; ".join(lines))
        self._update_result()

    def choose_evidence(self, row: int) -> None:
        self.add_evidence(row, choose_evidence_files(self))

    def add_evidence(self, row: int, paths: list[Path]) -> None:
        """Files kept with this criterion's verdict when the assessment is saved."""
        assert self.checklist is not None
        item = self.checklist.items[row]
        item.evidence.extend(paths)
        button: QPushButton = self.table.cellWidget(row, COL_EVIDENCE)  # type: ignore[assignment]
        button.setText(_("{n} files").format(n=len(item.evidence)))
        button.setToolTip("\n".join(p.name for p in item.evidence))

    def verdict_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, COL_VERDICT)  # type: ignore[return-value]

    def _collect(self) -> Checklist:
        assert self.checklist is not None
        for row, item in enumerate(self.checklist.items):
            item.verdict = self.verdict_combo(row).currentData()
            note = self.table.item(row, COL_NOTE)
            item.note = note.text() if note else ""
        return self.checklist

    def _update_result(self) -> None:
        if self.checklist is None:
            return
        checklist = self._collect()
        result = compute_result(checklist.items, checklist.min_passed)
        self.result.setText(_("Result: <b>{result}</b>").format(result=label(VERDICT_LABELS, result)))

    def save(self) -> None:
        if self.checklist is None:
            return
        checklist = self._collect()
        on: date = self.on.date().toPython()  # type: ignore[assignment]
        assessor = self.assessor.text()
        DbOp(self, self.ctx, lambda s: save_assessment(s, checklist, on=on, assessor=assessor).id
             ).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, _assessment_id: str) -> None:
        self.ctx.signals.candidates_changed.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
        if is_stale(exc):
            refresh_views(self.ctx)
