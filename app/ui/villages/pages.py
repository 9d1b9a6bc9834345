"""The tab's other pages: years in a row, the roll-up with its chart, the scheme editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.models.villages import AreaClass, ItemKind
from app.services.villages import engine, history, rollup, schemes
from app.services.villages import settings as review_settings
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.villages.grid_model import AREA_LABELS

_GREEN, _RED = QBrush(QColor("#d8f0d2")), QBrush(QColor("#f8d4d0"))


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


def _cell(text: Any, brush: QBrush | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if brush is not None:
        item.setBackground(brush)
    return item


class HistoryPage(QWidget):
    """Each village's title year by year, the run of years and the Giấy khen candidates."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.commune, self.year = "", 0
        self.table = _table([])
        self.candidates = QLabel()
        self.candidates.setWordWrap(True)
        self.propose_button = QPushButton(_("&Propose the Giấy khen for the candidates"))
        self.propose_button.clicked.connect(self.propose)
        self.message = ErrorLabel()
        row = QHBoxLayout()
        row.addWidget(self.candidates, 1)
        row.addWidget(self.propose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def reload(self, commune: str, year: int) -> None:
        self.commune, self.year = commune, year

        def load(session: Any) -> Any:
            return (history.commune_history(session, commune, year),
                    history.honour_candidates(session, commune, year))

        DbOp(self, self.ctx, load, write=False).on_success(self._show).run()

    def _show(self, data: Any) -> None:
        rows, candidates = data
        years = sorted({y for h in rows for y in h.years} | {self.year})[-8:]
        headers = [_("Village"), *[str(y) for y in years], _("Years in a row"),
                   _("Honoured in")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, h in enumerate(rows):
            self.table.setItem(r, 0, _cell(h.name))
            for c, y in enumerate(years, start=1):
                passed = h.years.get(y)
                self.table.setItem(r, c, _cell(
                    "" if passed is None else _("yes") if passed else _("no"),
                    None if passed is None else _GREEN if passed else _RED))
            self.table.setItem(r, len(years) + 1, _cell(h.consecutive))
            self.table.setItem(r, len(years) + 2, _cell(", ".join(map(str, h.honoured_years))))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        chosen = [c for c in candidates if c.proposed]
        if candidates:
            self.candidates.setText(_("{n} villages have the title for {first}–{last}; proposed "
                                      "(ranked by votes, within the cap): {names}.").format(
                n=len(candidates), first=candidates[0].first, last=candidates[0].last,
                names=", ".join(c.name for c in chosen)))
        else:
            self.candidates.setText(_("No village has the title for enough years in a row "
                                      "in {year}.").format(year=self.year))
        self.propose_button.setEnabled(bool(chosen))

    def propose(self) -> None:
        commune, year = self.commune, self.year
        DbOp(self, self.ctx, lambda s: history.propose_honours(s, commune, year)).on_success(
            self._proposed).on_failure(lambda exc: self.message.show_failure(self.ctx, exc)).run()

    def _proposed(self, ids: list[str]) -> None:
        self.message.setText(_("{n} awards proposed; they are in the Awards tab.").format(
            n=len(ids)))
        self.ctx.signals.awards_changed.emit()
        self.reload(self.commune, self.year)


class RollupPage(QWidget):
    """Per commune: villages, scored, passed, share, change; a chart; double-click drills
    down to the commune's grid."""

    drill = Signal(str, int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = 0
        self.rows: list[rollup.CommuneFigures] = []
        self.table = _table([_("Commune"), _("Villages"), _("Scored"), _("Passed"), _("Share"),
                             _("Change"), _("Gained"), _("Lost"), _("Cultural families")])
        self.table.setColumnWidth(0, 200)
        for col in range(1, 6):
            self.table.setColumnWidth(col, 90)
        self.table.setColumnWidth(6, 200)
        self.table.setColumnWidth(7, 160)
        self.table.setToolTip(_("Double-click a commune to open its grid"))
        self.table.cellDoubleClicked.connect(
            lambda r, _c: self.drill.emit(self.rows[r].commune_code, self.year))
        self.chart_box = QWidget()
        QVBoxLayout(self.chart_box).setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart_box)
        splitter.setSizes([700, 420])
        self.scope = QComboBox()
        self.scope.currentIndexChanged.connect(lambda _i: self.reload(self.year))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Area:")))
        top.addWidget(self.scope)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter)

    def reload(self, year: int) -> None:
        self.year = year
        office = self.ctx.office_unit_code
        fill = self.scope.count() == 0
        unit = office if fill else self.scope.currentData()

        def load(session: Any) -> Any:
            return (rollup.rollup(session, year, unit),
                    rollup.totals_by_year(session, unit, range(year - 4, year + 1)),
                    rollup.scopes(session, office) if fill else None)

        DbOp(self, self.ctx, load, write=False).on_success(self._show).run()

    def _show(self, data: Any) -> None:
        self.rows, totals, scopes = data
        if scopes:
            self.scope.blockSignals(True)
            for code, label in scopes:
                self.scope.addItem(label, code)
            self.scope.blockSignals(False)
        self.table.setRowCount(len(self.rows))
        for r, f in enumerate(self.rows):
            share = "" if f.share is None else f"{engine.fmt(f.share)} %"
            change = "" if f.change is None else f"{f.change:+d}"
            cultural = "" if f.cultural_share is None else f"{engine.fmt(f.cultural_share)} %"
            for c, value in enumerate([f.commune_name, f.villages, f.scored, f.passed, share,
                                       change, ", ".join(f.gained), ", ".join(f.lost),
                                       cultural]):
                self.table.setItem(r, c, _cell(value))
        self._chart(totals)

    def _chart(self, totals: list[tuple[int, int, int]]) -> None:
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QChartView,
            QValueAxis,
        )
        from PySide6.QtGui import QPainter

        layout = self.chart_box.layout()
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        chart = QChart()
        chart.setTitle(_("Villages scored and passed by year"))
        scored, passed = QBarSet(_("Scored")), QBarSet(_("Passed"))
        for _y, n, p in totals:
            scored.append(n)
            passed.append(p)
        series = QBarSeries()
        series.append(scored)
        series.append(passed)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([str(y) for y, _n, _p in totals])
        axis_y = QValueAxis()
        axis_y.setRange(0, max([n for _y, n, _p in totals] or [1]))
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        layout.addWidget(view)
        self.chart = chart


