"""The report dialog: its sections as a list that fits, and reopening keeps the last unit,
number and signer (issue 7, point 9)."""

from __future__ import annotations

from conftest import type_text

from PySide6.QtCore import Qt


def test_sections_are_a_list_and_reopening_keeps_unit_number_and_signer(qtbot, ctx):
    from app.ui.awards.report_dialog import ReportDialog

    ctx.office_unit_code = "64"
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 680)
    dialog.show()
    titles = [dialog.section_list.item(i).text() for i in range(dialog.section_list.count())]
    assert len(titles) == 9
    # every title readable at once: the list is as tall as its nine rows
    last = dialog.section_list.visualItemRect(dialog.section_list.item(8))
    assert last.bottom() <= dialog.section_list.viewport().height()
    rect = dialog.section_list.visualItemRect(dialog.section_list.item(6))
    qtbot.mouseClick(dialog.section_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.section_pages.currentWidget() is dialog.edits["lessons"]

    dialog.unit.set_code("23764")
    qtbot.keyClicks(dialog.number, "05/BC-UBND")
    dialog.signer.clear()
    type_text(dialog.signer, "Nguyễn Văn Hùng")
    dialog.keep_texts()
    dialog.close()

    again = ReportDialog(ctx)
    qtbot.addWidget(again)
    assert again.unit.code() == "23764" and again.unit_code == "23764"
    assert again.number.text() == "05/BC-UBND"
    assert again.signer.text() == "Nguyễn Văn Hùng"
    assert "thị trấn Ia Kha" in again.edits["examples"].toPlainText()
