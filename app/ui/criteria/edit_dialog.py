"""Editing a criteria set: the texts, which are required, and the minimum to pass.

A set already used by an assessment is never changed in place: saving makes a new
version in force from today, and old assessments keep the version they were made with.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.assessments import CriterionInput, add_unit_criteria, edit_criteria, set_in_use
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.wrapping import wrap_rows


class CriteriaEditDialog(QDialog):
    """Edit the set in force of ``model_type`` or, with ``unit_code``, add the unit's own
    criteria after the plan's (plan III.2)."""

    def __init__(self, ctx: AppContext, model_type: dict[str, Any], *,
                 unit_code: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model_type = model_type
        self.unit_code = unit_code  # set: adding the unit's own criteria
        cset = model_type["criteria_set"]
        self.set_id = cset["id"] if cset else None
        title = (_("Own criteria of the unit for {code}") if unit_code
                 else _("Edit the criteria of {code}"))
        self.setWindowTitle(title.format(code=model_type["code"]))
        self.resize(860, 520)
        heading = QLabel(f"<b>{model_type['code']} – {model_type['name']}</b>")
        heading.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Criterion"), _("Required")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        wrap_rows(self.table, 0)  # a long criterion shows whole, on as many lines as it needs
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.min_passed = QSpinBox()
        self.min_passed.setRange(0, 200)
        self.min_passed.setSpecialValueText(_("all required criteria"))
        add = QPushButton(_("&Add criterion"))
        remove = QPushButton(_("&Remove selected"))
        add.clicked.connect(lambda: self.add_row("", True, editable=True, focus=True))
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(QLabel(_("Passed when met:")))
        row.addWidget(self.min_passed)
        self.message = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._fixed = 0
        if unit_code:
            # The plan's criteria stay; the unit adds its own below them.
            self.notice.setText(_("The plan's criteria stay as they are; add the unit's own "
                                  "criteria below them."))
            for c in model_type["criteria"]:
                self.add_row(c["text"], c["required"], editable=False)
            self._fixed = self.table.rowCount()
            self.add_row("", True, editable=True)
        else:
            for c in model_type["criteria"]:
                self.add_row(c["text"], c["required"], editable=True)
            self.min_passed.setValue((cset or {}).get("min_passed") or 0)
            sid = self.set_id
            if sid:
                DbOp(self, ctx, lambda s: set_in_use(s, sid), write=False).on_success(
                    self._show_in_use).run()

    def _show_in_use(self, used: bool) -> None:
        if used:
            self.notice.setText(_("Candidates have been assessed with this set: saving makes a "
                                  "new version in force from today; earlier assessments keep "
                                  "the version they were made with."))

    def add_row(self, text: str, required: bool, *, editable: bool, focus: bool = False) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        check = QTableWidgetItem()
        check.setCheckState(Qt.CheckState.Checked if required else Qt.CheckState.Unchecked)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            check.setFlags(check.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            item.setForeground(Qt.GlobalColor.darkGray)
        self.table.setItem(r, 0, item)
        self.table.setItem(r, 1, check)
        if focus:
            self.table.setCurrentCell(r, 0)
            self.table.editItem(item)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            if r >= self._fixed:
                self.table.removeRow(r)

    def criteria(self, start: int = 0) -> list[CriterionInput]:
        out = []
        for r in range(start, self.table.rowCount()):
            text_item = self.table.item(r, 0)
            out.append(CriterionInput(
                text_item.text() if text_item else "",
                self.table.item(r, 1).checkState() == Qt.CheckState.Checked))
        return out

    def save(self) -> None:
        if self.unit_code:
            extra = [c for c in self.criteria(self._fixed) if c.text.strip()]
            code, unit = self.model_type["code"], self.unit_code
            if not extra:
                self.message.setText(_("Write at least one criterion of the unit's own."))
                return

            def work(session: Any) -> Any:
                return add_unit_criteria(session, code, unit, extra).id
        else:
            items = self.criteria()
            sid, minimum = self.set_id, self.min_passed.value() or None

            def work(session: Any) -> Any:
                return edit_criteria(session, sid, items, min_passed=minimum).id

        DbOp(self, self.ctx, work).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, _set_id: str) -> None:
        self.ctx.signals.criteria_changed.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
