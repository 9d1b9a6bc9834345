"""Criteria faithful to plan III.3: each item shown and judged only for the kinds it applies
to (3.1.10), the corrected texts (3.1.6, 3.2.1, 3.2.2a), "không áp dụng" with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.errors import InputError
from app.models import Assessment, Verdict
from app.services.assessments import checklist_for, compute_result, save_assessment
from app.services.register import CandidateInput, save_candidate


def _candidate(db, kind: str, model: str, name: str) -> str:
    with db.transaction() as s:
        return save_candidate(s, CandidateInput(kind=kind, unit_code="23788", display_name=name,
                                                model_type_code=model)).candidate_id


def test_poverty_model_shows_households_their_clauses_and_collectives_theirs(db):
    household = _candidate(db, "household", "3.1.10", "Hộ ông Rơ Mah Blơi")
    collective = _candidate(db, "collective", "3.1.10", "Công ty TNHH Cà phê Ia Chia")
    with db.session() as s:
        h = checklist_for(s, household)
        c = checklist_for(s, collective)
    assert h.version == 3 and c.version == 3  # 2: issue 8, 3: word by word (0009)
    assert [i.text for i in c.items] == [
        "Tập thể cơ quan, đơn vị, doanh nghiệp có nhiều việc làm thiết thực, tham gia đóng góp "
        "của cải, vật chất, hỗ trợ giúp đỡ địa phương, cộng đồng trong công tác giảm nghèo "
        "bền vững"]
    assert len(h.items) == 5 and any("cao nhất" in i.text for i in h.items)
    # each can honestly pass
    for checklist in (h, c):
        for item in checklist.items:
            item.verdict = Verdict.MET
        assert compute_result(checklist.items, checklist.min_passed) == Verdict.MET


def test_corrected_texts_say_what_the_plan_says(db):
    person = _candidate(db, "individual", "3.2.1", "Nguyễn Thị Ánh")
    worker = _candidate(db, "individual", "3.2.2a", "Trần Văn Dũng")
    police = _candidate(db, "collective", "3.1.6", "Công an xã Ia Chia")
    with db.session() as s:
        p = [i.text for i in checklist_for(s, person).items]
        w = [i.text for i in checklist_for(s, worker).items]
        q = [i.text for i in checklist_for(s, police).items]
    assert "Hằng năm hoàn thành xuất sắc nhiệm vụ được giao" not in p  # an example, not an item
    assert any("ý thức trách nhiệm với tập thể, với cộng đồng" in t for t in p)
    assert any(t.startswith("Cá nhân giữ chức vụ lãnh đạo, quản lý các ngành các cấp: phải là "
                            "người luôn nêu cao trách nhiệm")
               for t in p)
    assert "Sáng tạo, có cách làm hay mang lại hiệu quả ở đơn vị, địa phương" in w
    assert any("Xây dựng phong cách người Công an Nhân dân bản lĩnh, nhân văn, vì Nhân dân "
               "phục vụ" in t for t in q)


def test_not_applicable_needs_a_reason_and_is_left_out_of_the_result(db):
    person = _candidate(db, "individual", "3.2.1", "Nguyễn Thị Ánh")
    with db.session() as s:
        checklist = checklist_for(s, person)
    for item in checklist.items:
        item.verdict = Verdict.MET
    leaders = [i for i in checklist.items if i.text.startswith("Cá nhân giữ chức vụ")]
    assert len(leaders) == 3
    for item in leaders:
        item.verdict = Verdict.NOT_APPLICABLE
    with db.transaction() as s, pytest.raises(InputError) as err:
        save_assessment(s, checklist, on=date(2025, 3, 1))
    assert "không áp dụng" in err.value.message() and leaders[0].code in err.value.message()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0  # nothing half-saved
    for item in leaders:
        item.note = "Không giữ chức vụ lãnh đạo, quản lý"
    with db.transaction() as s:
        saved = save_assessment(s, checklist, on=date(2025, 3, 1))
        assert saved.result == Verdict.MET
        assert {i.verdict for i in saved.items} == {Verdict.MET, Verdict.NOT_APPLICABLE}
