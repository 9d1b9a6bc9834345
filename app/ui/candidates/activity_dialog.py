"""Recording a replication activity that features one or more examples."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import InputError
from app.i18n import N_, _
from app.models.enums import ActivityKind
from app.services.activity_choices import activity_start
from app.services.candidates import CandidateFilter, find_candidates
from app.services.labels import ACTIVITY_LABELS, label
from app.services.replication import (
    ActivityInput,
    activity_input,
    delete_activity,
    save_activity,
)
from app.services.unit_choices import unit_choices
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.stale import is_stale, load_failed, refresh_views
from app.ui.unit_combo import UnitChooser

ID_ROLE = Qt.ItemDataRole.UserRole


class ActivityDialog(QDialog):
    """Kind, title, date, unit, participants and the examples it features."""

    def __init__(self, ctx: AppContext, candidate_ids: list[str],
                 parent: QWidget | None = None, activity_id: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.activity_id = activity_id
        self.setWindowTitle(_("Replication activity") if activity_id
                            else _("New replication activity"))
        self.resize(640, 560)
        self.kind = QComboBox()
        for code in ActivityKind.ALL:
            self.kind.addItem(label(ACTIVITY_LABELS, code), code)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("e.g. Conference of advanced examples of Ia Grai, 2024"))
        self.held_on = QDateEdit(QDate.currentDate())
        self.held_on.setDisplayFormat("dd/MM/yyyy")
        self.held_on.setCalendarPopup(True)
        self.unit = UnitChooser()
        self.participants = QSpinBox()
        self.participants.setRange(0, 100_000)
        self.participants.setSpecialValueText(_("not counted"))
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(60)
        self.featured = QListWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Find more examples to add…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMaximumHeight(110)
        self.message = ErrorLabel()

        form = QFormLayout()
        form.addRow(_("Activity type"), self.kind)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Date"), self.held_on)
        form.addRow(_("Unit"), self.unit)
        form.addRow(_("Participants"), self.participants)
        form.addRow(_("Note"), self.note)
        form.addRow(_("Featured examples (untick to remove)"), self.featured)
        form.addRow(_("Add an example"), self.search)
        form.addRow("", self.results)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.delete_button = QPushButton(_("&Delete activity"))
        self.delete_button.setVisible(activity_id is not None)
        self.delete_button.clicked.connect(self.delete)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.find)
        self.search.textChanged.connect(self._debounce.start)
        self.results.itemActivated.connect(self._add_result)
        self.results.itemClicked.connect(self._add_result)

        def load(session: Any) -> dict[str, Any]:
            existing = activity_input(session, activity_id) if activity_id else None
            ids = existing.candidate_ids if existing else candidate_ids
            start = activity_start(session, ids, ctx.office_unit_code)
            chosen, default = start.featured, start.default_unit
            if not existing and len(chosen) != len(set(ids)):
                raise InputError(N_("One of the chosen examples no longer exists."))
            units = unit_choices(session, keep=existing.unit_code if existing else default)
            if existing:
                default = existing.unit_code
            return {"units": units, "chosen": chosen, "default": default, "existing": existing}

        DbOp(self, ctx, load, write=False).on_success(self._fill).on_failure(
            load_failed(self, ctx)).run()

    def _fill(self, data: dict[str, Any]) -> None:
        self.unit.set_units(data["units"])
        self.unit.set_code(data["default"])
        if self.unit.code() is None:
            self.unit.set_code(self.ctx.office_unit_code)
        for cid, name, _unit in data["chosen"]:
            self.add_featured(cid, name)
        existing: ActivityInput | None = data["existing"]
        if existing is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(existing.kind)))
            self.title.setText(existing.title)
            self.held_on.setDate(existing.held_on)
            self.participants.setValue(existing.participants or 0)
            self.note.setPlainText(existing.note)

    def add_featured(self, candidate_id: str, name: str) -> None:
        for i in range(self.featured.count()):
            if self.featured.item(i).data(ID_ROLE) == candidate_id:
                return
        item = QListWidgetItem(name)
        item.setData(ID_ROLE, candidate_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.featured.addItem(item)

    def find(self) -> None:
        query = self.search.text()
        if not query.strip():
            self.results.clear()
            return
        DbOp(self, self.ctx, lambda s: find_candidates(s, CandidateFilter(search=query),
                                                       limit=20),
             write=False).on_success(self._show_results).run()

    def _show_results(self, rows: list[Any]) -> None:
        self.results.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.name} – {row.unit_name}")
            item.setData(ID_ROLE, (row.id, row.name))
            self.results.addItem(item)

    def _add_result(self, item: QListWidgetItem) -> None:
        cid, name = item.data(ID_ROLE)
        self.add_featured(cid, name)

    def collect(self) -> ActivityInput:
        ids = [self.featured.item(i).data(ID_ROLE) for i in range(self.featured.count())
               if self.featured.item(i).checkState() == Qt.CheckState.Checked]
        return ActivityInput(
            kind=self.kind.currentData(), title=self.title.text(),
            held_on=self.held_on.date().toPython(), unit_code=self.unit.currentData() or "",
            participants=self.participants.value() or None, note=self.note.toPlainText(),
            candidate_ids=ids, id=self.activity_id)

    def save(self) -> None:
        data = self.collect()
        DbOp(self, self.ctx, lambda s: save_activity(s, data)).on_success(
            self._saved).on_failure(self._failed).run()

    def delete(self) -> None:
        if self.activity_id is None:
            return
        answer = QMessageBox.question(self, _("Delete activity"),
                                      _("Delete this activity from every example it features?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        activity_id = self.activity_id
        DbOp(self, self.ctx, lambda s: delete_activity(s, activity_id)).on_success(
            self._saved).on_failure(self._failed).run()

    def _saved(self, _result: Any) -> None:
        self.ctx.signals.candidates_changed.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
        if is_stale(exc):
            refresh_views(self.ctx)
