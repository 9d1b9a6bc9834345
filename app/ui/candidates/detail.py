"""One candidate on one screen: facts, life-cycle history, assessments, replication,
evidence and awards, with the actions that change them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dates import format_date
from app.errors import DomainError
from app.i18n import _
from app.services.detail import CandidateDetail, candidate_detail
from app.services.evidence import add_evidence, save_evidence_copy
from app.services.labels import (
    ACTIVITY_LABELS,
    AWARD_FORM_LABELS,
    GENDER_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    label,
)
from app.ui.context import AppContext
from app.ui.dialogs import choose_evidence_files
from app.ui.format import thousands
from app.ui.ops import DbOp
from app.ui.stale import load_failed
from app.ui.wrapping import wrap_rows


def _fact_label(key: str) -> str:
    return {
        "short_code": _("ID"), "unit": _("Unit"), "model_type": _("Model type"), "movement": _("Movement"),
        "lead_agency": _("Lead agency"), "phase": _("Phase"), "year": _("Year"),
        "birth": _("Date or year of birth"), "gender": _("Gender"),
        "ethnicity": _("Ethnic group"), "position": _("Position"), "workplace": _("Workplace"),
        "org_kind": _("Kind of organisation"), "head_name": _("Head or household head"),
        "members_count": _("Members"), "registration_no": _("Registration number"),
        "revenue": _("Revenue (dong)"),
    }.get(key, key)


def _table(headers: list[str], rows: list[list[str]], stretch: int) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    return table


class CandidateDetailDialog(QDialog):
    """The candidate's page; reloads after every change made from it."""

    def __init__(self, ctx: AppContext, candidate_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.candidate_id = candidate_id
        self.detail: CandidateDetail | None = None
        self.resize(900, 620)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget()
        self.edit_button = QPushButton(_("&Edit…"))
        self.status_button = QPushButton(_("Change &status…"))
        self.assess_button = QPushButton(_("&Assess…"))
        self.activity_button = QPushButton(_("Add &replication activity…"))
        self.evidence_button = QPushButton(_("Add e&vidence…"))
        self.award_button = QPushButton(_("Propose an a&ward"))
        self.history_button = QPushButton(_("Change &history"))
        actions = QHBoxLayout()
        for button in (self.edit_button, self.status_button, self.assess_button,
                       self.activity_button, self.evidence_button, self.award_button,
                       self.history_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)

        self.edit_button.clicked.connect(self.edit)
        self.status_button.clicked.connect(self.change_status)
        self.assess_button.clicked.connect(self.assess)
        self.activity_button.clicked.connect(self.add_activity)
        self.evidence_button.clicked.connect(self.choose_evidence)
        self.award_button.clicked.connect(self.propose_award)
        self.history_button.clicked.connect(self.show_history)
        ctx.signals.candidates_changed.connect(self._changed)
        ctx.signals.awards_changed.connect(self._changed)
        self._closed = False
        self.finished.connect(self._close_page)
        self.reload()

    def _changed(self) -> None:
        if not self._closed:  # a page the officer closed stays quiet
            self.reload()

    def _close_page(self, _result: int = 0) -> None:
        if self._closed:
            return
        self._closed = True
        for signal in (self.ctx.signals.candidates_changed, self.ctx.signals.awards_changed):
            try:
                signal.disconnect(self._changed)
            except (RuntimeError, TypeError):
                pass

    def show_history(self) -> None:
        from app.ui.accounts.audit_viewer import AuditViewer

        name = self.detail.name if self.detail else ""
        AuditViewer(self.ctx, self, record_id=self.candidate_id, record_label=name).exec()

    def reload(self) -> None:
        cid = self.candidate_id
        DbOp(self, self.ctx, lambda s: candidate_detail(s, cid), write=False).on_success(
            self._show).on_failure(self._reload_failed).run()

    def _reload_failed(self, exc: Exception) -> None:
        # Deleted meanwhile (a package from another office): say so, close the page, and
        # the reload of every view it triggers must not come back here.
        self._close_page()
        load_failed(self, self.ctx)(exc)

    # --- showing -------------------------------------------------------------------------

    def _show(self, d: CandidateDetail) -> None:
        self.detail = d
        self.setWindowTitle(d.name)
        self.heading.setText(
            f"<h2 style='margin:0'>{d.name}</h2>"
            f"{label(KIND_LABELS, d.kind)} · {d.unit_name} · "
            f"<b>{label(STATUS_LABELS, d.status)}</b>")
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.tabs.addTab(self._facts(d), _("Information"))
        self.tabs.addTab(self._history(d), _("History ({n})").format(n=len(d.history)))
        self.tabs.addTab(self._assessments(d),
                         _("Assessments ({n})").format(n=len(d.assessments)))
        self.tabs.addTab(self._activities(d),
                         _("Replication ({n})").format(n=len(d.activities)))
        self.tabs.addTab(self._evidence(d), _("Evidence ({n})").format(n=len(d.evidence)))
        self.tabs.addTab(self._awards(d), _("Awards ({n})").format(n=len(d.awards)))
        self.tabs.setCurrentIndex(max(0, current))

    def _facts(self, d: CandidateDetail) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for key, value in d.facts:
            if key == "gender":
                value = label(GENDER_LABELS, value)
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(_fact_label(key), shown)
        summary = QPlainTextEdit(d.summary)
        summary.setReadOnly(True)
        form.addRow(_("Achievements"), summary)
        return page

    def _history(self, d: CandidateDetail) -> QWidget:
        rows = [[format_date(h.changed_on),
                 label(STATUS_LABELS, h.from_status) if h.from_status else "",
                 label(STATUS_LABELS, h.to_status), h.user_name, h.reason] for h in d.history]
        return _table([_("Date"), _("From"), _("To"), _("User"), _("Reason")], rows, 4)

    def _assessments(self, d: CandidateDetail) -> QWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels([_("Assessment / criterion"), _("Result"), _("Evidence")])
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tree.setColumnWidth(2, 200)  # evidence file names wrap too
        wrap_rows(tree, 0, 2)  # a long criterion wraps onto as many lines as it needs
        for a in d.assessments:
            top = QTreeWidgetItem([
                _("{date} by {who} (criteria version {version})").format(
                    date=format_date(a.assessed_on), who=a.assessor or "—", version=a.version),
                label(VERDICT_LABELS, a.result)])
            for code, criterion, verdict in a.items:
                item = QTreeWidgetItem(top, [f"{code}. {criterion}",
                                             label(VERDICT_LABELS, verdict),
                                             ", ".join(a.evidence.get(code, []))])
                item.setToolTip(0, f"{code}. {criterion}")
            tree.addTopLevelItem(top)
        if tree.topLevelItemCount():
            tree.topLevelItem(0).setExpanded(True)
        return tree

    def _activities(self, d: CandidateDetail) -> QWidget:
        rows = [[format_date(a.held_on), label(ACTIVITY_LABELS, a.kind), a.title, a.unit_name,
                 thousands(a.participants) if a.participants else "",
                 ", ".join(name for _i, name in a.candidates)] for a in d.activities]
        table = _table([_("Date"), _("Kind"), _("Title"), _("Unit"), _("Participants"),
                        _("Featured examples")], rows, 2)
        table.setToolTip(_("Double-click an activity to change or delete it"))
        table.cellDoubleClicked.connect(lambda row, _col: self.edit_activity(row))
        return table

    def _evidence(self, d: CandidateDetail) -> QWidget:
        table = _table([_("File"), _("Size"), _("Added")],
                       [[e.file_name, _("{n} KB").format(n=thousands(max(1, e.size // 1024))),
                         format_date(e.added.date())] for e in d.evidence], 0)
        table.setToolTip(_("Double-click a file to save a copy of it"))
        table.cellDoubleClicked.connect(lambda row, _col: self.save_copy(row))
        return table

    def _awards(self, d: CandidateDetail) -> QWidget:
        from app.ui.awards.tab import STATUS_TEXT

        rows = [[str(a.year), label(AWARD_FORM_LABELS, a.form), a.title,
                 a.decision_number or "", format_date(a.decision_date) if a.decision_date else "",
                 str(a.register_number or ""),
                 STATUS_TEXT[a.status]() if a.status in STATUS_TEXT else a.status]
                for a in d.awards]
        table = _table([_("Year"), _("Form"), _("Title"), _("Decision"), _("Decision date"),
                        _("Register no."), _("Status")], rows, 2)
        self.awards_table = table
        self.withdraw_button = QPushButton(_("&Withdraw proposal…"))
        self.withdraw_button.clicked.connect(self.withdraw_proposal)

        def selection() -> None:
            row = table.currentRow()
            ok = 0 <= row < len(d.awards) and d.awards[row].status == "proposed"
            self.withdraw_button.setEnabled(ok)
            self.withdraw_button.setToolTip(
                "" if ok else _("Select one proposal that has no decision yet."))

        table.itemSelectionChanged.connect(selection)
        selection()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        layout.addLayout(buttons)
        return page

    def withdraw_proposal(self) -> None:
        row = self.awards_table.currentRow()
        if self.detail is None or not 0 <= row < len(self.detail.awards):
            return
        award = self.detail.awards[row]
        answer = QMessageBox.question(
            self, _("Withdraw proposal"),
            _("Withdraw the proposal for {name} ({year})? It is removed from the list; the "
              "history keeps it.").format(name=self.detail.name, year=award.year))
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.services.awards import withdraw_proposal

        def done(_r: Any) -> None:
            self.ctx.signals.awards_changed.emit()
            self.ctx.signals.candidates_changed.emit()

        def failed(exc: Exception) -> None:
            self.ctx.signals.candidates_changed.emit()  # shown anew: what is there now
            if isinstance(exc, DomainError):
                self.ctx.show_error(exc.message())
            else:
                self.ctx.report_bug(exc)

        DbOp(self, self.ctx, lambda s: withdraw_proposal(s, award.id)).on_success(
            done).on_failure(failed).run()

    # --- actions -------------------------------------------------------------------------

    def edit(self) -> None:
        from app.ui.candidates.form import CandidateForm

        CandidateForm(self.ctx, self, candidate_id=self.candidate_id).open()

    def change_status(self) -> None:
        from app.ui.candidates.status_dialog import StatusDialog

        StatusDialog(self.ctx, self.candidate_id, self).open()

    def assess(self) -> None:
        from app.ui.criteria.assessment_dialog import AssessmentDialog

        AssessmentDialog(self.ctx, self.candidate_id, self).open()

    def add_activity(self) -> None:
        from app.ui.candidates.activity_dialog import ActivityDialog

        ActivityDialog(self.ctx, [self.candidate_id], self).open()

    def propose_award(self) -> None:
        """Put the candidate on this year's list of proposed awards (Giấy khen)."""
        from datetime import date

        from app.services.awards import propose_award

        cid = self.candidate_id

        def done(_award_id: str) -> None:
            self.ctx.signals.awards_changed.emit()
            self.ctx.signals.candidates_changed.emit()

        DbOp(self, self.ctx, lambda s: propose_award(s, year=date.today().year,
                                                     candidate_id=cid)).on_success(done).run()

    def edit_activity(self, row: int) -> None:
        if self.detail is None or row >= len(self.detail.activities):
            return
        from app.ui.candidates.activity_dialog import ActivityDialog

        ActivityDialog(self.ctx, [], self, activity_id=self.detail.activities[row].id).open()

    def choose_evidence(self) -> None:
        self.add_evidence(choose_evidence_files(self))

    def add_evidence(self, paths: list[Path]) -> None:
        if not paths:
            return
        cid = self.candidate_id

        def work(session: Any) -> None:
            for path in paths:
                add_evidence(session, cid, path)

        DbOp(self, self.ctx, work).on_success(
            lambda _r: self.ctx.signals.candidates_changed.emit()).run()

    def save_copy(self, row: int) -> None:
        if self.detail is None or row >= len(self.detail.evidence):
            return
        item = self.detail.evidence[row]
        target, _filter = QFileDialog.getSaveFileName(self, _("Save a copy"), item.file_name)
        if target:
            DbOp(self, self.ctx, lambda s: save_evidence_copy(s, item.id, target),
                 write=False).run()
