"""Reference data from the plan, seeded at creation."""

import json

from sqlalchemy import func, select

from app.models import AdminUnit, Criterion, Milestone, ModelType, Target, UnitLevel
from app.services.reference import initialise, load_units, read_unit_rows


def test_every_target_of_plan_iv1_is_seeded_with_the_plan_numbers(db):
    from app.services.plan import targets_report

    with db.session() as session:
        report = {(t["lead_agency_code"], t["movement_code"]): t["minimums"]
                  for t in targets_report(session)}
    assert len(report) == 14
    assert report[("SVHTTDL", "DSVH")] == {"collectives": 17, "individuals": 17}
    assert report[("SLDTBXH", "VNN")] == {"households": 20}
    assert report[("SKHCN", "SKST")] == {"examples": 10}
    assert report[("LMHTX", "KTHT")] == {"cooperatives": 10, "coop_groups": 10}
    for agency in ("CAT", "BCHQS", "BCHBDBP"):  # the three defence agencies each have their own
        assert report[(agency, "QPAN")] == {"collectives": 10, "individuals": 10}


def test_model_types_have_separate_checkable_criteria(db):
    with db.session() as session:
        codes = list(session.scalars(select(ModelType.code).order_by(ModelType.sort_order)))
        assert codes == [f"3.1.{i}" for i in range(1, 11)] + ["3.2.1", "3.2.2a", "3.2.2b"]
        per_type = dict(session.execute(
            select(ModelType.code, func.count(Criterion.id))
            .join(ModelType.criteria_sets).join(Criterion)
            .group_by(ModelType.code)).all())
        assert all(n >= 3 for n in per_type.values()), per_type
        texts = list(session.scalars(select(Criterion.text)))
    assert any("Trên 70% cán bộ, đảng viên" in t for t in texts)
    assert any("100% cán bộ lãnh đạo" in t for t in texts)
    # one clause of the plan may be long (3.1.6 names four campaigns in one clause, 381
    # characters); a whole paragraph is 500 to 1,500
    assert all(len(t) < 400 for t in texts), "criteria must be split, not whole paragraphs"


def test_phases_and_milestones_of_the_plan(db):
    with db.session() as session:
        ms = {m.code: m for m in session.scalars(select(Milestone))}
    assert ms["GD1-KH"].due_date.isoformat() == "2021-08-10"
    assert ms["GD1-SK"].due_date.isoformat() == "2023-06-11"
    assert ms["GD2-DH"].due_year == 2025 and "lần thứ XI" in ms["GD2-DH"].name


def test_gia_lai_units_before_and_after_july_2025(db):
    with db.session() as session:
        districts = session.scalars(select(AdminUnit).where(
            AdminUnit.level == UnitLevel.DISTRICT, AdminUnit.parent_code == "64")).all()
        old_communes = session.scalar(select(func.count()).select_from(AdminUnit).where(
            AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.parent_code.in_([d.code for d in districts])))
        new_communes = session.scalar(select(func.count()).select_from(AdminUnit).where(
            AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.parent_code == "52"))
        ia_grai = session.scalar(select(AdminUnit).where(AdminUnit.code == "628"))
        retired = session.scalar(select(AdminUnit).where(AdminUnit.code == "23557"))
    assert len(districts) == 17
    assert old_communes == 218
    assert new_communes == 135
    assert ia_grai.name == "Ia Grai" and ia_grai.retired
    assert retired.successor_code  # the old ward points at the new unit that took it
    with db.session() as session:
        successor = session.scalar(select(AdminUnit).where(AdminUnit.code == retired.successor_code))
    assert successor.parent_code == "52" and successor.valid_to is None
    assert successor.official_code == retired.successor_code.removesuffix("-2025")


def test_seeding_twice_adds_nothing(db):
    with db.transaction() as session:
        before = session.scalar(select(func.count()).select_from(Target))
        result = initialise(session, "64")
        assert session.scalar(select(func.count()).select_from(Target)) == before
    assert result.added == 0 and result.units == 0


def test_villages_load_from_a_csv_list(db, tmp_path):
    csv_file = tmp_path / "thon.csv"
    csv_file.write_text(
        "code,name,unit_type,level,parent_code\n"
        "23557.01,Plei Ơi,Làng,village,23557\n"
        "23557.02,Tổ dân phố 5,Tổ dân phố,village,23557\n", encoding="utf-8")
    with db.transaction() as session:
        assert load_units(session, read_unit_rows(csv_file)) == 2
        assert load_units(session, read_unit_rows(csv_file)) == 0
        village = session.scalar(select(AdminUnit).where(AdminUnit.code == "23557.01"))
    assert village.level == "village" and village.name_search == "lang plei oi"


def test_plan_file_is_nfc(db):
    import unicodedata

    from app.paths import resources_dir

    raw = (resources_dir() / "plan" / "ke_hoach_2021_2025.json").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    json.loads(raw)
