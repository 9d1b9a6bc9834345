"""The grid service and the yearly procedure: checks as typed, states, locking, history."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.errors import InputError
from app.models import VillageScore
from app.models.villages import ReviewState, VillageReviewEvent
from app.services.villages import grid, history, procedure, rollup, schemes
from app.services.villages.grid import SELF, Entry
from tests.villages_helpers import COMMUNE, ND122_ITEMS, add_villages

YEAR = 2023  # scored with the 100-point scheme


def _score_all(session, codes, marks):
    """Type ``marks`` (item → points) for every village as the council, and 1 point less
    as the village's own assessment of I.1."""
    entries = []
    for code, values in zip(codes, marks, strict=True):
        for item, value in zip(ND122_ITEMS, values, strict=True):
            entries.append(Entry(code, item=item, value=value))
            entries.append(Entry(code, item=item, value=value, assessor=SELF))
    return grid.save_entries(session, COMMUNE, YEAR, entries)


GOOD = (9, 8, 8, 7, 6, 8, 8, 9, 8, 7, 6)  # 84
WEAK = (7, 7, 7, 6, 5, 7, 7, 7, 7, 5, 5)  # 70


@pytest.fixture
def commune(db):
    with db.transaction() as session:
        schemes.ensure_shipped(session)
        codes = add_villages(session, 3, difficult=(f"{COMMUNE}.03",))
    return codes


def test_typed_points_give_each_village_its_result_and_reason(db, commune):
    with db.transaction() as session:
        g = _score_all(session, commune, [GOOD, WEAK, WEAK])
    results = {r.code: r.result["council"] for r in g.rows}
    assert [results[c].status for c in commune] == ["dat", "khong_dat", "dat"]  # .03 difficult
    assert "70 điểm, dưới mức đạt 80 điểm" in results[commune[1]].summary()
    with db.session() as session:
        stored = {s.village_code: (s.reviewed_score, s.passed) for s in
                  session.scalars(select(VillageScore).where(VillageScore.year == YEAR))}
    assert stored == {commune[0]: (84, True), commune[1]: (70, False), commune[2]: (70, True)}


@pytest.mark.parametrize("entry, words", [
    (Entry(f"{COMMUNE}.01", item="V.1", value=9), "mục V.1: điểm phải từ 0 đến 8"),
    (Entry(f"{COMMUNE}.01", stat="poor_households", value=-1), "không được âm"),
    (Entry(f"{COMMUNE}.01", stat="poor_households", value=120), "Hộ nghèo: 120 lớn hơn Số hộ"),
])
def test_bad_values_are_refused_naming_village_and_item(db, commune, entry, words):
    with db.transaction() as session:
        _score_all(session, commune, [GOOD, GOOD, GOOD])
    with pytest.raises(InputError) as err, db.transaction() as session:
        grid.save_entries(session, COMMUNE, YEAR, [Entry(f"{COMMUNE}.02", item="I.1", value=1),
                                                   entry])
    assert words in err.value.message() and "Thôn 1" in err.value.message()
    with db.session() as session:  # nothing saved half-way: .02 keeps its 9 points on I.1
        g = grid.load_grid(session, COMMUNE, YEAR)
    assert g.row(f"{COMMUNE}.02").values["council"]["I.1"] == 9


def test_a_year_outside_the_schemes_validity_is_refused(db, commune):
    with pytest.raises(InputError, match="2010"), db.transaction() as session:
        grid.save_entries(session, COMMUNE, 2010, [Entry(commune[0], item="I.1", value=1)])


def _meeting(codes, votes=(10, 10, 10), **kw):
    data = dict(held_on=date(YEAR, 11, 10), chair="Nguyễn Văn Hùng", secretary="Siu H'Nga",
                invited=15, present=12, votes=dict(zip(codes, votes, strict=True)))
    data.update(kw)
    return procedure.Meeting(**data)