class SchemePage(QWidget):
    """The scheme editor: the items with their thresholds by area class; saving a scheme
    already used for a year makes a new version."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.scheme = QComboBox()
        self.scheme.currentIndexChanged.connect(lambda _i: self.show_scheme())
        self.table = _table([_("Item"), _("Kind"),
                             *[AREA_LABELS[a] for a in AreaClass.ALL]])
        self.table.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            self.table.setColumnWidth(col, 150)
        self.save_button = QPushButton(_("&Save the thresholds"))
        self.save_button.clicked.connect(self.save)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.message = ErrorLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Scheme:")))
        top.addWidget(self.scheme, 1)
        top.addWidget(self.save_button)
        self.marks = {a: QLineEdit() for a in AreaClass.ALL}
        self.min_share = QLineEdit()
        self.points_box = QWidget()
        marks_row = QHBoxLayout(self.points_box)
        marks_row.setContentsMargins(0, 0, 0, 0)
        marks_row.addWidget(QLabel(_("Pass mark:")))
        for area, edit in self.marks.items():
            marks_row.addWidget(QLabel(AREA_LABELS[area]))
            edit.setMaximumWidth(60)
            marks_row.addWidget(edit)
        marks_row.addWidget(QLabel(_("Each standard at least (% of its points):")))
        self.min_share.setMaximumWidth(60)
        marks_row.addWidget(self.min_share)
        marks_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.points_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._settings_box())
        layout.addWidget(self.message)
        self._schemes: dict[str, tuple[Any, Any]] = {}

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox(_("Settings of the yearly review"))
        row = QGridLayout(box)
        self.settings_edits: dict[str, QSpinBox] = {}
        for n, (key, label, top) in enumerate((
                ("quorum", _("Quorum (% invited)"), 100),
                ("approval", _("Approval (% present)"), 100),
                ("posting_days", _("Posting (days)"), 60),
                ("honour_years", _("Years for a Giấy khen"), 20),
                ("honour_cap", _("Proposed at most (%)"), 100),
                ("commune_decides_from", _("Commune decides from"), 2100))):
            edit = QSpinBox()
            edit.setRange(0, top)
            row.addWidget(QLabel(label), n // 3, (n % 3) * 2)
            row.addWidget(edit, n // 3, (n % 3) * 2 + 1)
            self.settings_edits[key] = edit
        self.settings_button = QPushButton(_("Save the settings"))
        self.settings_button.clicked.connect(self.save_settings)
        row.addWidget(self.settings_button, 1, 6)
        row.setColumnStretch(7, 1)
        return box

    def _show_settings(self, conf: review_settings.ReviewSettings) -> None:
        for key, edit in self.settings_edits.items():
            value = getattr(conf, key)
            edit.setValue(round(value * 100) if key in _SHARES else int(value))

    def save_settings(self) -> None:
        values = {k: (e.value() / 100 if k in _SHARES else e.value())
                  for k, e in self.settings_edits.items()}
        conf = review_settings.ReviewSettings(**values)  # type: ignore[arg-type]
        DbOp(self, self.ctx, lambda s: review_settings.save(s, conf)).on_success(
            lambda _r: (self.message.setText(_("Settings saved.")),
                        self.ctx.signals.villages_changed.emit())).on_failure(
            lambda exc: self.message.show_failure(self.ctx, exc)).run()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()
            DbOp(self, self.ctx, review_settings.load, write=False).on_success(
                self._show_settings).run()

    def reload(self, select: str | None = None) -> None:
        def load(session: Any) -> Any:
            schemes.ensure_shipped(session)
            return [(s, schemes.load_rules(session, s.id)) for s in schemes.list_schemes(session)]

        DbOp(self, self.ctx, load).on_success(lambda rows: self._fill(rows, select)).run()

    def _fill(self, rows: list[tuple[Any, Any]], select: str | None) -> None:
        self._schemes = {s.id: (s, r) for s, r in rows}
        self.scheme.blockSignals(True)
        self.scheme.clear()
        for s, _r in rows:
            self.scheme.addItem(_("{name} – version {n}").format(name=s.name, n=s.version), s.id)
        self.scheme.blockSignals(False)
        if select:
            self.scheme.setCurrentIndex(max(0, self.scheme.findData(select)))
        self.show_scheme()

    def show_scheme(self) -> None:
        entry = self._schemes.get(self.scheme.currentData())
        if entry is None:
            return
        info, rules = entry
        used = ", ".join(map(str, info.used_years)) or _("none yet")
        self.info.setText(_("{basis}. Valid from {start}. Years scored with it: {used}. "
                            "Empty cells: to be set by the province.").format(
            basis=info.legal_basis, start=info.valid_from.strftime("%d/%m/%Y"), used=used))
        points = rules.mode == "points"
        self.points_box.setVisible(points)
        for area, edit in self.marks.items():
            mark = rules.pass_marks.get(area)
            edit.setText("" if mark is None else engine.fmt(mark))
        self.min_share.setText("" if rules.min_share is None else engine.fmt(100 * rules.min_share))
        items = list(rules.items)
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            head = _cell(f"{item.code}. {item.text}")
            head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsEditable)
            head.setData(Qt.ItemDataRole.UserRole, item.code)
            self.table.setItem(r, 0, head)
            label = _(KIND_LABELS.get(item.kind, item.kind))
            if item.kind == ItemKind.POINTS:
                label = _("points, at most {max}").format(max=engine.fmt(item.max_points or 0))
            kind = _cell(label)
            kind.setFlags(kind.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 1, kind)
            editable = item.kind in (ItemKind.SHARE_MIN, ItemKind.RATE_MAX, ItemKind.COUNT_MAX)
            for c, area in enumerate(AreaClass.ALL, start=2):
                value = item.thresholds.get(area)
                cell = _cell("" if value is None else engine.fmt(value))
                if not editable:
                    cell.setText("—")
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                elif value is None:
                    cell.setToolTip(_("to be set by the province"))
                    cell.setBackground(QBrush(QColor("#fff6d6")))
                self.table.setItem(r, c, cell)

    def save(self) -> None:
        scheme_id = self.scheme.currentData()
        entry = self._schemes.get(scheme_id)
        if entry is None:
            return
        _info, rules = entry
        thresholds: dict[str, dict[str, float | None]] = {}
        kinds = {i.code: i.kind for i in rules.items}
        for r in range(self.table.rowCount()):
            code = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            if kinds[code] not in (ItemKind.SHARE_MIN, ItemKind.RATE_MAX, ItemKind.COUNT_MAX):
                continue
            for c, area in enumerate(AreaClass.ALL, start=2):
                raw = self.table.item(r, c).text().strip().replace(",", ".")
                try:
                    thresholds.setdefault(code, {})[area] = float(raw) if raw else None
                except ValueError:
                    self.message.setText(_("Item {item}: \"{value}\" is not a number.").format(
                        item=code, value=raw))
                    return
        marks: dict[str, float | None] = {}
        try:
            for area, edit in self.marks.items():
                raw = edit.text().strip().replace(",", ".")
                marks[area] = float(raw) if raw else None
            raw = self.min_share.text().strip().replace(",", ".")
            share = float(raw) / 100 if raw else None
        except ValueError:
            self.message.setText(_("Type the pass marks and the share as numbers."))
            return
        points = rules.mode == "points"

        def save(session: Any) -> str:
            new_id = schemes.set_thresholds(session, scheme_id, thresholds) if thresholds \
                else scheme_id
            if points:
                new_id = schemes.set_points_rules(session, new_id, marks, share)
            return new_id

        DbOp(self, self.ctx, save).on_success(self._saved).on_failure(
            lambda exc: self.message.show_failure(self.ctx, exc)).run()

    def _saved(self, scheme_id: str) -> None:
        self.message.setText(_("Thresholds saved."))
        self.reload(scheme_id)
        self.ctx.signals.villages_changed.emit()


_SHARES = ("quorum", "approval", "honour_cap")
KIND_LABELS = {
    ItemKind.YES_NO: N_("yes / no"),
    ItemKind.SHARE_MIN: N_("share at least (%)"),
    ItemKind.RATE_MAX: N_("rate at most (%)"),
    ItemKind.RATE_BELOW_REF: N_("rate below the commune's"),
    ItemKind.COUNT_MAX: N_("count at most"),
    ItemKind.DISQUALIFIER: N_("disqualifier"),
    ItemKind.POINTS: N_("points"),
}
