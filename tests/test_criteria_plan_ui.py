"""The window shows the corrected criteria: the Tiêu chí tab names each item's subjects,
the assessment of a household of 3.1.10 lists the household clauses in the plan's words
and of a health station the 3.1.5 clause with "không thờ ơ"; a household passes honestly."""

from __future__ import annotations

from sqlalchemy import select

from PySide6.QtCore import Qt

from app.models import Assessment, Verdict
from app.services.register import CandidateInput, save_candidate


def _type(tab, code):
    for i in range(tab.tree.topLevelItemCount()):
        item = tab.tree.topLevelItem(i)
        if item.text(0) == code:
            return item
    raise AssertionError(code)


def test_the_criteria_tab_shows_the_corrected_sets_with_their_subjects(qtbot, ctx):
    from app.ui.criteria.tab import CriteriaTab

    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.tree.headerItem().text(3) == "Đối tượng áp dụng"
    poverty = _type(tab, "3.1.10")
    assert "(phiên bản 3)" in poverty.text(1)
    rows = [(poverty.child(i).text(1), poverty.child(i).text(3))
            for i in range(poverty.childCount())]
    assert rows[0][1] == "Tập thể, hợp tác xã, tổ hợp tác"
    assert rows[1] == ("Hộ gia đình điển hình tích cực lao động, sản xuất kinh doanh, áp dụng "
                       "tiến bộ khoa học kỹ thuật vào lao động, sản xuất, kinh doanh đạt hiệu "
                       "quả cao", "Hộ gia đình")
    assert {s for _t, s in rows[1:]} == {"Hộ gia đình"}
    health = _type(tab, "3.1.5")
    texts = [health.child(i).text(1) for i in range(health.childCount())]
    assert any("không thờ ơ, thương yêu người bệnh" in t for t in texts)
    assert {health.child(i).text(3) for i in range(health.childCount())} == {"Mọi đối tượng"}


def test_a_household_of_3_1_10_is_assessed_on_its_own_clauses_and_passes(qtbot, ctx, db):
    from app.ui.criteria.assessment_dialog import AssessmentDialog

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="household", unit_code="628",
                                               display_name="Hộ ông Rơ Mah Blơi",
                                               model_type_code="3.1.10")).candidate_id
    dialog = AssessmentDialog(ctx, cid)
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert len(texts) == 5 and texts[0].startswith("Hộ gia đình điển hình")
    assert 'Hàng năm gia đình phải đạt danh hiệu “Gia đình văn hóa”' in texts
    assert not any(t.startswith("Tập thể") for t in texts)  # the collective clause is not his
    assert "(phiên bản 3)" in dialog.title.text()
    for row in range(dialog.table.rowCount()):
        combo = dialog.verdict_combo(row)
        combo.setCurrentIndex(combo.findData(Verdict.MET))
    assert "Đạt" in dialog.result.text()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    with db.session() as s:
        saved = s.scalar(select(Assessment))
        assert saved is not None and saved.result == Verdict.MET and len(saved.items) == 5
