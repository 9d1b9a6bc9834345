"""The scoring grid as a table model: villages in rows; statistics, the scheme's items
(self-assessment, council or both) and the votes in columns; the live result last.

Every accepted key press is checked by the service's rules (``grid.apply_entry``) and the
whole commune is recomputed in memory (the commune's own rates can change), then the
entry is handed to the tab to save in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.errors import DomainError
from app.i18n import N_, _
from app.models.villages import AreaClass, ItemKind, SchemeMode
from app.services.villages import engine
from app.services.villages.grid import COUNCIL, SELF, STAT_LABELS, Entry, Grid

SHOW_COUNCIL, SHOW_SELF, SHOW_BOTH = "council", "self", "both"
AREA_LABELS = {AreaClass.ORDINARY: "bình thường", AreaClass.DIFFICULT: "đặc biệt khó khăn",
               AreaClass.URBAN: "đô thị"}
_STANDARD_TINTS = ("#ffffff", "#f3f6fb")
_FAIL = QBrush(QColor("#fbe3e3"))
_PASS = QBrush(QColor("#e3f4e3"))
_MISSING = QBrush(QColor("#fff6d6"))
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# Column headers of the statistics: short, two lines at most (the full name is the tooltip).
STAT_SHORT = {
    "households": N_("House-\nholds"), "poor_households": N_("Poor"),
    "near_poor_households": N_("Near-\npoor"), "cultural_households": N_("Cultural\nfamilies"),
    "working_age": N_("Working\nage"), "employed": N_("With\njobs"),
    "school_age": N_("School\nage"), "at_school": N_("At\nschool"),
    "civilised_households": N_("Civilised\ncustoms"), "social_evils": N_("Social\nevils"),
    "serious_crimes": N_("Serious\ncrimes"),
}

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """What a column shows: ``name``, ``stat``, ``item`` (with assessor), ``votes``,
    ``points`` or ``result``."""

    kind: str
    key: str = ""
    assessor: str = COUNCIL
    standard: int = 0


class GridModel(QAbstractTableModel):
    """The commune's grid for one year; ``edited(entry)`` after each accepted value,
    ``refused(message)`` when a value is refused (nothing changes)."""

    edited = Signal(object)
    refused = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: Grid | None = None
        self.show = SHOW_COUNCIL
        self.columns: list[Column] = []
        self._items: dict[str, engine.Item] = {}

    # --- data in ---------------------------------------------------------------------

    def set_grid(self, grid: Grid | None, show: str | None = None) -> None:
        self.beginResetModel()
        self.grid = grid
        if show:
            self.show = show
        self.columns = self._build_columns()
        self._items = {i.code: i for i in grid.rules.items} if grid else {}
        self.endResetModel()

    def set_show(self, show: str) -> None:
        self.set_grid(self.grid, show)

    def _build_columns(self) -> list[Column]:
        g = self.grid
        if g is None:
            return []
        cols = [Column("name"), Column("result")]
        if g.rules.mode == SchemeMode.POINTS:
            cols.append(Column("points"))
        cols += [Column("stat", k) for k in g.stat_keys]
        who = {SHOW_COUNCIL: (COUNCIL,), SHOW_SELF: (SELF,), SHOW_BOTH: (SELF, COUNCIL)}[self.show]
        for n, standard in enumerate(g.rules.standards):
            for item in standard.items:
                cols.extend(Column("item", item.code, w, n) for w in who)
        cols.append(Column("votes"))
        return cols

    def column_of(self, kind: str, key: str = "", assessor: str = COUNCIL) -> int:
        for i, c in enumerate(self.columns):
            if c.kind == kind and c.key == key and (c.kind != "item" or c.assessor == assessor):
                return i
        raise KeyError(kind, key, assessor)

    # --- Qt API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if col.kind == "name":
                return _("Village")
            if col.kind == "stat":
                return _(STAT_SHORT[col.key])
            if col.kind == "item":
                suffix = {SELF: _("village"), COUNCIL: _("council")}[col.assessor]
                return col.key + (f"\n{suffix}" if self.show == SHOW_BOTH else "")
            return {"votes": _("Votes for"), "points": _("Points"), "result": _("Result")}[col.kind]
        if role == Qt.ItemDataRole.ToolTipRole and col.kind == "item":
            return self._item_tip(self._items[col.key])
        if role == Qt.ItemDataRole.ToolTipRole and col.kind == "stat":
            return _(STAT_LABELS[col.key])
        return None

    def _item_tip(self, item: engine.Item) -> str:
        lines = [f"{item.code}. {item.text}"]
        if item.kind == ItemKind.POINTS:
            lines.append(_("Points from 0 to {max}").format(max=engine.fmt(item.max_points or 0)))
        elif item.kind in (ItemKind.YES_NO, ItemKind.DISQUALIFIER):
            lines.append(_("Type 1 (yes) or 0 (no)"))
        elif item.kind == ItemKind.RATE_BELOW_REF:
            lines.append(_("Must be below the commune's own rate"))
        else:
            for area, label in AREA_LABELS.items():
                value = item.thresholds.get(area)
                lines.append(f"{label}: " + (_("to be set by the province") if value is None
                                             else engine.fmt(value)))
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self.columns[index.column()]
        if col.kind in ("stat", "item", "votes") and not (
                col.kind == "item" and not self._items[col.key].typed):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row = self.grid.rows[index.row()]
        col = self.columns[index.column()]
        if role == ROW_ROLE:
            return row
        result = row.result.get(COUNCIL)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.kind == "result" and result is not None:
                return result.summary()
            if col.kind == "item":
                failure = self._failure(row, col)
                return failure.reason() if failure else None
            if col.kind == "name":
                return f"{row.code} · {AREA_LABELS.get(row.area_class, row.area_class)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if col.kind == "result" and result is not None:
                return {engine.DAT: _PASS, engine.KHONG_DAT: _FAIL}.get(result.status, _MISSING)
            if col.kind == "item":
                failure = self._failure(row, col)
                if failure is not None:
                    return _MISSING if failure in row.result[col.assessor].missing else _FAIL
                return QBrush(QColor(_STANDARD_TINTS[col.standard % 2]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind not in ("name", "result"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _failure(self, row: Any, col: Column) -> engine.Failure | None:
        res = row.result.get(col.assessor)
        if res is None:
            return None
        for f in res.failed + res.missing:
            if f.code == col.key:
                return f
        return None

    def _text(self, row: Any, col: Column, edit: bool) -> str:
        if col.kind == "name":
            return row.name
        if col.kind == "stat":
            value = row.stats.get(col.key)
            return "" if value is None else engine.fmt(value)
        if col.kind == "votes":
            return "" if row.votes_for is None else str(row.votes_for)
        result = row.result.get(COUNCIL)
        if col.kind == "points":
            return "" if result is None or result.points is None else engine.fmt(result.points)
        if col.kind == "result":
            return "" if result is None else result.summary()
        item = self._items[col.key]
        if not item.typed:
            share = engine.ratio(row.stats, item)
            if item.kind == ItemKind.COUNT_MAX:
                share = engine.stat(row.stats, item.stat_key)
                return "" if share is None else engine.fmt(share)
            return "" if share is None else f"{engine.fmt(share)} %"
        value = row.values.get(col.assessor, {}).get(col.key)
        if value is None:
            return ""
        if not edit and item.kind in (ItemKind.YES_NO, ItemKind.DISQUALIFIER):
            return _("yes") if value else _("no")
        return engine.fmt(value)

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.grid is None or not index.isValid():
            return False
        row = self.grid.rows[index.row()]
        col = self.columns[index.column()]
        try:
            number = parse_number(value)
        except ValueError:
            self.refused.emit(_("{village}: \"{value}\" is not a number.").format(
                village=row.name, value=value))
            return False
        if col.kind == "stat":
            entry = Entry(row.code, stat=col.key, value=number)
        elif col.kind == "votes":
            entry = Entry(row.code, votes=True, value=number)
        elif col.kind == "item":
            entry = Entry(row.code, item=col.key, value=number, assessor=col.assessor)
        else:
            return False
        from app.services.villages.grid import apply_entry

        try:
            apply_entry(self.grid, entry)
        except DomainError as exc:
            self.refused.emit(exc.message())
            return False
        self.grid.recompute()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.grid.rows) - 1,
                                                           len(self.columns) - 1))
        self.edited.emit(entry)
        return True


def parse_number(value: Any) -> float | None:
    """A typed cell: empty → None; "có"/"c" → 1, "không"/"k" → 0; "7,5" → 7.5."""
    from app import text

    if value is None:
        return None
    raw = text.fold(str(value)).replace(" ", "")
    if raw == "":
        return None
    if raw in ("co", "c", "x", "dat"):
        return 1.0
    if raw in ("khong", "k"):
        return 0.0
    return float(str(value).strip().replace(",", "."))
