"""Criteria checklists: the set in force, the computed result, versions, a unit's own criteria."""

from datetime import date

import pytest

from app.errors import InputError
from app.models import Verdict
from app.services.assessments import (
    CriterionInput,
    add_unit_criteria,
    assessment_history,
    checklist_for,
    compute_result,
    edit_criteria,
    save_assessment,
)
from app.services.register import CandidateInput, save_candidate


def make(db, unit="628", model="3.1.7", name="Chi bộ thôn Plei Ơi"):
    with db.transaction() as s:
        return save_candidate(s, CandidateInput(kind="collective", unit_code=unit,
                                                display_name=name, model_type_code=model)).candidate_id


def test_checklist_is_the_plans_criteria_and_the_result_is_computed(db):
    cid = make(db)
    with db.session() as s:
        checklist = checklist_for(s, cid)
    # the corrected 3.1.7 (plan III.3, migration 0009): the 70 % / 100 % clause is one item
    assert len(checklist.items) == 7 and checklist.items[4].text.startswith(
        "Tập thể cơ quan, đơn vị có trên 70% cán bộ, đảng viên")
    for item in checklist.items:
        item.verdict = Verdict.MET
    assert compute_result(checklist.items, None) == Verdict.MET
    checklist.items[4].verdict = Verdict.PENDING
    assert compute_result(checklist.items, None) == Verdict.PENDING
    checklist.items[4].verdict = Verdict.NOT_MET
    checklist.items[4].note = "Một đồng chí lãnh đạo chưa nêu gương"
    with db.transaction() as s:
        saved = save_assessment(s, checklist, on=date(2024, 5, 2), assessor="cb.huyen")
        assert saved.result == Verdict.NOT_MET


def test_optional_criteria_and_minimum_counts():
    from app.services.assessments import ChecklistItem

    items = [ChecklistItem(str(i), str(i), "x", required=i < 3, verdict=Verdict.MET)
             for i in range(5)]
    items[4].verdict = Verdict.NOT_MET  # optional: does not fail the result
    assert compute_result(items, None) == Verdict.MET
    items[0].verdict = items[1].verdict = Verdict.NOT_MET
    assert compute_result(items, 3) == Verdict.NOT_MET
    assert compute_result(items, 2) == Verdict.MET


def test_editing_a_used_set_makes_version_2_and_history_keeps_version_1(db):
    cid = make(db)
    with db.transaction() as s:
        checklist = checklist_for(s, cid)
        for item in checklist.items:
            item.verdict = Verdict.MET
        save_assessment(s, checklist, on=date(2023, 6, 1))
        old_set = checklist.criteria_set_id
    with db.transaction() as s:
        new = edit_criteria(s, old_set, [CriterionInput("Hoàn thành xuất sắc nhiệm vụ"),
                                         CriterionInput("Không có đảng viên vi phạm")],
                            on=date(2024, 1, 1))
        assert new.id != old_set and new.version == 3  # the plan's are 1 and 2
    with db.session() as s:
        assert [i.text for i in checklist_for(s, cid).items] == [
            "Hoàn thành xuất sắc nhiệm vụ", "Không có đảng viên vi phạm"]
        # an assessment dated before the edit still uses the plan's version 2
        assert len(checklist_for(s, cid, on=date(2023, 12, 31)).items) == 7
        past = assessment_history(s, cid)
    assert past[0].version == 2 and len(past[0].items) == 7


def test_a_units_own_criteria_apply_to_its_candidates_only(db):
    in_ia_grai = make(db, unit="628")
    elsewhere = make(db, unit="622", name="Chi bộ tổ dân phố 3")
    with db.transaction() as s:
        add_unit_criteria(s, "3.1.7", "628",
                          [CriterionInput("Có mô hình dân vận khéo được huyện công nhận")],
                          on=date(2024, 1, 1))
    with db.session() as s:
        assert checklist_for(s, in_ia_grai).items[-1].text.startswith("Có mô hình dân vận khéo")
        assert len(checklist_for(s, in_ia_grai).items) == 8
        assert len(checklist_for(s, elsewhere).items) == 7


def test_assessing_without_a_model_type_is_refused(db):
    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="collective", unit_code="628",
                                               display_name="Tổ tự quản")).candidate_id
    with pytest.raises(InputError) as info, db.session() as s:
        checklist_for(s, cid)
    assert "loại mô hình" in info.value.message()
