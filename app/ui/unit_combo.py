"""A drop-down that shows the administrative units as a tree (province → district →
commune → village); choosing a unit means "this unit and everything below it"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTreeView, QWidget

from app.i18n import _
from app.services.units import UnitNode, unit_tree

CODE_ROLE = Qt.ItemDataRole.UserRole


class UnitTreeCombo(QComboBox):
    """Emits ``unit_changed(code or "")`` when the user picks a unit."""

    unit_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, all_text: str | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self._tree = QTreeView()
        self._tree.setHeaderHidden(True)
        self._tree.setItemsExpandable(True)
        self._tree.setUniformRowHeights(True)
        self.setModel(self._model)
        self.setView(self._tree)
        self._tree.setMinimumHeight(320)
        self.setMinimumContentsLength(22)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._all_text = all_text or _("All units")
        self._code: str | None = None
        self._items: dict[str, QStandardItem] = {}
        self.set_units([])

    def load(self, session: Any) -> list[UnitNode]:
        """Run in a database operation; pass the result to :meth:`set_units`."""
        return unit_tree(session)

    def set_units(self, roots: list[UnitNode]) -> None:
        self._model.clear()
        self._items.clear()
        everything = QStandardItem(self._all_text)
        everything.setData(None, CODE_ROLE)
        self._model.appendRow(everything)
        grey = QBrush(QColor("#777777"))

        def add(parent: QStandardItem | QStandardItemModel, node: UnitNode) -> None:
            caption = node.label + (_(" (dissolved or merged)") if node.retired else "")
            item = QStandardItem(caption)
            item.setData(node.code, CODE_ROLE)
            item.setToolTip(node.code)
            if node.retired:
                item.setForeground(grey)
            parent.appendRow(item)
            self._items[node.code] = item
            for child in node.children:
                add(item, child)

        for root in roots:
            add(self._model, root)
        self._tree.expandToDepth(0)
        self.setRootModelIndex(QModelIndex())
        self.setCurrentIndex(0)
        self._code = None

    def code(self) -> str | None:
        return self._code

    def set_code(self, code: str | None) -> None:
        """Select ``code`` (None: all units) as if the user had picked it."""
        item = self._items.get(code) if code else None
        index = item.index() if item is not None else self._model.index(0, 0)
        self._select(index)

    def showPopup(self) -> None:  # noqa: N802 - Qt name
        self.setRootModelIndex(QModelIndex())
        item = self._items.get(self._code) if self._code else None
        if item is not None:
            self._tree.setCurrentIndex(item.index())
            self._tree.scrollTo(item.index())
        super().showPopup()

    def hidePopup(self) -> None:  # noqa: N802 - Qt name
        index = self._tree.currentIndex()
        super().hidePopup()
        if index.isValid():
            self._select(index)

    def _select(self, index: QModelIndex) -> None:
        # A QComboBox shows one level; point it at the chosen item's level to display it.
        self.setRootModelIndex(index.parent())
        self.setCurrentIndex(index.row())
        code = index.data(CODE_ROLE)
        if code != self._code:
            self._code = code
            self.unit_changed.emit(code or "")
