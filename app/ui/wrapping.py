"""Long text in item views wraps instead of being cut (issue 7, point 11).

Qt's table view wraps a cell's text when asked to size its rows, but only for the column
widths of that moment; its tree view does not wrap at all when it measures a row (its
delegate is not told the column's width). ``wrap_rows(view)`` fixes both: rows are measured
at the width their column has now, and measured again each time a column is resized (a
stretched column changes with the window), so a criterion of two lines gets a row of two
lines at 1366×768 and at any other size.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

PADDING = 4  # pixels above and below the lines together: wrapped rows read apart


class WrapDelegate(QStyledItemDelegate):
    """Measures a cell at its column's current width, so wrapped text gets its lines."""

    def __init__(self, view: QAbstractItemView, columns: tuple[int, ...]) -> None:
        super().__init__(view)
        self._view = view
        self._columns = columns

    def _width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        view = self._view
        if isinstance(view, QTreeView):
            width = view.columnWidth(index.column())
            if index.column() == view.header().logicalIndex(0):
                depth, parent = 0, index.parent()
                while parent.isValid():
                    depth, parent = depth + 1, parent.parent()
                width -= view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
            return width
        if isinstance(view, QTableView):
            # The cell is painted inside the grid line: one pixel narrower than its column.
            return view.columnWidth(index.column()) - (1 if view.showGrid() else 0)
        return view.viewport().width()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.column() not in self._columns:
            # A short value ("Đạt", "Có") keeps its one line: measured at its column's
            # width, a column sized to its contents would only get narrower.
            return super().sizeHint(option, index)
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, max(self._width(index), 20), 1 << 16)
        measured.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        size = super().sizeHint(measured, index)
        return QSize(size.width(), size.height() + PADDING)


def wrap_rows(view: QAbstractItemView, *columns: int) -> None:
    """Wrap the long text of ``columns`` in ``view`` and keep each row as tall as it."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setItemDelegate(WrapDelegate(view, columns))
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)
    if isinstance(view, QTreeView):
        view.setUniformRowHeights(False)
        header: Any = view.header()
        timer.timeout.connect(view.doItemsLayout)
    elif isinstance(view, QTableView):
        header = view.horizontalHeader()
        timer.timeout.connect(view.resizeRowsToContents)
    else:
        return
    # Once per burst of resizes (a window being dragged resizes a stretched column many
    # times), and again when rows are added or their text changes.
    header.sectionResized.connect(lambda *_a: timer.start())
    model = view.model()
    for signal in (model.rowsInserted, model.dataChanged, model.modelReset):
        signal.connect(lambda *_a: timer.start())
