"""What the province sends down (decisions, awards with their register numbers, criteria
sets, targets) applies at the commune as the province's own records, never as proposals;
and a village year locked at the province takes the commune's changes again once the
province unlocks it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import (
    Award,
    CriteriaSet,
    Decision,
    LeadAgency,
    ModelType,
    Movement,
    ScoringScheme,
    Target,
    VillageScore,
)
from app.models.villages import ReviewState
from app.services.sync import export, importer
from tests.sync_helpers import COMMUNE, PROVINCE, add_person, offices


@pytest.fixture
def two(template_db, tmp_path):
    o = offices(template_db, tmp_path / "o")
    yield o
    o.close()


def _export(db, folder, **kw):
    with db.transaction() as s:
        return export.export_package(s, folder, **kw)


def test_decisions_awards_criteria_and_targets_come_down_as_the_provinces(two, tmp_path):
    lan = add_person(two.commune, "Lan")
    importer.import_file(two.province, _export(two.commune, tmp_path).path)
    with two.province.transaction() as s:
        model_type = s.scalars(select(ModelType)).first()
        agency, movement = s.scalars(select(LeadAgency)).first(), s.scalars(select(Movement)).first()
        decision = Decision(number="12/QĐ-UBND", signed_on=date(2025, 9, 2),
                            owner_unit_code=PROVINCE)
        s.add(decision)
        s.flush()
        s.add(Award(decision_id=decision.id, candidate_id=lan, form="bang_khen", year=2025,
                    register_number=41, recipient_name="Ksor H'Lan", owner_unit_code=PROVINCE))
        s.add(CriteriaSet(title="Bộ tiêu chí 2025", model_type_id=model_type.id,
                          valid_from=date(2025, 1, 1), owner_unit_code=PROVINCE))
        s.add(Target(lead_agency_id=agency.id, movement_id=movement.id, min_examples=7,
                     owner_unit_code=PROVINCE))
    down = _export(two.province, tmp_path, to=COMMUNE)
    assert down.kind == "down"
    result = importer.import_file(two.commune, down.path)
    for table in ("decisions", "awards", "criteria_sets", "targets"):
        assert result.tables[table].new == 1, table
        assert result.tables[table].proposals == 0, table
    with two.commune.session() as s:
        award = s.scalar(select(Award).where(Award.candidate_id == lan))
        assert award.register_number == 41 and award.decision.number == "12/QĐ-UBND"
        assert s.scalar(select(Target.min_examples).where(Target.min_examples == 7)) == 7


def test_a_year_unlocked_at_the_province_takes_the_communes_change_again(two, tmp_path):
    scheme = "5c0e5c4e-0000-5000-8000-000000000009"
    for db in (two.commune, two.province):
        with db.transaction() as s:
            s.add(ScoringScheme(id=scheme, code="TVH9", name="Thôn văn hóa",
                                valid_from=date(2024, 1, 1)))
    with two.commune.transaction() as s:
        score = VillageScore(village_code=COMMUNE, year=2024, scheme_id=scheme, self_score=70,
                             owner_unit_code=COMMUNE)
        s.add(score)
        s.flush()
        score_id = score.id
    importer.import_file(two.province, _export(two.commune, tmp_path).path)
    with two.province.transaction() as s:
        s.get(VillageScore, score_id).stage = "khoa"
    with two.commune.transaction() as s:
        s.get(VillageScore, score_id).self_score = 90
    refused = importer.import_file(two.province, _export(two.commune, tmp_path).path)
    assert refused.tables["village_scores"].locked == 1
    with two.province.transaction() as s:  # the province unlocks the year
        s.get(VillageScore, score_id).stage = ReviewState.DRAFT
    with two.commune.transaction() as s:
        s.get(VillageScore, score_id).self_score = 91
    again = importer.import_file(two.province, _export(two.commune, tmp_path).path)
    summary = again.tables["village_scores"]
    assert summary.locked == 0
    # Not refused: the province changed the row too (its stage), so a person settles it.
    assert summary.conflicts + summary.changed == 1