def test_the_year_moves_through_its_states_to_the_decision_and_lock(db, commune):
    with db.transaction() as session:
        _score_all(session, commune, [GOOD, WEAK, WEAK])
        # .03 passed on points but only 6 of 12 present voted for it (60 % needed).
        procedure.record_meeting(session, COMMUNE, YEAR, _meeting(commune, (12, 12, 6)),
                                 user="cb.xa")
        procedure.post_list(session, COMMUNE, YEAR, procedure.Posting(
            "Nhà văn hóa các thôn", date(YEAR, 11, 12)), user="cb.xa")
        procedure.decide(session, COMMUNE, YEAR, procedure.DecisionInfo(
            "15/QĐ-UBND", date(YEAR, 11, 24)), user="ct.xa")
        procedure.lock(session, COMMUNE, YEAR, user="ct.xa")
    with db.session() as session:
        info = procedure.review_info(session, COMMUNE, YEAR)
        scores = {s.village_code: s for s in session.scalars(select(VillageScore))}
    assert info.state == ReviewState.LOCKED
    assert info.posted_to == date(YEAR, 11, 22)  # 10 days by default
    assert info.authority == "Chủ tịch Ủy ban nhân dân cấp huyện"  # before 2025
    assert [(e[1], e[2], e[3]) for e in info.events] == [
        ("nhap", "binh_xet", "cb.xa"), ("binh_xet", "cong_khai", "cb.xa"),
        ("cong_khai", "quyet_dinh", "ct.xa"), ("quyet_dinh", "khoa", "ct.xa")]
    assert [scores[c].passed for c in commune] == [True, False, False]
    assert scores[commune[0]].decision_number == "15/QĐ-UBND"
    assert scores[commune[2]].decision_number is None
    assert "6 trên 12 người dự họp" in json.loads(scores[commune[2]].failed)[-1]["reason"]
    # A locked year refuses edits; an unlock needs a reason and is recorded.
    with pytest.raises(InputError, match="khóa"), db.transaction() as session:
        grid.save_value(session, COMMUNE, YEAR, Entry(commune[1], item="I.1", value=10))
    with pytest.raises(InputError, match="lý do"), db.transaction() as session:
        procedure.unlock(session, COMMUNE, YEAR, "", user="ct.xa")
    with db.transaction() as session:
        procedure.unlock(session, COMMUNE, YEAR, "Sai sót số hộ nghèo của thôn 2", user="ct.xa")
        grid.save_value(session, COMMUNE, YEAR, Entry(commune[1], item="I.1", value=10))
        last = session.scalars(select(VillageReviewEvent).order_by(VillageReviewEvent.at.desc())).first()
        assert (last.to_state, last.reason) == ("nhap", "Sai sót số hộ nghèo của thôn 2")


@pytest.mark.parametrize("change, words", [
    (dict(present=8), "không hợp lệ"),  # 8 of 15 < 60 %
    (dict(present=16), "số người được mời"),
    (dict(votes=(13, 10, 10)), "13 phiếu, nhiều hơn 12 người dự họp"),
])
def test_bad_meetings_are_refused(db, commune, change, words):
    with db.transaction() as session:
        _score_all(session, commune, [GOOD, GOOD, GOOD])
    with pytest.raises(InputError) as err, db.transaction() as session:
        procedure.record_meeting(session, COMMUNE, YEAR, _meeting(commune, **change))
    assert words in err.value.message()
    with db.session() as session:
        assert procedure.review_info(session, COMMUNE, YEAR).state == ReviewState.DRAFT


def test_a_decision_dated_before_the_meeting_is_refused(db, commune):
    with db.transaction() as session:
        _score_all(session, commune, [GOOD, GOOD, GOOD])
        procedure.record_meeting(session, COMMUNE, YEAR, _meeting(commune))
        procedure.post_list(session, COMMUNE, YEAR, procedure.Posting("Nhà văn hóa",
                                                                       date(YEAR, 11, 12)))
    with pytest.raises(InputError, match="trước cuộc họp"), db.transaction() as session:
        procedure.decide(session, COMMUNE, YEAR, procedure.DecisionInfo("1/QĐ-UBND",
                                                                        date(YEAR, 11, 1)))


def test_consecutive_years_and_the_window_rule():
    years = {2019: True, 2020: False, 2021: True, 2022: True, 2023: True, 2024: True,
             2025: True, 2026: True}
    assert history.consecutive_years(years, 2025) == 5
    assert history.consecutive_years(years, 2024) == 4
    assert history.consecutive_years(years, 2026) == 6
    # Honoured for 2021–2025: not again for 2022–2026, nor 2025–2029; again for 2026–2030.
    assert history.window_overlaps([2025], 2026, 5)
    assert history.window_overlaps([2025], 2029, 5)
    assert not history.window_overlaps([2025], 2030, 5)


def test_honour_candidates_are_capped_and_ranked_by_votes(db):
    from app.models import Award

    with db.transaction() as session:
        schemes.ensure_shipped(session)
        codes = add_villages(session, 8)
        nd = schemes.scheme_for_year(session, 2023)
        for n, code in enumerate(codes):
            for y in range(2021, 2026):
                session.add(VillageScore(village_code=code, year=y, scheme_id=nd.id,
                                         passed=not (n == 7 and y == 2023), votes_for=10 + n))
        session.flush()
        found = history.honour_candidates(session, COMMUNE, 2025)
        # 7 eligible (village 8 lost 2023); 15 % of 7 is 1: the one with most votes.
        assert len(found) == 7
        assert [c.code for c in found if c.proposed] == [codes[6]]
        ids = history.propose_honours(session, COMMUNE, 2025)
        award = session.get(Award, ids[0])
        assert (award.village_code, award.year, award.status) == (codes[6], 2025, "proposed")
        # Honoured for 2021–2025: not a candidate for 2022–2026 any more.
        for code in codes:
            session.add(VillageScore(village_code=code, year=2026, scheme_id=nd.id, passed=True,
                                     votes_for=1))
        session.flush()
        assert codes[6] not in [c.code for c in history.honour_candidates(session, COMMUNE, 2026)]


