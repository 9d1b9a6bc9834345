"""A conflict or proposal side by side, field by field; the person keeps one side or
chooses per field."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.sync.conflicts import ConflictView
from app.services.sync.labels import field_label, table_label


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def _stamp(value: str) -> str:
    """An ISO time stamp as dd/mm/yyyy hh:mm (the clock of the office that made it)."""
    from datetime import datetime

    from app.dates import format_date

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "—"
    return f"{format_date(moment.date())} {moment:%H:%M}"


class ConflictDialog(QDialog):
    """Both versions of a record; ``choice`` and ``choices`` hold what the person chose."""

    def __init__(self, conflict: ConflictView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.choice: str | None = None
        self.choices: dict[str, str] = {}
        self.setWindowTitle(_("Settle a conflict") if conflict.kind == "conflict"
                            else _("Proposal from the level above"))
        if conflict.kind == "conflict":
            intro = _("{table}: this office and unit {sender} both changed this record. "
                      "Keep one side, or choose field by field. The side not kept stays in "
                      "the history.")
        else:
            intro = _("{table}: unit {sender} proposes changes to a record of this office. "
                      "Accept them, refuse them, or choose field by field.")
        label = QLabel(intro.format(table=f"{table_label(conflict.table)} «{conflict.label}»",
                                    sender=conflict.sender))
        label.setWordWrap(True)
        changed = QLabel(_("Changed here: {local}   ·   Changed there: {incoming}").format(
            local=_stamp(conflict.local_changed), incoming=_stamp(conflict.incoming_changed)))
        differing = [f for f in conflict.fields if f.differs]
        self.table = QTableWidget(len(differing), 4)
        self.table.setHorizontalHeaderLabels([_("Field"), _("This office"),
                                              _("Unit {sender}").format(sender=conflict.sender),
                                              _("Keep")])
        self.combos: dict[str, QComboBox] = {}
        for row, f in enumerate(differing):
            self.table.setItem(row, 0, QTableWidgetItem(field_label(f.name)))
            self.table.setItem(row, 1, QTableWidgetItem(_text(f.local)))
            self.table.setItem(row, 2, QTableWidgetItem(_text(f.incoming)))
            combo = QComboBox()
            combo.addItem(_("this office"), "local")
            combo.addItem(_("the other side"), "incoming")
            self.table.setCellWidget(row, 3, combo)
            self.combos[f.name] = combo
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox()
        self.keep_local = QPushButton(_("Keep this office's version") if conflict.kind == "conflict"
                                      else _("Refuse the proposal"))
        self.keep_incoming = QPushButton(_("Keep the other version") if conflict.kind == "conflict"
                                         else _("Accept the proposal"))
        self.merge = QPushButton(_("Keep as chosen per field"))
        for button in (self.keep_local, self.keep_incoming, self.merge):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.keep_local.clicked.connect(lambda: self._done("local"))
        self.keep_incoming.clicked.connect(lambda: self._done("incoming"))
        self.merge.clicked.connect(lambda: self._done("merge"))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(changed)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.choices = {name: combo.currentData() for name, combo in self.combos.items()}
        self.accept()
