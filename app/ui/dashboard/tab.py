"""The Tổng hợp tab: the lead agencies' minimum targets against the register."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.plan import targets_report
from app.ui.context import AppContext
from app.ui.ops import DbOp

KIND_SHORT = {
    "collectives": N_("collectives"), "individuals": N_("individuals"),
    "households": N_("households"), "cooperatives": N_("cooperatives"),
    "coop_groups": N_("cooperative groups"), "examples": N_("examples"),
}
MET, CLOSE, BEHIND = QColor("#d8f0d2"), QColor("#fff1c2"), QColor("#f8d4d0")


def _describe(counts: dict[str, int]) -> str:
    return "; ".join(f"{n} {_(KIND_SHORT[k])}" for k, n in counts.items())


class DashboardTab(QWidget):
    """One row per target of plan IV.1, coloured by how far it is met."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            _("Lead agency"), _("Movement"), _("Minimum"), _("Registered"), _("Recognised")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 230), (2, 190), (3, 190), (4, 190)):
            self.table.setColumnWidth(col, width)
        legend = QLabel(_("Green: every minimum reached by recognised examples; yellow: "
                          "enough registered but not yet recognised; red: behind."))
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(legend)
        layout.addWidget(self.table)
        ctx.signals.candidates_changed.connect(self.reload)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        DbOp(self, self.ctx, targets_report, write=False).on_success(self._show).run()

    def _show(self, targets: list[dict[str, Any]]) -> None:
        self.table.setRowCount(len(targets))
        for row, t in enumerate(targets):
            registered_ok = all(t["registered"][k] >= v for k, v in t["minimums"].items())
            colour = MET if t["met"] else CLOSE if registered_ok else BEHIND
            cells = [t["lead_agency"], t["movement"], _describe(t["minimums"]),
                     _describe(t["registered"]), _describe(t["recognised"])]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setBackground(QBrush(colour))
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
