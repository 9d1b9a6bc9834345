"""Moving a candidate through the life cycle, with its history."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.dates import format_date
from app.i18n import _
from app.services.choices import candidate_heading
from app.services.labels import STATUS_LABELS, label
from app.services.lifecycle import allowed_targets, change_status, history, needs_reason
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.stale import changed_elsewhere, is_stale, load_failed, refresh_views


def _load(session: Any, candidate_id: str) -> dict[str, Any]:
    name, status = candidate_heading(session, candidate_id)
    return {"name": name, "status": status,
            "history": [(h.changed_on, h.from_status, h.to_status, h.user_name, h.reason)
                        for h in history(session, candidate_id)]}


class StatusDialog(QDialog):
    """Choose the next state, the date and (when needed) the reason."""

    def __init__(self, ctx: AppContext, candidate_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.candidate_id = candidate_id
        self.setWindowTitle(_("Change status"))
        self.resize(620, 460)
        self.title = QLabel()
        self.history = QListWidget()
        self.target = QComboBox()
        self.on = QDateEdit(QDate.currentDate())
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.message = ErrorLabel()
        form = QFormLayout()
        form.addRow(_("New status"), self.target)
        form.addRow(_("Date"), self.on)
        form.addRow(_("Reason"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(QLabel(_("History")))
        layout.addWidget(self.history)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.target.currentIndexChanged.connect(self._target_changed)
        self.current = ""
        self._load()

    def _load(self) -> None:
        candidate_id = self.candidate_id
        DbOp(self, self.ctx, lambda s: _load(s, candidate_id), write=False).on_success(
            self._show).on_failure(load_failed(self, self.ctx)).run()

    def _show(self, data: dict[str, Any]) -> None:
        self.current = data["status"]
        self.title.setText(_("<b>{name}</b> — now: {status}").format(
            name=data["name"], status=label(STATUS_LABELS, data["status"])))
        self.history.clear()
        for on, old, new, user, reason in data["history"]:
            line = f"{format_date(on)}: {label(STATUS_LABELS, old) or '—'} → {label(STATUS_LABELS, new)}"
            if user:
                line += f" ({user})"
            if reason:
                line += f" — {reason}"
            self.history.addItem(line)
        self.target.clear()
        for code in allowed_targets(self.current):
            self.target.addItem(label(STATUS_LABELS, code), code)
        self._target_changed()

    def _target_changed(self) -> None:
        target = self.target.currentData()
        required = bool(target) and needs_reason(self.current, target)
        self.reason.setPlaceholderText(_("required for this change") if required else
                                       _("optional"))

    def save(self) -> None:
        target = self.target.currentData()
        on: date = self.on.date().toPython()  # type: ignore[assignment]
        reason = self.reason.text()
        user, seen = self.ctx.user_name, self.current

        def work(session: Any) -> None:
            if _load(session, self.candidate_id)["status"] != seen:
                raise changed_elsewhere()  # moved by another window: "from" is not what we show
            change_status(session, self.candidate_id, target, on=on, user=user, reason=reason)

        DbOp(self, self.ctx, work).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, _result: object) -> None:
        self.ctx.signals.candidates_changed.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
        if is_stale(exc):
            refresh_views(self.ctx)
            self._load()
