"""Registering candidates and moving them through the life cycle."""

import unicodedata
from datetime import date

import pytest
from sqlalchemy import select

from app.errors import InputError
from app.models import Candidate, Status
from app.services.lifecycle import allowed_targets, change_status, history
from app.services.register import CandidateInput, DuplicateWarning, save_candidate


def person(**kw):
    base = dict(kind="individual", unit_code="628", ho="Ksor", ten="H\u2019Lan", gender="nu",
                birth_year=1985, ethnicity="Jrai", model_type_code="3.2.2b",
                movement_code="DSVH", year=2023, summary="Vận động bà con giữ gìn văn hóa")
    base.update(kw)
    return CandidateInput(**base)


def test_a_person_is_stored_normalised_and_searchable(db):
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    with db.transaction() as s:
        result = save_candidate(s, person(ho=nfd, ten_dem="Thị Ánh", ten="Tuyết",
                                          ethnicity="kinh"), user="cb.xa")
    with db.session() as s:
        c = s.get(Candidate, result.candidate_id)
        assert c.display_name == "Nguyễn Thị Ánh Tuyết"
        assert unicodedata.is_normalized("NFC", c.display_name)
        assert c.name_search == "nguyen thi anh tuyet"
        assert c.ethnicity == "Kinh" and c.status == Status.DISCOVERED
        assert c.lead_agency_id is not None  # taken from the movement
        assert [h.to_status for h in history(s, c.id)] == [Status.DISCOVERED]


def test_same_person_same_unit_and_birth_year_is_flagged(db):
    with db.transaction() as s:
        save_candidate(s, person())
    with pytest.raises(DuplicateWarning) as info, db.transaction() as s:
        save_candidate(s, person(ho="KSOR", ten="h'lan"))
    assert "Ksor H'Lan" in info.value.message()
    with db.transaction() as s:
        result = save_candidate(s, person(), allow_duplicate=True)
    assert result.duplicates == ["Ksor H'Lan"]


@pytest.mark.parametrize(("change", "message"), [
    ({"unit_code": "99999"}, "Không có đơn vị hành chính mã 99999"),
    ({"model_type_code": "3.1.4"}, "không dành cho đối tượng này"),
    ({"ethnicity": "Martian"}, "54 dân tộc"),
    ({"ten": "", "ho": "", "display_name": ""}, "tên"),
    ({"birth_year": -5}, "không được là số âm"),
])
def test_bad_input_is_refused_with_a_vietnamese_message(db, change, message):
    with pytest.raises(InputError) as info, db.transaction() as s:
        save_candidate(s, person(**change))
    assert message in info.value.message()
    with db.session() as s:
        assert s.scalar(select(Candidate.id)) is None


def test_life_cycle_forward_back_and_refusals(db):
    with db.transaction() as s:
        cid = save_candidate(s, person(), on=date(2023, 1, 5)).candidate_id
    with db.transaction() as s:
        change_status(s, cid, Status.REGISTERED, on=date(2023, 2, 1), user="cb.xa")
        change_status(s, cid, Status.NURTURING, on=date(2023, 3, 1), user="cb.xa")
    with pytest.raises(InputError) as info, db.transaction() as s:
        change_status(s, cid, Status.REGISTERED, on=date(2023, 4, 1))
    assert "lý do" in info.value.message()
    with pytest.raises(InputError) as info, db.transaction() as s:
        change_status(s, cid, Status.REPLICATING, on=date(2023, 4, 1))
    assert "không thể chuyển" in info.value.message()
    with db.transaction() as s:
        change_status(s, cid, Status.REGISTERED, on=date(2023, 4, 1), user="cb.huyen",
                      reason="Hồ sơ thiếu biên bản")
    with db.session() as s:
        steps = [(h.to_status, h.user_name, h.reason) for h in history(s, cid)]
    assert steps == [(Status.DISCOVERED, "", ""), (Status.REGISTERED, "cb.xa", ""),
                     (Status.NURTURING, "cb.xa", ""),
                     (Status.REGISTERED, "cb.huyen", "Hồ sơ thiếu biên bản")]


def test_failed_only_after_evaluation_and_reopen_needs_a_reason():
    assert Status.FAILED not in allowed_targets(Status.NURTURING)
    assert Status.FAILED in allowed_targets(Status.EVALUATING)
    assert allowed_targets(Status.WITHDRAWN) == [Status.REGISTERED, Status.NURTURING]
