"""Worked examples of both shipped schemes: pass marks by area class, the per-standard
minimum share, thresholds by area class, the commune's own poverty rate."""

from __future__ import annotations

import pytest

from app.models.villages import AreaClass
from app.services.villages import engine, schemes

ND122_ITEMS = ["I.1", "I.2", "II.1", "II.2", "II.3", "III.1", "III.2", "IV.1", "IV.2",
               "V.1", "V.2"]


@pytest.fixture
def rules(db):
    with db.transaction() as session:
        schemes.ensure_shipped(session)
        ids = {s.code: s.id for s in schemes.list_schemes(session)}
        nd86 = schemes.set_thresholds(session, ids[schemes.ND86], {
            "I.1": {AreaClass.ORDINARY: 70, AreaClass.DIFFICULT: 60},
            "I.3": {AreaClass.ORDINARY: 15},
            "II.2": {AreaClass.ORDINARY: 95}, "II.3": {AreaClass.ORDINARY: 70},
            "II.4": {AreaClass.ORDINARY: 80}})
        return {"nd122": schemes.load_rules(session, ids[schemes.ND122]),
                "nd86": schemes.load_rules(session, nd86)}


def points(*values):
    return dict(zip(ND122_ITEMS, values, strict=True))


def test_nd122_village_of_84_points_passes(rules):
    r = engine.evaluate(rules["nd122"], AreaClass.ORDINARY,
                        points(9, 8, 8, 7, 6, 8, 8, 9, 8, 7, 6), {})
    assert (r.status, r.points, r.failed) == ("dat", 84, [])


def test_nd122_pass_mark_depends_on_the_area_class(rules):
    seventy = points(7, 7, 7, 6, 5, 7, 7, 7, 7, 5, 5)
    ordinary = engine.evaluate(rules["nd122"], AreaClass.ORDINARY, seventy, {})
    assert ordinary.status == "khong_dat" and ordinary.points == 70
    assert [f.code for f in ordinary.failed] == ["TONG"]
    assert "80" in ordinary.failed[0].reason() and "10" in ordinary.failed[0].reason()
    difficult = engine.evaluate(rules["nd122"], AreaClass.DIFFICULT, seventy, {})
    assert difficult.status == "dat"


def test_nd122_each_standard_needs_half_of_its_points(rules):
    # 92 points in all, but standard V has 7 of its 15 (the minimum is 7.5).
    r = engine.evaluate(rules["nd122"], AreaClass.ORDINARY,
                        points(10, 10, 10, 8, 7, 10, 10, 10, 10, 4, 3), {})
    assert r.points == 92 and r.status == "khong_dat"
    assert [f.code for f in r.failed] == ["V"]
    assert r.failed[0].reason() == "7 trên 15 điểm, dưới mức tối thiểu 7,5 điểm của tiêu chuẩn"


def test_nd122_missing_points_leave_the_village_unscored(rules):
    values = points(9, 8, 8, 7, 6, 8, 8, 9, 8, 7, 6)
    values["III.2"] = None
    assert engine.evaluate(rules["nd122"], AreaClass.ORDINARY, values, {}).status == "chua_cham"


def _nd86_village(employed=150, poor=10, near=5, cultural=80):
    values = {code: 1.0 for code in ("I.4", "I.5", "II.1", "II.5", "III.1", "III.2", "III.3",
                                     "IV.2", "V.1", "V.2")}
    values["IV.3"] = 0.0
    stats = {"households": 100.0, "poor_households": float(poor),
             "near_poor_households": float(near), "cultural_households": float(cultural),
             "working_age": 200.0, "employed": float(employed), "school_age": 40.0,
             "at_school": 39.0, "civilised_households": 85.0, "social_evils": 0.0,
             "serious_crimes": 0.0}
    return values, stats


def test_nd86_share_threshold_depends_on_the_area_class(rules):
    values, stats = _nd86_village(employed=130)  # 65 % with jobs
    refs = {"I.2": 20.0}
    ordinary = engine.evaluate(rules["nd86"], AreaClass.ORDINARY, values, stats, refs)
    assert ordinary.status == "khong_dat" and ordinary.points is None
    assert [(f.code, f.reason()) for f in ordinary.failed] == [
        ("I.1", "tỷ lệ 65 % thấp hơn mức yêu cầu 70 % (thiếu 5 điểm phần trăm)")]
    difficult = engine.evaluate(rules["nd86"], AreaClass.DIFFICULT, values, stats, refs)
    assert difficult.status == "dat"
    # An urban ward without a threshold of its own uses the ordinary one.
    assert engine.evaluate(rules["nd86"], AreaClass.URBAN, values, stats, refs).status == "khong_dat"


