"""The one unit chooser of the program (form, filters, reports, replication).

A drop-down showing the chosen unit with its parent ("Xã Ia Dêr – huyện Ia Grai"); its
pop-up holds a search box (any word, without diacritics: "ia der" finds "Xã Ia Dêr") and
the units as a tree (province → district → commune → village). A click on a branch's
arrow opens the branch; a click on a name chooses it. Official codes are shown, never the
program's keys ("23872", not "23872-2025")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import text
from app.i18n import _

if TYPE_CHECKING:  # the services load with the ORM, after the register's first page
    from app.services.unit_choices import UnitChoice

CODE_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
GREY = QColor("#777777")


class UnitPicker(QWidget):
    """A search box over the tree of units (in the chooser's pop-up, and in the first-run
    dialog). ``chosen`` on a click on a name or Enter; a click on an arrow opens the
    branch."""

    chosen = Signal(object)  # the code, or None for "all units"
    current_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type part of the name, diacritics not needed…"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeView()
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.model = QStandardItemModel(self)
        self.tree.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self.apply_search)
        self.search.installEventFilter(self)
        # clicked is not emitted for a click on a branch's arrow: that one only expands it.
        self.tree.clicked.connect(self._clicked)
        self.tree.activated.connect(self._clicked)
        self.tree.selectionModel().currentChanged.connect(
            lambda index, _old: self.current_changed.emit(
                index.siblingAtColumn(0).data(CODE_ROLE) if index.isValid() else None))

    def fill(self, choices: list[UnitChoice], everything: str | None) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_("Administrative unit"), _("Code")])
        if everything is not None:
            item = QStandardItem(everything)
            item.setData(None, CODE_ROLE)
            item.setData("", SEARCH_ROLE)
            self.model.appendRow([item, QStandardItem("")])
        items: dict[str, list[QStandardItem]] = {}
        for choice in choices:
            caption = choice.label + (_(" (dissolved or merged)") if choice.retired else "")
            item = QStandardItem(caption)
            item.setData(choice.code, CODE_ROLE)
            item.setData(choice.search, SEARCH_ROLE)
            item.setToolTip(choice.caption)
            code_item = QStandardItem(choice.official_code)
            if choice.retired:
                item.setForeground(QBrush(GREY))
                code_item.setForeground(QBrush(GREY))
            items[choice.code] = [item, code_item]
        # Attached once all exist: a parent may sort after its children.
        for choice in choices:
            parent = items.get(choice.parent_code or "")
            (parent[0] if parent else self.model.invisibleRootItem()).appendRow(
                items[choice.code])
        self._items = {code: pair[0] for code, pair in items.items()}
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.expandToDepth(0)

    def item_of(self, code: str | None) -> QStandardItem | None:
        return self._items.get(code) if code else None

    def apply_search(self, query: str) -> None:
        """Hide the units not matching every word typed (their parents stay, to show where
        a match is); the first match becomes current."""
        terms = text.fold(query).split()
        first: list[Any] = []

        def walk(parent: QStandardItem) -> bool:
            any_visible = False
            for row in range(parent.rowCount()):
                item = parent.child(row, 0)
                own = all(t in (item.data(SEARCH_ROLE) or "") for t in terms)
                if own and terms and not first and item.data(CODE_ROLE):
                    first.append(item.index())
                below = walk(item)
                visible = own or below
                self.tree.setRowHidden(row, parent.index(), not visible)
                any_visible = any_visible or visible
            return any_visible

        walk(self.model.invisibleRootItem())
        if terms:
            self.tree.expandAll()
            if first:
                self.tree.setCurrentIndex(first[0])
                self.tree.scrollTo(first[0])
        else:
            self.tree.collapseAll()
            self.tree.expandToDepth(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._clicked(self.tree.currentIndex())
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.tree.setFocus()
                return False
        return super().eventFilter(watched, event)

    def _clicked(self, index: Any) -> None:
        if not index.isValid():
            return
        self.chosen.emit(index.siblingAtColumn(0).data(CODE_ROLE))

    def current_code(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid() or self.tree.isRowHidden(index.row(), index.parent()):
            return None
        return index.siblingAtColumn(0).data(CODE_ROLE)

    def set_current(self, code: str | None) -> None:
        self.search.clear()
        item = self.item_of(code)
        if item is not None:
            self.tree.setCurrentIndex(item.index())
            self.tree.scrollTo(item.index())


class UnitPopup(QFrame):
    """The chooser's pop-up: the picker in a frame that stays on screen."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.picker = UnitPicker(self)
        self.search, self.tree, self.model = (self.picker.search, self.picker.tree,
                                              self.picker.model)
        self.chosen = self.picker.chosen
        self.fill = self.picker.fill
        self.apply_search = self.picker.apply_search
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.picker)

    def show_below(self, anchor: QWidget, current: str | None) -> None:
        """Open under ``anchor``, inside the screen's available area."""
        self.picker.set_current(current)
        screen = (anchor.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        width = max(anchor.width(), 420)
        height = min(420, screen.height())
        self.resize(width, height)
        pos = anchor.mapToGlobal(QPoint(0, anchor.height()))
        bottom, right = screen.y() + screen.height(), screen.x() + screen.width()
        if pos.y() + height > bottom:  # no room below: open above
            pos.setY(max(screen.y(), anchor.mapToGlobal(QPoint(0, 0)).y() - height))
        pos.setX(max(screen.x(), min(pos.x(), right - width)))
        self.move(pos)
        self.show()
        frame = self.frameGeometry()  # the platform may add a border: shift back inside
        dx = min(0, right - (frame.x() + frame.width())) + max(0, screen.x() - frame.x())
        dy = min(0, bottom - (frame.y() + frame.height())) + max(0, screen.y() - frame.y())
        if dx or dy:
            self.move(pos.x() + dx, pos.y() + dy)
        self.search.setFocus()


class UnitChooser(QComboBox):
    """Emits ``unit_changed(code or "")`` when the user picks a unit.

    ``everything``: the caption of an entry meaning "no unit chosen" ("All units"); without
    it a unit must be chosen. ``villages``: offer villages. ``retired``: offer units
    dissolved or merged in 2025 (marked); otherwise only the one an old record needs
    (see :meth:`load`)."""

    unit_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, everything: str | None = None, *,
                 villages: bool = False, retired: bool = False) -> None:
        super().__init__(parent)
        self._everything = everything
        self.villages = villages
        self.retired = retired
        self.keep: str | None = None
        self._choices: dict[str, UnitChoice] = {}
        self._code: str | None = None
        self._shown = QStandardItemModel(self)
        self.setModel(self._shown)
        self.setMinimumContentsLength(22)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.popup = UnitPopup(self)
        self.popup.chosen.connect(self._picked)
        self.set_units([])

    def load(self, session: Any) -> list[UnitChoice]:
        """Run in a database operation; pass the result to :meth:`set_units`."""
        from app.services.unit_choices import unit_choices

        return unit_choices(session, villages=self.villages, retired=self.retired,
                            keep=self.keep)

    def set_units(self, choices: list[UnitChoice]) -> None:
        self._choices = {c.code: c for c in choices}
        self.popup.fill(choices, self._everything)
        self._show(self._code if self._code in self._choices else None)

    def choices(self) -> list[UnitChoice]:
        return list(self._choices.values())

    def code(self) -> str | None:
        return self._code

    def set_code(self, code: str | None) -> None:
        """Select ``code`` (None: all units) as if the user had picked it."""
        self._picked(code if code in self._choices else None, hide=False)

    def showPopup(self) -> None:  # noqa: N802 - Qt name
        self.popup.show_below(self, self._code)

    def hidePopup(self) -> None:  # noqa: N802 - Qt name
        self.popup.hide()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        self.popup.hide()  # a chooser closed with its dialog takes its pop-up along
        super().hideEvent(event)

    def _picked(self, code: str | None, hide: bool = True) -> None:
        if hide:
            self.popup.hide()
        if code is None and self._everything is None and self._choices:
            return  # a unit must be chosen here
        changed = code != self._code
        self._show(code)
        if changed:
            self.unit_changed.emit(code or "")

    def _show(self, code: str | None) -> None:
        self._shown.clear()
        choice = self._choices.get(code) if code else None
        if choice is not None:
            caption = choice.caption + (_(" (dissolved or merged)") if choice.retired else "")
        else:
            caption = self._everything or _("Choose a unit…")
        item = QStandardItem(caption)
        item.setData(code, CODE_ROLE)
        if choice is not None:
            item.setToolTip(_("{unit} (code {code})").format(unit=choice.caption,
                                                             code=choice.official_code)
                            if choice.official_code else choice.caption)
        self._shown.appendRow(item)
        self.setCurrentIndex(0)
        self._code = code


class UnitTreeCombo(UnitChooser):
    """A filter's chooser: "All units" on top, former units included (old records)."""

    def __init__(self, parent: QWidget | None = None, all_text: str | None = None) -> None:
        super().__init__(parent, all_text or _("All units"), retired=True)
