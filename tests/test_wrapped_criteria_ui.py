"""Long criteria wrap instead of being cut, with the full text as tooltip, and their rows
are as tall as the wrapped text (issue 7, point 11), at the sizes of a 1366×768 screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QTreeWidget

from app.services.assessments import checklist_for, save_assessment
from app.services.register import CandidateInput, save_candidate

WRAP = int(Qt.TextFlag.TextWordWrap)


def _lines_needed(view, text: str, width: int) -> int:
    """Height of ``text`` wrapped in a cell ``width`` wide in the view's font, measured by
    Qt's font metrics directly (not through the view or its delegate): the style keeps a
    margin on each side of an item's text."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return view.fontMetrics().boundingRect(QRect(0, 0, width - 2 * margin, 10_000), WRAP,
                                           text).height()


def _register_leader(db) -> str:
    with db.transaction() as s:
        return save_candidate(s, CandidateInput(
            kind="individual", unit_code="628", ho="Nguyễn Văn", ten="Hùng", birth_year=1970,
            model_type_code="3.2.1", movement_code="DSVH", year=2022)).candidate_id


def _longest(children):
    return max(children, key=lambda pair: len(pair[1]))


def test_the_criteria_tab_wraps_a_long_criterion_and_gives_its_row_room(qtbot, ctx):
    from app.ui.criteria.tab import CriteriaTab

    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1346, 640)  # the tab's room in a maximised window at 1366×768
    tab.show()
    qtbot.waitExposed(tab)
    tree = tab.tree
    top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).text(0) == "3.2.1")
    tree.scrollToItem(top)
    top.setExpanded(True)
    child, text = _longest([(top.child(i), top.child(i).text(1))
                            for i in range(top.childCount())])
    tree.scrollToItem(child)
    qtbot.wait(10)  # the re-measure after the columns settle
    width = tree.columnWidth(1)
    assert tree.fontMetrics().horizontalAdvance(text) > width  # it cannot fit on one line
    last = tree.columnCount() - 1  # every column on screen, none pushed off to the right
    assert tree.columnViewportPosition(last) + tree.columnWidth(last) <= tree.viewport().width()
    rect = tree.visualItemRect(child)
    line = tree.fontMetrics().lineSpacing()
    assert rect.height() >= max(2 * line, _lines_needed(tree, text, width))
    assert child.toolTip(1) == text
    # A narrower window: the criterion gets more lines, still all of them shown.
    tab.resize(900, 640)
    qtbot.waitUntil(lambda: tree.visualItemRect(child).height()
                    >= _lines_needed(tree, text, tree.columnWidth(1)))


def test_the_checklist_rows_follow_the_wrapped_criterion_at_any_width(qtbot, ctx, db):
    from app.ui.criteria.assessment_dialog import COL_TEXT, AssessmentDialog

    cid = _register_leader(db)
    dialog = AssessmentDialog(ctx, cid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    row, text = _longest([(r, dialog.checklist.items[r].text) for r in range(table.rowCount())])
    line = table.fontMetrics().lineSpacing()

    def fits() -> bool:
        needed = _lines_needed(table, text, table.columnWidth(COL_TEXT) - 1)  # the grid line
        # All its lines, and not a tall empty box measured at some other width.
        return needed <= table.rowHeight(row) <= needed + 2 * line

    qtbot.waitUntil(fits)
    assert table.rowHeight(row) >= 2 * line
    assert table.item(row, COL_TEXT).toolTip() == text
    dialog.resize(720, 640)  # the officer narrows the dialog: the row grows with the lines
    qtbot.waitUntil(fits)
    dialog.resize(1300, 700)
    qtbot.waitUntil(fits)


def test_the_candidate_page_wraps_the_assessed_criteria_with_their_full_text(qtbot, ctx, db):
    from app.ui.candidates.detail import CandidateDetailDialog

    cid = _register_leader(db)
    with db.transaction() as s:
        save_assessment(s, checklist_for(s, cid), on=date(2024, 5, 2), assessor="cb.xa")
    page = CandidateDetailDialog(ctx, cid)
    qtbot.addWidget(page)
    page.resize(900, 620)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(2)
    tree = page.tabs.widget(2)
    assert isinstance(tree, QTreeWidget)
    top = tree.topLevelItem(0)
    assert top.isExpanded()
    child, text = _longest([(top.child(i), top.child(i).text(0))
                            for i in range(top.childCount())])
    tree.scrollToItem(child)

    def width() -> int:  # the criterion's column, less the indentation of a child row
        return tree.columnWidth(0) - 2 * tree.indentation()

    line = tree.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: tree.visualItemRect(child).height()
                    >= max(2 * line, _lines_needed(tree, text, width())))
    assert tree.fontMetrics().horizontalAdvance(text) > width()
    assert child.toolTip(0) == text


def test_editing_a_set_shows_each_long_criterion_whole(qtbot, ctx):
    from app.ui.criteria.edit_dialog import CriteriaEditDialog
    from app.ui.criteria.tab import CriteriaTab

    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    top = next(tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())
               if tab.tree.topLevelItem(i).text(0) == "3.2.1")
    tab.tree.setCurrentItem(top.child(0))
    qtbot.mouseClick(tab.own_button, Qt.MouseButton.LeftButton)  # Thêm tiêu chí riêng…
    dialog = next(d for d in tab.findChildren(CriteriaEditDialog) if d.isVisible())
    table = dialog.table
    row, text = _longest([(r, table.item(r, 0).text()) for r in range(table.rowCount())])
    assert table.item(row, 0).toolTip() == text
    qtbot.waitUntil(lambda: table.rowHeight(row) >= max(
        2 * table.fontMetrics().lineSpacing(),
        _lines_needed(table, text, table.columnWidth(0) - 1)))
