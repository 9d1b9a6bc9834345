"""The Tiêu chí tab: model types and their criteria in force (read-only for now)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.i18n import _
from app.services.plan import model_types_with_criteria
from app.ui.context import AppContext
from app.ui.ops import DbOp


class CriteriaTab(QWidget):
    """Each model type of plan III.3 with its separately checkable criteria."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Code"), _("Model type / criterion"), _("Required")])
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 900)
        self.tree.setWordWrap(True)
        layout = QVBoxLayout(self)
        note = QLabel(_("Criteria of each model type from section III.3 of the province's "
                        "2021–2025 plan. Units may add their own criteria (plan III.2)."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.tree)
        ctx.signals.criteria_changed.connect(self.reload)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        DbOp(self, self.ctx, model_types_with_criteria, write=False).on_success(self._show).run()

    def _show(self, types: list[dict[str, Any]]) -> None:
        self.tree.clear()
        for mt in types:
            top = QTreeWidgetItem([mt["code"], mt["name"], ""])
            font = top.font(1)
            font.setBold(True)
            top.setFont(1, font)
            top.setToolTip(1, mt["name"])
            for c in mt["criteria"]:
                child = QTreeWidgetItem([c["code"], c["text"],
                                         _("Yes") if c["required"] else _("No")])
                child.setToolTip(1, c["text"])
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        if self.tree.topLevelItemCount():
            self.tree.topLevelItem(0).setExpanded(True)