def test_rollup_agrees_with_the_grid_and_the_reviews(db, commune):
    from app.services.review_figures import review_figures

    with db.transaction() as session:
        _score_all(session, commune, [GOOD, WEAK, WEAK])
    with db.session() as session:
        (row,) = rollup.rollup(session, YEAR, "628")
        g = grid.load_grid(session, COMMUNE, YEAR)
        figures = review_figures(session, "628", "tong_ket")
    passed = sum(1 for r in g.rows if r.result["council"].status == "dat")
    assert (row.villages, row.scored, row.passed, row.share) == (3, 3, passed, 66.7)
    assert (YEAR, 3, passed) in figures.villages_by_year


def test_scores_belong_to_the_commune_and_decisions_to_its_leader(db, commune):
    from app.services.access import AccessDenied, Actor, Role, act_as

    with db.transaction() as session:
        _score_all(session, commune, [GOOD, GOOD, GOOD])
        procedure.record_meeting(session, COMMUNE, YEAR, _meeting(commune))
        procedure.post_list(session, COMMUNE, YEAR, procedure.Posting("Nhà văn hóa",
                                                                       date(YEAR, 11, 12)))
    other = Actor("cb.iaba", Role.COMMUNE_STAFF, "23771")
    with pytest.raises(AccessDenied), db.session() as session:
        grid.load_grid(act_as(session, other), COMMUNE, YEAR)
    staff = Actor("cb.iakha", Role.COMMUNE_STAFF, COMMUNE)
    with db.session() as session:
        assert len(grid.load_grid(act_as(session, staff), COMMUNE, YEAR).rows) == 3
    with pytest.raises(AccessDenied), db.transaction() as session:
        procedure.decide(act_as(session, staff), COMMUNE, YEAR,
                         procedure.DecisionInfo("1/QĐ-UBND", date(YEAR, 11, 24)))
    with pytest.raises(AccessDenied), db.transaction() as session:
        schemes.set_thresholds(act_as(session, staff), schemes.scheme_for_year(session, 2025).id,
                               {"I.1": {"binh_thuong": 50}})
    leader = Actor("ct.iakha", Role.COMMUNE_LEADER, COMMUNE)
    with db.transaction() as session:
        procedure.decide(act_as(session, leader), COMMUNE, YEAR,
                         procedure.DecisionInfo("1/QĐ-UBND", date(YEAR, 11, 24)))
        info = procedure.review_info(session, COMMUNE, YEAR)
    assert info.state == ReviewState.DECIDED and info.events[-1][3] == "ct.iakha"


def test_deadline_note_names_the_communes_without_a_decision(db, commune):
    from app.services.villages import overview

    with db.session() as session:
        note = overview.deadline_note(session, "628", today=date(2023, 11, 20))
    assert (note.year, note.deadline, note.pending, note.total) == (
        2023, date(2023, 11, 25), ["Thị trấn Ia Kha"], 1)


def test_deadline_note_lists_the_communes_with_villages_as_the_commune_list_has_them(db):
    # The note reads only the communes that have villages (not the province's 1,700): the
    # same communes, in the same order, as the list of communes to choose from.
    from dataclasses import replace as changed

    from app.services.demo import DemoSize, generate
    from app.services.villages import overview

    generate(db, changed(DemoSize.preset("district"), max_communes=6, candidates=50), seed=3)
    with db.session() as session:
        for office in (None, "628", "64"):
            note = overview.deadline_note(session, office, today=date(2026, 11, 20))
            listed = [c.label for c in overview.commune_choices(session, office) if c.villages]
            assert note.pending == listed and note.total == len(listed), office
        assert overview.deadline_note(session, None).total > 1


def test_a_draft_year_keeps_its_values_when_the_scheme_gets_a_new_version(db, commune):
    with db.transaction() as session:
        _score_all(session, commune, [GOOD, GOOD, GOOD])
        old = schemes.scheme_for_year(session, YEAR)
        # Used for 2023 → new version; the draft 2023 grid now uses it and keeps its values.
        newer = schemes.set_points_rules(session, old.id, {"binh_thuong": 90}, 0.5)
        g = grid.load_grid(session, COMMUNE, YEAR)
        assert g.rules.id == newer
        assert g.row(commune[0]).values["council"]["I.1"] == 9
        assert g.row(commune[0]).result["council"].status == "khong_dat"  # 84 < 90
        grid.save_value(session, COMMUNE, YEAR, Entry(commune[0], item="I.1", value=10))
    with db.session() as session:
        g = grid.load_grid(session, COMMUNE, YEAR)
        assert g.row(commune[0]).values["council"]["I.1"] == 10
        assert g.row(commune[1]).values["council"]["II.1"] == 8
        score = session.scalar(select(VillageScore).where(VillageScore.village_code == commune[1]))
        assert score.scheme_id == newer
