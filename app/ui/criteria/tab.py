"""The Tiêu chí tab: model types and their criteria in force for this office, with editing
and the unit's own criteria (plan III.2)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.enums import UnitLevel
from app.services.assessments import unit_chain
from app.services.labels import KIND_LABELS, label
from app.services.plan import model_types_with_criteria
from app.services.unit_choices import unit_level
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.wrapping import wrap_rows

TYPE_ROLE = Qt.ItemDataRole.UserRole


def _subjects_text(subjects: list[str]) -> str:
    """"Tập thể, hợp tác xã, tổ hợp tác"; "Mọi đối tượng" for an item of every kind."""
    names = [label(KIND_LABELS, k) for k in subjects]
    if not names:
        return _("Every kind")
    return ", ".join([names[0], *(n[:1].lower() + n[1:] for n in names[1:])])


class CriteriaTab(QWidget):
    """Each model type of plan III.3 with its separately checkable criteria."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self._office_level: str | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Code"), _("Model type / criterion"), _("Required"),
                                   _("Applies to")])
        self.tree.setColumnWidth(0, 110)
        # The criterion takes the width left and wraps: a fixed width cut the long ones.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        wrap_rows(self.tree, 1)
        note = QLabel(_("Criteria of each model type from section III.3 of the province's "
                        "2021–2025 plan. Units may add their own criteria (plan III.2)."))
        note.setWordWrap(True)
        self.edit_button = QPushButton(_("&Edit criteria…"))
        self.own_button = QPushButton(_("Add the unit's &own criteria…"))
        self.edit_button.clicked.connect(self.edit)
        self.own_button.clicked.connect(self.add_own)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.own_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.tree)
        self.tree.itemDoubleClicked.connect(lambda *_a: self.edit())
        ctx.signals.criteria_changed.connect(self.reload)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        office = self.ctx.office_unit_code

        def load(session: Any) -> dict[str, Any]:
            chain = unit_chain(session, office) if office else []
            level = unit_level(session, office)
            return {"types": model_types_with_criteria(session, unit_codes=chain),
                    "level": level}

        DbOp(self, self.ctx, load, write=False).on_success(self._show).run()

    def _show(self, data: dict[str, Any]) -> None:
        self._office_level = data["level"]
        expanded = {self.tree.topLevelItem(i).data(0, TYPE_ROLE)["code"]
                    for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        for mt in data["types"]:
            cset = mt["criteria_set"] or {}
            suffix = ""
            if cset.get("owner_unit_code"):
                suffix = _(" – with the unit's own criteria")
            if cset.get("version", 1) > 1:
                suffix += _(" (version {n})").format(n=cset["version"])
            top = QTreeWidgetItem([mt["code"], mt["name"] + suffix, "", ""])
            top.setData(0, TYPE_ROLE, mt)
            font = top.font(1)
            font.setBold(True)
            top.setFont(1, font)
            top.setToolTip(1, mt["name"] + suffix)
            for c in mt["criteria"]:
                subjects = c.get("subjects") or []
                child = QTreeWidgetItem([c["code"], c["text"],
                                         _("Yes") if c["required"] else _("No"),
                                         _subjects_text(subjects)])
                child.setToolTip(1, c["text"])
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(mt["code"] in expanded)
        if self.tree.topLevelItemCount() and not expanded:
            self.tree.topLevelItem(0).setExpanded(True)

    def selected_type(self) -> dict[str, Any] | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, TYPE_ROLE) if item is not None else None

    def edit(self) -> None:
        mt = self.selected_type()
        if mt is None:
            return
        owner = (mt["criteria_set"] or {}).get("owner_unit_code")
        if owner is None and self._office_level != UnitLevel.PROVINCE:
            QMessageBox.information(self, _("Edit criteria"), _(
                "The plan's criteria are set by the province. Add the unit's own criteria "
                "instead, or ask the province to change the plan's set."))
            return
        from app.ui.criteria.edit_dialog import CriteriaEditDialog

        CriteriaEditDialog(self.ctx, mt, parent=self).open()

    def add_own(self) -> None:
        mt = self.selected_type()
        if mt is None or not self.ctx.office_unit_code:
            return
        from app.ui.criteria.edit_dialog import CriteriaEditDialog

        CriteriaEditDialog(self.ctx, mt, unit_code=self.ctx.office_unit_code, parent=self).open()
