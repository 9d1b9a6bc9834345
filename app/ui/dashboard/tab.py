"""The Tổng hợp tab: the lead agencies' minimum targets against the register, per phase
or overall, as a table and a chart, with a drill-down by unit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services import choices
from app.services.plan import target_breakdown, targets_report
from app.services.unit_choices import summary_top_unit
from app.ui.context import AppContext
from app.ui.format import thousands
from app.ui.ops import DbOp

KIND_SHORT = {
    "collectives": N_("collectives"), "individuals": N_("individuals"),
    "households": N_("households"), "cooperatives": N_("cooperatives"),
    "coop_groups": N_("cooperative groups"), "examples": N_("examples"),
}
MET, CLOSE, BEHIND = QColor("#d8f0d2"), QColor("#fff1c2"), QColor("#f8d4d0")
ROW_ROLE = Qt.ItemDataRole.UserRole


def _describe(counts: dict[str, int]) -> str:
    return "; ".join(f"{thousands(n)} {_(KIND_SHORT[k])}" for k, n in counts.items())


def progress(t: dict[str, Any], key: str) -> float:
    """Share of the minimums reached, 0–1 per kind, averaged (1.0 = every minimum met)."""
    shares = [min(1.0, t[key][k] / v) for k, v in t["minimums"].items() if v]
    return sum(shares) / len(shares) if shares else 1.0


def colour_of(t: dict[str, Any]) -> QColor:
    registered_ok = all(t["registered"][k] >= v for k, v in t["minimums"].items())
    return MET if t["met"] else CLOSE if registered_ok else BEHIND


class DashboardTab(QWidget):
    """One row per target of plan IV.1, coloured by how far it is met."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self._targets: list[dict[str, Any]] = []
        self._chart_view: Any = None
        self._path: list[tuple[str, str]] = []  # drill-down: (code, name) from the top

        self.phase = QComboBox()
        self.phase.addItem(_("Whole plan 2021–2025"), None)
        self.phase.currentIndexChanged.connect(self.reload)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period:")))
        top.addWidget(self.phase)
        top.addWidget(self.summary, 1)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            _("Lead agency"), _("Movement"), _("Minimum"), _("Registered"), _("Recognised"),
            _("Reached")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 220), (2, 170), (3, 170), (4, 170), (5, 70)):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._target_selected)
        legend = QLabel(_("Green: every minimum reached by recognised examples; yellow: "
                          "enough registered but not yet recognised; red: behind."))
        legend.setWordWrap(True)

        self.details = QTabWidget()
        self.chart_page = QWidget()
        QVBoxLayout(self.chart_page).setContentsMargins(0, 0, 0, 0)
        self.details.addTab(self.chart_page, _("Chart"))
        units_page = QWidget()
        self.crumbs = QLabel()
        self.up_button = QPushButton(_("&Up one level"))
        self.up_button.clicked.connect(self.drill_up)
        crumbs_row = QHBoxLayout()
        crumbs_row.addWidget(self.crumbs, 1)
        crumbs_row.addWidget(self.up_button)
        self.units = QTableWidget(0, 3)
        self.units.setHorizontalHeaderLabels([_("Unit"), _("Registered"), _("Recognised")])
        self.units.verticalHeader().setVisible(False)
        self.units.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.units.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units.setToolTip(_("Double-click a unit to see the units below it"))
        self.units.cellDoubleClicked.connect(self.drill_down)
        units_layout = QVBoxLayout(units_page)
        units_layout.addLayout(crumbs_row)
        units_layout.addWidget(self.units)
        self.details.addTab(units_page, _("By unit"))

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(legend)
        upper_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.details)
        splitter.setSizes([330, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        from app.ui.villages.deadline import VillageDeadlineNote  # the 25 November note

        self.village_deadline = VillageDeadlineNote(ctx, self)
        layout.addWidget(self.village_deadline)
        layout.addWidget(splitter, 1)
        # Figures per period until the register changes; the chart is drawn once per burst
        # of changes (holding a period key down), not once per step.
        self._report_cache: dict[Any, list[dict[str, Any]]] = {}
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(0)
        self._chart_timer.timeout.connect(self._draw_chart)
        ctx.signals.candidates_changed.connect(self._data_changed)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True

            DbOp(self, self.ctx, choices.phases, write=False).on_success(self._fill_phases).run()
            self.reload()
            self.village_deadline.reload()

    def _fill_phases(self, phases: list[tuple[str, str]]) -> None:
        self.phase.blockSignals(True)
        for name, code in phases:
            self.phase.addItem(name, code)
        self.phase.blockSignals(False)

    def reload(self) -> None:
        phase = self.phase.currentData()
        if phase in self._report_cache:  # switching back and forth reads nothing again
            self._show(self._report_cache[phase])
            return

        def remember(targets: list[dict[str, Any]]) -> None:
            self._report_cache[phase] = targets
            if phase == self.phase.currentData():
                self._show(targets)

        DbOp(self, self.ctx, lambda s: targets_report(s, phase), write=False).on_success(
            remember).run()

    def _data_changed(self) -> None:
        self._report_cache.clear()
        self.reload()

    def _show(self, targets: list[dict[str, Any]]) -> None:
        self._targets = targets
        selected = self.table.currentRow()
        self.table.setRowCount(len(targets))
        for row, t in enumerate(targets):
            colour = colour_of(t)
            cells = [t["lead_agency"], t["movement"], _describe(t["minimums"]),
                     _describe(t["registered"]), _describe(t["recognised"]),
                     f"{round(100 * progress(t, 'recognised'))} %"]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setBackground(QBrush(colour))
                item.setData(ROW_ROLE, row)
                if col == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        met = sum(1 for t in targets if t["met"])
        self.summary.setText(_("{met} of {total} targets met").format(met=met,
                                                                       total=len(targets)))
        self._chart_timer.start()
        if targets:
            self.table.selectRow(selected if 0 <= selected < len(targets) else 0)

    # --- chart ---------------------------------------------------------------------------

    def _draw_chart(self) -> None:
        # QtCharts is loaded when the tab is first shown, not at start-up.
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QChartView,
            QValueAxis,
        )
        from PySide6.QtGui import QPainter

        chart = QChart()
        chart.setTitle(_("Share of the minimums reached (%)"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        registered = QBarSet(_("Registered"))
        recognised = QBarSet(_("Recognised"))
        registered.setColor(QColor("#9ab8d8"))
        recognised.setColor(QColor("#2e7d32"))
        categories = []
        for t in self._targets:  # same order as the table; short agency codes fit below
            registered.append(round(100 * progress(t, "registered")))
            recognised.append(round(100 * progress(t, "recognised")))
            code = t["lead_agency_code"]
            categories.append(code if code not in categories else f"{code} ({t['movement_code']})")
        series = QBarSeries()
        series.append(registered)
        series.append(recognised)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(categories)
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.setToolTip("\n".join(f"{c}: {t['lead_agency']}"
                                   for c, t in zip(categories, self._targets, strict=True)))
        if self._chart_view is None:
            self._chart_view = QChartView()
            self._chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_page.layout().addWidget(self._chart_view)
        old = self._chart_view.chart()
        self._chart_view.setChart(chart)
        if old is not None:
            old.deleteLater()

    # --- drill-down by unit ---------------------------------------------------------------

    def selected_target(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self._targets[row] if 0 <= row < len(self._targets) else None

    def _target_selected(self) -> None:
        if not self._path:
            office = self.ctx.office_unit_code
            DbOp(self, self.ctx, lambda s: summary_top_unit(s, office), write=False
                 ).on_success(self._set_path).run()
        else:
            self.load_units()

    def _set_path(self, path: list[tuple[str, str]]) -> None:
        self._path = path
        self.load_units()

    def load_units(self) -> None:
        target = self.selected_target()
        if target is None or not self._path:
            return
        parent, phase = self._path[-1][0], self.phase.currentData()
        tid = target["id"]
        self.crumbs.setText(" › ".join(name for _c, name in self._path)
                            + f" — {target['lead_agency']}")
        self.up_button.setEnabled(len(self._path) > 1)
        DbOp(self, self.ctx, lambda s: target_breakdown(s, tid, parent, phase),
             write=False).on_success(self._show_units).run()

    def _show_units(self, rows: list[dict[str, Any]]) -> None:
        rows = [r for r in rows if r["registered"] or not r["retired"]]
        self.units.setRowCount(len(rows))
        for i, r in enumerate(rows):
            name = QTableWidgetItem(r["name"] + (" ›" if r["has_children"] else ""))
            name.setData(ROW_ROLE, (r["code"], r["name"], r["has_children"]))
            self.units.setItem(i, 0, name)
            for col, key in ((1, "registered"), (2, "recognised")):
                item = QTableWidgetItem(thousands(r[key]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.units.setItem(i, col, item)

    def drill_down(self, row: int, _col: int = 0) -> None:
        code, name, has_children = self.units.item(row, 0).data(ROW_ROLE)
        if has_children:
            self._path.append((code, name))
            self.load_units()

    def drill_up(self) -> None:
        if len(self._path) > 1:
            self._path.pop()
            self.load_units()
