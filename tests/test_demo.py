"""Demo data: reproducible, realistic for Gia Lai, consistent with the plan."""

import unicodedata
from dataclasses import replace

from sqlalchemy import func, select

from app.models import AdminUnit, Candidate, ModelType, StatusChange, VillageScore
from app.models.database import open_database
from app.services.candidates import CandidateFilter, find_candidates
from app.services.demo import DemoSize, generate


def _names(db):
    with db.session() as session:
        return list(session.execute(select(Candidate.id, Candidate.display_name)
                                    .order_by(Candidate.id)).all())


def _fresh(template_db, tmp_path, name):
    import shutil

    path = tmp_path / name
    shutil.copyfile(template_db, path)
    return open_database(path)


def test_same_seed_gives_the_same_data_and_another_seed_other_data(template_db, tmp_path):
    size = replace(DemoSize.preset("commune"), candidates=120)
    dbs = [_fresh(template_db, tmp_path, f"{i}.sqlite") for i in range(3)]
    try:
        generate(dbs[0], size, seed=7)
        generate(dbs[1], size, seed=7)
        generate(dbs[2], size, seed=8)
        assert _names(dbs[0]) == _names(dbs[1])
        assert _names(dbs[0]) != _names(dbs[2])
    finally:
        for db in dbs:
            db.close()


def test_demo_is_realistic_and_consistent(db):
    stats = generate(db, replace(DemoSize.preset("commune"), candidates=400), seed=3)
    assert stats["candidates"] == 400 and stats["villages"] == 12
    assert stats["scores"] == 12 * 5  # five years of scoring per village
    with db.session() as session:
        rows = session.execute(
            select(Candidate.display_name, Candidate.kind, Candidate.gender, Candidate.ten,
                   Candidate.ethnicity, ModelType.subject_group, AdminUnit.level)
            .join(ModelType, ModelType.id == Candidate.model_type_id)
            .join(AdminUnit, AdminUnit.code == Candidate.unit_code)).all()
        years = set(session.scalars(select(VillageScore.year)))
        history = session.scalar(select(func.count()).select_from(StatusChange))
    assert len(rows) == 400 and years == {2021, 2022, 2023, 2024, 2025}
    assert history >= 400
    for name, kind, gender, ten, ethnicity, group, level in rows:
        assert unicodedata.is_normalized("NFC", name)
        if kind == "individual":
            assert group == "individual"
            if ethnicity == "Gia Rai" and gender == "nu":
                assert ten.startswith("H'")
        else:
            assert group == "collective"
        assert level in ("commune", "village")
    ethnicities = {r.ethnicity for r in rows if r.ethnicity}
    assert {"Kinh", "Gia Rai", "Ba Na"} <= ethnicities


def test_jrai_names_are_found_without_apostrophe(db):
    generate(db, replace(DemoSize.preset("commune"), candidates=600), seed=5)
    with db.session() as session:
        found = find_candidates(session, CandidateFilter(search="hlan"))
    assert found and all("H'Lan" in r.name for r in found)


def test_demo_refuses_a_register_that_is_not_empty(db):
    import pytest

    from app.errors import InputError

    size = replace(DemoSize.preset("commune"), candidates=10)
    generate(db, size, seed=1)
    with pytest.raises(InputError) as info:
        generate(db, size, seed=1)
    assert "--db" in info.value.message()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 10