def test_nd86_poverty_rate_must_be_below_the_communes(rules):
    a_values, a_stats = _nd86_village(poor=10, near=0)
    b_values, b_stats = _nd86_village(poor=30, near=0)
    refs = engine.commune_references(rules["nd86"], [a_stats, b_stats])
    assert refs == {"I.2": 20.0}  # 40 poor households of 200
    assert engine.evaluate(rules["nd86"], AreaClass.ORDINARY, a_values, a_stats, refs).status == "dat"
    b = engine.evaluate(rules["nd86"], AreaClass.ORDINARY, b_values, b_stats, refs)
    assert [f.code for f in b.failed] == ["I.2", "I.3"]  # and 30 % poor + near-poor > 15 %
    assert "20 %" in b.failed[0].reason()


def test_nd86_disqualifier_fails_whatever_else(rules):
    values, stats = _nd86_village()
    values["IV.3"] = 1.0
    r = engine.evaluate(rules["nd86"], AreaClass.ORDINARY, values, stats, {"I.2": 20.0})
    assert [f.code for f in r.failed] == ["IV.3"]


def test_shipped_nd86_thresholds_wait_for_the_province(db):
    with db.transaction() as session:
        schemes.ensure_shipped(session)
        schemes.ensure_shipped(session)  # twice adds nothing
        listed = {s.code: s for s in schemes.list_schemes(session)}
        assert len(listed) == 2
        rules = schemes.load_rules(session, listed[schemes.ND86].id)
    values, stats = _nd86_village()
    r = engine.evaluate(rules, AreaClass.ORDINARY, values, stats, {"I.2": 20.0})
    assert r.status == "chua_cham"
    assert {f.code for f in r.missing} == {"I.1", "I.3", "II.2", "II.3", "II.4"}
    assert "tỉnh quy định" in r.missing[0].reason()
    assert listed[schemes.ND86].unset_thresholds == 5
    assert [len(s.items) for s in rules.standards] == [5, 6, 3, 3, 2]


def test_a_scheme_used_for_a_year_becomes_a_new_version(db):
    from app.models import AdminUnit, VillageScore

    with db.transaction() as session:
        schemes.ensure_shipped(session)
        nd86 = schemes.scheme_for_year(session, 2024)
        assert nd86.code == schemes.ND86
        same = schemes.set_thresholds(session, nd86.id, {"I.1": {AreaClass.ORDINARY: 70}})
        assert same == nd86.id  # unused: edited in place
        commune = session.query(AdminUnit).filter_by(level="commune").first()
        session.add(AdminUnit(code="V1", name="1", unit_type="Thôn", level="village",
                              parent_code=commune.code))
        session.flush()
        session.add(VillageScore(village_code="V1", year=2024, scheme_id=nd86.id))
        session.flush()
        newer = schemes.set_thresholds(session, nd86.id, {"I.1": {AreaClass.ORDINARY: 75}})
        assert newer != nd86.id
        old = schemes.load_rules(session, nd86.id)
        new = schemes.load_rules(session, newer)
        assert (old.version, new.version) == (1, 2)
        assert old.items[0].thresholds[AreaClass.ORDINARY] == 70
        assert new.items[0].thresholds[AreaClass.ORDINARY] == 75
        assert schemes.scheme_for_year(session, 2025).id == newer
        assert schemes.scheme_for_year(session, 2023).code == schemes.ND122


def test_pass_marks_edited_make_a_new_version_only_when_they_change(db):
    with db.transaction() as session:
        schemes.ensure_shipped(session)
        nd122 = schemes.scheme_for_year(session, 2023)
        from app.models import AdminUnit, VillageScore

        commune = session.query(AdminUnit).filter_by(level="commune").first()
        session.add(AdminUnit(code="V1", name="1", unit_type="Thôn", level="village",
                              parent_code=commune.code))
        session.flush()
        session.add(VillageScore(village_code="V1", year=2023, scheme_id=nd122.id))
        session.flush()
        same = schemes.set_points_rules(session, nd122.id, {AreaClass.ORDINARY: 80,
                                                            AreaClass.DIFFICULT: 60,
                                                            AreaClass.URBAN: 80}, 0.5)
        assert same == nd122.id
        newer = schemes.set_points_rules(session, nd122.id, {AreaClass.ORDINARY: 85,
                                                             AreaClass.DIFFICULT: 60}, 0.5)
        rules = schemes.load_rules(session, newer)
    assert newer != nd122.id and rules.version == 2
    assert rules.pass_mark(AreaClass.ORDINARY) == 85
    assert rules.pass_mark(AreaClass.URBAN) == 85  # no mark of its own: the ordinary one
