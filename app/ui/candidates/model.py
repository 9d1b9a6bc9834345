"""The candidate list as a Qt model: rows fetched page by page, sorted and filtered in SQL.

The module does not import the services (nor through them SQLAlchemy and the models) until
a page is asked for: the window shows the first page read with ``sqlite3`` in this model
(:meth:`CandidateTableModel.show_first_page`) before the ORM is in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.code_labels import KIND_LABELS, STATUS_LABELS, label
from app.i18n import N_, _
from app.register_rows import CandidateFilter, CandidateRow
from app.ui.ops import DbOp

PAGE = 200

COL_NAME, COL_KIND, COL_UNIT, COL_MODEL, COL_STATUS, COL_YEAR = range(6)
HEADERS = {
    COL_NAME: N_("Name"), COL_KIND: N_("Kind"), COL_UNIT: N_("Unit"),
    COL_MODEL: N_("Model type"), COL_STATUS: N_("Status"), COL_YEAR: N_("Year"),
}
# Column → the SQL order of app.services.candidates.SORT_COLUMNS
SORT_KEYS = {COL_NAME: "name", COL_KIND: "kind", COL_UNIT: "unit", COL_STATUS: "status",
             COL_YEAR: "year"}

RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

_QUERIES = ("count_candidates", "find_candidates")


def __getattr__(name: str) -> Any:
    """``count_candidates`` and ``find_candidates`` of :mod:`app.services.candidates`,
    imported on first use (PEP 562) rather than with this module."""
    if name in _QUERIES:
        from app.services import candidates

        value = getattr(candidates, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _query(name: str) -> Any:
    return globals().get(name) or __getattr__(name)


class CandidateTableModel(QAbstractTableModel):
    """Candidates matching a filter; more rows are fetched as the view scrolls."""

    total_changed = Signal(int)
    page_added = Signal()

    def __init__(self, ctx: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx  # None while the window shows the first page read before the ORM
        self._rows: list[CandidateRow] = []
        self._total = 0
        self._filter = CandidateFilter()
        self._order = "name"
        self._descending = False
        self._loading = False
        self._generation = 0
        # No query before the first filter is set: the view's sort settings at start-up
        # (sorting turned on, the sort indicator) only choose the order of the first page.
        self._started = False
        self.model_names: dict[str, str] = {}  # model type code → name, for the tooltip
        # The rows on screen came from the quick read: the ORM's first answer keeps them
        # (no reset: the selection and the scroll stay) when it holds the same lines.
        self._quick = False

    # --- loading -------------------------------------------------------------------------
    def show_first_page(self, total: int, rows: list[CandidateRow]) -> None:
        """Show the register's first page read before the database is open (no filter,
        name order); filters and sorting asked for meanwhile apply once :meth:`attach`
        gives the database."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total
        self.endResetModel()
        self._started = self._quick = True
        self.total_changed.emit(total)

    def attach(self, ctx: Any) -> None:
        """The database is open: later pages, filters and sorting read it."""
        self._ctx = ctx

    def set_filter(self, f: CandidateFilter) -> None:
        self._filter = f
        self._started = True
        self.reload()

    def reload(self) -> None:
        if self._ctx is None:
            return  # before the database is open: attach() reads with what is asked then
        self._generation += 1
        generation = self._generation
        f, order, desc = self._filter, self._order, self._descending

        def query(session: Any) -> tuple[int, list[CandidateRow]]:
            return (_query("count_candidates")(session, f),
                    _query("find_candidates")(session, f, limit=PAGE, order=order,
                                              descending=desc))

        self._loading = True
        DbOp(self, self._ctx, query, write=False).on_success(
            lambda result: self._reset(generation, *result)).run()

    def _reset(self, generation: int, total: int, rows: list[CandidateRow]) -> None:
        self._loading = False
        if generation != self._generation:
            return  # an older query finished after a newer one was started
        if self._quick:
            self._quick = False
            if total == self._total and rows == self._rows:
                # The page on screen is the ORM's own: keep it. A change of layout lets the
                # view fetch the next page if it was scrolled to the bottom meanwhile.
                self.layoutAboutToBeChanged.emit()
                self.layoutChanged.emit()
                self.total_changed.emit(total)
                return
        self.beginResetModel()
        self._rows = rows
        self._total = total
        self.endResetModel()
        self.total_changed.emit(total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return (not parent.isValid() and self._ctx is not None and not self._loading
                and len(self._rows) < self._total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        generation = self._generation
        offset = len(self._rows)
        f, order, desc = self._filter, self._order, self._descending
        self._loading = True
        DbOp(self, self._ctx, lambda s: _query("find_candidates")(
            s, f, limit=PAGE, offset=offset, order=order, descending=desc), write=False
        ).on_success(lambda rows: self._append(generation, rows)).run()

    def _append(self, generation: int, rows: list[CandidateRow]) -> None:
        self._loading = False
        if generation != self._generation or not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self.page_added.emit()

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def row_of(self, candidate_id: str) -> int:
        """The row showing ``candidate_id`` among those loaded, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == candidate_id), -1)

    # --- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_NAME: row.name, COL_KIND: label(KIND_LABELS, row.kind),
                COL_UNIT: row.unit_name, COL_MODEL: row.model_type or "",
                COL_STATUS: label(STATUS_LABELS, row.status),
                COL_YEAR: str(row.year) if row.year else "",
            }[col]
        if role == SortRole:
            return SORT_KEYS.get(col)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_MODEL and row.model_type:
            return self.model_names.get(row.model_type, row.model_type)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._order, self._descending):
            # The order shown already (the columns' state restored after the tabs are
            # built): reading the page again would only reset the view and its scrolling.
            return
        self._order, self._descending = key, descending
        if self._started:
            self.reload()
