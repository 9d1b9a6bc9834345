"""First start: which office does this installation belong to?"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import text
from app.i18n import _
from app.services.reference import set_office_unit
from app.services.units import UnitNode, unit_tree
from app.ui.context import AppContext
from app.ui.ops import DbOp

CodeRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2


class FirstRunDialog(QDialog):
    """Pick this office's administrative unit from the tree (searchable without diacritics)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Welcome to DHTT"))
        self.resize(640, 560)
        intro = QLabel(_("Which office does this computer belong to? Choose your province, "
                         "district or commune; its data will be kept in this file."))
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type a name, e.g. ia grai"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Administrative unit"), _("Code")])
        self.tree.setColumnWidth(0, 440)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        from app.ui.accounts.first_admin import FirstAdminFields

        self.admin = FirstAdminFields()
        layout.addWidget(self.admin)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._filter)
        self.tree.currentItemChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_args: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.chosen_code: str | None = None
        DbOp(self, ctx, unit_tree, write=False).on_success(self._fill).run()

    def _fill(self, roots: list[UnitNode]) -> None:
        # Current units (the post-2025 province) first, the former structure after.
        ordered = sorted(roots, key=lambda n: n.retired)
        for node in ordered:
            self.tree.addTopLevelItem(self._item(node))
        for i in range(self.tree.topLevelItemCount()):
            self.tree.topLevelItem(i).setExpanded(True)

    def _item(self, node: UnitNode) -> QTreeWidgetItem:
        label = node.label + (_(" (dissolved or merged)") if node.retired else "")
        item = QTreeWidgetItem([label, node.code])
        item.setData(0, CodeRole, node.code)
        item.setData(0, SearchRole, text.fold(node.label))
        if node.retired:
            item.setForeground(0, QBrush(QColor("#777777")))
        for child in node.children:
            if child.level != "village":
                item.addChild(self._item(child))
        return item

    def _filter(self, query: str) -> None:
        terms = text.search_terms(query)

        def visit(item: QTreeWidgetItem) -> bool:
            own = all(t in item.data(0, SearchRole) for t in terms)
            child_match = False
            for i in range(item.childCount()):
                child_match = visit(item.child(i)) or child_match
            visible = own or child_match
            item.setHidden(not visible)
            if terms and child_match:
                item.setExpanded(True)
            return visible

        first = None
        for i in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(i))
        if terms:
            iterator = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
            while iterator:
                item = iterator.pop(0)
                if not item.isHidden() and all(t in item.data(0, SearchRole) for t in terms):
                    first = item
                    break
                iterator[0:0] = [item.child(i) for i in range(item.childCount())]
            if first is not None:
                self.tree.setCurrentItem(first)
                self.tree.scrollToItem(first)

    def _selection_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(current is not None and not current.isHidden())

    def accept(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        code = item.data(0, CodeRole)
        admin = self.admin.values()
        if admin is None:
            return

        def save(session: object) -> str:
            set_office_unit(session, code)  # type: ignore[arg-type]
            self.admin.create(session, admin, code)
            return code

        def saved(value: str) -> None:
            self.chosen_code = value
            self.ctx.office_unit_code = value
            self.admin.sign_in(self.ctx, admin)
            super(FirstRunDialog, self).accept()

        DbOp(self, self.ctx, save).on_success(saved).on_failure(
            self.admin.error.show_failure_for(self.ctx)).run()
