"""A full round trip commune → province → commune with real files and databases:
deletions, evidence files, replays, gaps, conflicts, proposals and a locked year."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import Candidate, EvidenceFile, ScoringScheme, SyncHeld, VillageScore
from app.services.evidence import add_evidence
from app.services.sync import conflicts, export, importer
from app.services.sync.status import sync_status
from tests.sync_helpers import COMMUNE, PNG, add_person, fingerprint, offices


@pytest.fixture
def two(template_db, tmp_path):
    o = offices(template_db, tmp_path / "o")
    yield o
    o.close()


def _export(db, folder, **kw):
    with db.transaction() as s:
        return export.export_package(s, folder, **kw)


def _edit(db, cid, **values):
    with db.transaction() as s:
        c = s.get(Candidate, cid)
        for k, v in values.items():
            setattr(c, k, v)


def _get(db, cid, field="summary"):
    with db.session() as s:
        return getattr(s.get(Candidate, cid), field)


def test_round_trip_with_deletion_evidence_replay_gap_conflict_and_proposal(two, tmp_path):
    up, down = tmp_path / "up", tmp_path / "down"
    up.mkdir()
    down.mkdir()
    lan = add_person(two.commune, "Lan")
    nhi = add_person(two.commune, "Nhi", ho="Siu")
    with two.commune.transaction() as s:
        add_evidence(s, lan, file_name="bien-ban.png", content=PNG)
    p1 = _export(two.commune, up)
    r1 = importer.import_file(two.province, p1.path)
    assert r1.applied == {"candidates": 2, "status_changes": 2, "evidence_files": 1}
    with two.province.session() as s:
        ev = s.scalar(select(EvidenceFile).where(EvidenceFile.candidate_id == lan))
        assert ev.content == PNG and ev.file_name == "bien-ban.png"

    # The commune deletes one record and sends two packages; the second arrives first.
    _edit(two.commune, nhi, deleted=True)
    p2 = _export(two.commune, up)
    _edit(two.commune, lan, summary="Trồng cà phê sạch")
    p3 = _export(two.commune, up)
    assert (p2.sequence, p3.sequence) == (2, 3)
    r3 = importer.import_file(two.province, p3.path)
    assert r3.held and r3.missing_sequence == 2 and r3.applied == {}
    with two.province.session() as s:
        status = sync_status(s)
    assert [(h.sender, h.sequence, h.missing_sequence) for h in status.held] == [(COMMUNE, 3, 2)]
    assert _get(two.province, lan) == ""
    r2 = importer.import_file(two.province, p2.path)
    assert r2.tables["candidates"].deleted == 1
    assert [r.sequence for r in r2.released] == [3]
    assert _get(two.province, nhi, "deleted") is True
    assert _get(two.province, lan) == "Trồng cà phê sạch"
    with two.province.session() as s:
        assert s.scalars(select(SyncHeld)).all() == []
    # Replays change nothing.
    before = fingerprint(two.province.path)
    for p in (p1, p2, p3):
        assert importer.import_file(two.province, p.path).already_imported
    assert fingerprint(two.province.path) == before

    # Both offices change the same record: a conflict at the province, settled field by field.
    _edit(two.commune, lan, summary="Xã sửa", workplace="HTX Ia Ly")
    _edit(two.province, lan, summary="Tỉnh sửa", position="Tổ trưởng")
    r4 = importer.import_file(two.province, _export(two.commune, up).path)
    assert r4.tables["candidates"].conflicts == 1
    assert _get(two.province, lan) == "Tỉnh sửa"  # nothing overwritten silently
    with two.province.session() as s:
        [c] = conflicts.list_conflicts(s)
    differing = {f.name: (f.local, f.incoming) for f in c.fields if f.differs}
    assert differing["summary"] == ("Tỉnh sửa", "Xã sửa")
    assert differing["workplace"] == (None, "HTX Ia Ly")
    with two.province.transaction() as s:
        conflicts.settle(s, c.id, "merge", {"summary": "incoming", "workplace": "incoming",
                                            "position": "local"})
    assert (_get(two.province, lan), _get(two.province, lan, "position"),
            _get(two.province, lan, "workplace")) == ("Xã sửa", "Tổ trưởng", "HTX Ia Ly")
    with two.province.session() as s:
        settled = conflicts.list_conflicts(s, open_only=False)
        assert conflicts.list_conflicts(s) == [] and settled[0].resolution == "merge"

    # The province's package goes down: the merge of the commune's own record is a proposal.
    d1 = _export(two.province, down, to=COMMUNE)
    assert d1.kind == "down"
    rd = importer.import_file(two.commune, d1.path)
    assert rd.tables["candidates"].proposals == 1
    assert _get(two.commune, lan, "position") is None  # not overwritten silently
    with two.commune.session() as s:
        [proposal] = conflicts.list_conflicts(s)
    assert proposal.kind == "proposal"
    with two.commune.transaction() as s:
        conflicts.settle(s, proposal.id, "incoming")
    assert _get(two.commune, lan, "position") == "Tổ trưởng"

    # The acceptance travels up and applies without a new conflict; both sides agree.
    r5 = importer.import_file(two.province, _export(two.commune, up).path)
    assert r5.tables["candidates"].conflicts == 0
    for db in (two.commune, two.province):
        assert (_get(db, lan), _get(db, lan, "position")) == ("Xã sửa", "Tổ trưởng")
    with two.commune.session() as s:
        assert sync_status(s).unsent == 1  # sent, not yet acknowledged
    importer.import_file(two.commune, _export(two.province, down, to=COMMUNE).path)
    with two.commune.session() as s:
        assert sync_status(s).unsent == 0


def test_acknowledged_changes_are_not_sent_again(two, tmp_path):
    add_person(two.commune, "Lan")
    p1 = _export(two.commune, tmp_path)
    importer.import_file(two.province, p1.path)
    # Before the province answers, a new package repeats the unacknowledged rows.
    assert _export(two.commune, tmp_path).counts == p1.counts
    importer.import_file(two.commune, _export(two.province, tmp_path, to=COMMUNE).path)
    add_person(two.commune, "Hoa")
    assert _export(two.commune, tmp_path).counts == {"candidates": 1, "status_changes": 1}


def test_gap_can_be_applied_anyway_by_choice(two, tmp_path):
    a = add_person(two.commune, "Lan")
    _export(two.commune, tmp_path)  # package 1 lost on the way
    _edit(two.commune, a, summary="Mới")
    p2 = _export(two.commune, tmp_path)
    held = importer.import_file(two.province, p2.path)
    assert held.held and held.missing_sequence == 1
    forced = importer.apply_held(two.province, held.package_id)
    assert forced.forced and forced.tables["candidates"].new == 1
    assert _get(two.province, a) == "Mới"


def test_locked_village_year_refuses_changes_from_below(two, tmp_path):
    for db in (two.commune, two.province):  # the scheme as the province's plan seeds it
        with db.transaction() as s:
            s.add(ScoringScheme(id="5c0e5c4e-0000-5000-8000-000000000001", code="TVH",
                                name="Thôn văn hóa", valid_from=date(2024, 1, 1)))
    with two.commune.transaction() as s:
        score = VillageScore(village_code=COMMUNE, year=2024,
                             scheme_id="5c0e5c4e-0000-5000-8000-000000000001",
                             self_score=85, owner_unit_code=COMMUNE)
        s.add(score)
        s.flush()
        score_id = score.id
    importer.import_file(two.province, _export(two.commune, tmp_path).path)
    with two.province.transaction() as s:
        s.get(VillageScore, score_id).stage = "khoa"  # the year is locked at the province
    with two.commune.transaction() as s:
        s.get(VillageScore, score_id).self_score = 99
    result = importer.import_file(two.province, _export(two.commune, tmp_path).path)
    assert result.tables["village_scores"].locked == 1
    assert result.tables["village_scores"].applied == 0
    with two.province.session() as s:
        assert s.get(VillageScore, score_id).self_score == 85


def test_rows_pointing_at_records_missing_here_refuse_the_whole_package(two, tmp_path):
    with two.commune.transaction() as s:
        s.add(ScoringScheme(id="5c0e5c4e-0000-5000-8000-000000000002", code="X", name="X",
                            valid_from=date(2024, 1, 1)))
        s.flush()
        s.add(VillageScore(village_code=COMMUNE, year=2024, owner_unit_code=COMMUNE,
                           scheme_id="5c0e5c4e-0000-5000-8000-000000000002"))
    add_person(two.commune)
    path = _export(two.commune, tmp_path).path
    # The province refuses the commune's scheme (its own table): the score would dangle.
    before = fingerprint(two.province.path)
    from app.errors import InputError

    with pytest.raises(InputError):
        importer.import_file(two.province, path)
    assert fingerprint(two.province.path) == before


def test_year_locked_by_the_yearly_review_refuses_the_communes_changes(two, tmp_path):
    """Issue 10's procedure locks a commune's year (village_reviews in state khóa) at the
    province: the commune's later changes to that year's scores are refused by name."""
    from app.models import AdminUnit, VillageReview

    scheme_id = "5c0e5c4e-0000-5000-8000-000000000003"
    for db in (two.commune, two.province):  # a village and the scheme, as both offices seed them
        with db.transaction() as s:
            s.add(AdminUnit(id="5c0e5c4e-0000-5000-8000-000000000004", code=f"{COMMUNE}.01",
                            official_code="", name="Thôn 1", unit_type="Thôn",
                            level="village", parent_code=COMMUNE))
            s.add(ScoringScheme(id=scheme_id, code="TVH2", name="Thôn văn hóa",
                                valid_from=date(2024, 1, 1)))
    with two.commune.transaction() as s:
        score = VillageScore(village_code=f"{COMMUNE}.01", year=2024, scheme_id=scheme_id,
                             self_score=80, owner_unit_code=COMMUNE)
        s.add(score)
        s.flush()
        score_id = score.id
    importer.import_file(two.province, _export(two.commune, tmp_path).path)
    with two.province.transaction() as s:
        s.add(VillageReview(commune_code=COMMUNE, year=2024, state="khoa",
                            owner_unit_code=COMMUNE))
    with two.commune.transaction() as s:
        s.get(VillageScore, score_id).self_score = 95
    result = importer.import_file(two.province, _export(two.commune, tmp_path).path)
    assert result.tables["village_scores"].locked == 1
    with two.province.session() as s:
        assert s.get(VillageScore, score_id).self_score == 80
