"""The one unit chooser: search without diacritics on any word, the commune with its
parent, official codes only, the arrow opens a branch, the pop-up stays on screen (issue 7,
point 7)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from app.models import UnitLevel
from app.services.unit_choices import unit_choices
from app.ui.unit_combo import CODE_ROLE, UnitChooser, UnitTreeCombo


def _chooser(qtbot, db, widget):
    qtbot.addWidget(widget)
    with db.session() as s:
        widget.set_units(widget.load(s))
    widget.resize(300, 28)
    widget.show()
    return widget


def _popup_texts(popup):
    model = popup.model
    out = []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            for col in range(2):
                out.append(model.index(row, col, parent).data())
            walk(model.index(row, 0, parent))

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def test_typing_part_of_a_name_without_diacritics_finds_the_commune(qtbot, db):
    chooser = _chooser(qtbot, db, UnitTreeCombo())
    picked = []
    chooser.unit_changed.connect(picked.append)
    chooser.showPopup()
    popup = chooser.popup
    assert popup.isVisible() and popup.search.hasFocus()
    qtbot.keyClicks(popup.search, "ia der")
    assert popup.tree.currentIndex().data() == "Xã Ia Dêr (đã giải thể/sáp nhập)"
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert picked == ["23785"] and chooser.code() == "23785"
    # The commune with its parent, and marked as a former unit.
    assert chooser.currentText() == "Xã Ia Dêr – huyện Ia Grai (đã giải thể/sáp nhập)"


def test_no_internal_key_on_screen_and_villages_only_where_asked(qtbot, db):
    form_chooser = _chooser(qtbot, db, UnitChooser(villages=True))
    texts = [t for t in _popup_texts(form_chooser.popup) if t]
    assert not [t for t in texts if "-2025" in t]
    assert "23764" in texts  # the new Xã Ia Grai shows its official code
    with db.session() as s:
        reports = unit_choices(s, villages=False, retired=True)
    assert not [c for c in reports if c.level == UnitLevel.VILLAGE]
    # Current units only in a form for a new record: no former district.
    assert not [c for c in form_chooser.choices() if c.retired]


def test_a_click_on_the_arrow_opens_the_branch_instead_of_choosing(qtbot, db):
    chooser = _chooser(qtbot, db, UnitTreeCombo())
    chooser.showPopup()
    tree = chooser.popup.tree
    province = next(tree.model().index(r, 0) for r in range(tree.model().rowCount())
                    if tree.model().index(r, 0).data(CODE_ROLE) == "52")
    tree.collapse(province)
    rect = tree.visualRect(province)
    arrow = QPoint(rect.left() - tree.indentation() // 2, rect.center().y())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=arrow)
    assert tree.isExpanded(province)
    assert chooser.popup.isVisible() and chooser.code() is None
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not chooser.popup.isVisible() and chooser.code() == "52"


def test_the_pop_up_stays_on_screen_near_the_bottom_edge(qtbot, db):
    chooser = _chooser(qtbot, db, UnitTreeCombo())
    screen = QGuiApplication.primaryScreen().availableGeometry()
    chooser.move(screen.right() - 100, screen.bottom() - 40)
    chooser.showPopup()
    geometry = chooser.popup.frameGeometry()
    chooser.hidePopup()
    assert screen.contains(geometry), (screen, geometry)
