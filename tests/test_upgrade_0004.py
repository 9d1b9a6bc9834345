"""A file made at revision 0003 (before the corrected criteria) upgrades: assessments keep
their version, the corrected versions appear, people's sort keys and search forms are
recomputed, unit minimums can be stored."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from app.models import CriteriaSet, ModelType
from app.models.database import HEAD_REVISION, file_revision, open_database, upgrade


def _file_at_0003(tmp_path):
    path = tmp_path / "v3.sqlite"
    upgrade(path, "0003_filter_indexes")
    con = sqlite3.connect(path)
    # The plan as seeded by the release before: version 1 of 3.1.10 and 3.2.1.
    con.execute("INSERT INTO model_types (id, code, section, name, subject_group, sort_order, "
                "created_at, updated_at, deleted) VALUES "
                "('mt10', '3.1.10', '3.1.10', 'Mô hình giảm nghèo', 'collective', 9, "
                "'2023-01-01', '2023-01-01', 0), "
                "('mt21', '3.2.1', '3.2.1', 'Gương cá nhân', 'individual', 10, "
                "'2023-01-01', '2023-01-01', 0)")
    con.execute("INSERT INTO criteria_sets (id, model_type_id, version, title, valid_from, "
                "source, created_at, updated_at, deleted) VALUES "
                "('s10', 'mt10', 1, '3.1.10', '2021-01-01', 'plan', '2023-01-01', "
                "'2023-01-01', 0)")
    con.execute("INSERT INTO criteria (id, criteria_set_id, position, code, text, required, "
                "created_at, updated_at, deleted) VALUES ('k1', 's10', 1, '3.1.10.1', "
                "'Thu nhập cao nhất', 1, '2023-01-01', '2023-01-01', 0)")
    con.execute("INSERT INTO admin_units (id, code, official_code, name, unit_type, level, "
                "name_search, sort_key, created_at, updated_at, deleted) VALUES "
                "('u1', '23788', '23788', 'Ia Chia', 'Xã', 'commune', '', '', "
                "'2023-01-01', '2023-01-01', 0)")
    for cid, ho, dem, ten in (("c1", "Đặng", "Thị", "Anh"), ("c2", "Lê", "Ngọc", "Ánh"),
                              ("c3", "Ksor", "", "H'Lan"), ("c4", "Lương", "Ngọc", "Ánh"),
                              ("c5", "Đinh", "Thị", "Anh")):
        name = " ".join(p for p in (ho, dem, ten) if p)
        # name_search and sort_key as the previous release wrote them
        con.execute("INSERT INTO candidates (id, kind, display_name, ho, ten_dem, ten, "
                    "name_search, sort_key, unit_code, status, summary, created_at, updated_at, "
                    "deleted) VALUES (?, 'individual', ?, ?, ?, ?, ?, ?, '23788', 'dang_ky', '', "
                    "'2023-01-01', '2023-01-01', 0)",
                    (cid, name, ho, dem, ten, "ksor hlan" if cid == "c3" else name.lower(), ""))
    con.execute("INSERT INTO assessments (id, candidate_id, criteria_set_id, assessed_on, "
                "assessor, result, note, created_at, updated_at, deleted) VALUES "
                "('a1', 'c1', 's10', '2023-05-01', '', 'dat', '', '2023-05-01', "
                "'2023-05-01', 0)")
    con.commit()
    con.close()
    return path


def test_a_file_at_revision_0003_upgrades_with_its_data(tmp_path):
    path = _file_at_0003(tmp_path)
    db = open_database(path)
    try:
        assert file_revision(path) == HEAD_REVISION
        con = sqlite3.connect(path)
        # the old assessment keeps version 1
        assert con.execute("SELECT criteria_set_id FROM assessments").fetchone() == ("s10",)
        # the corrected 3.1.10 is version 2 with subjects per item
        rows = con.execute(
            "SELECT c.subjects FROM criteria c JOIN criteria_sets s ON s.id = c.criteria_set_id "
            "WHERE s.model_type_id = 'mt10' AND s.version = 2 ORDER BY c.position").fetchall()
        assert rows and rows[0][0].startswith("collective")
        assert {r[0] for r in rows[1:]} == {"household"}
        assert con.execute("SELECT subjects FROM criteria WHERE id = 'k1'").fetchone() == ("",)
        # people in Vietnamese order, part by part; H'Lan found by "lan"
        order = [r[0] for r in con.execute(
            "SELECT display_name FROM candidates ORDER BY sort_key")]
        assert order == ["Đặng Thị Anh", "Đinh Thị Anh", "Lê Ngọc Ánh", "Lương Ngọc Ánh",
                         "Ksor H'Lan"]
        con.close()
        with db.session() as session:
            from app.services.candidates import CandidateFilter, find_candidates

            assert [r.name for r in find_candidates(session, CandidateFilter(search="lan"))] \
                == ["Ksor H'Lan"]
            model_type = session.scalar(select(ModelType).where(ModelType.code == "3.1.10"))
            versions = sorted(s.version for s in session.scalars(
                select(CriteriaSet).where(CriteriaSet.model_type_id == model_type.id)))
            assert versions == [1, 2, 3]  # 3: the plan's words (0009)
    finally:
        db.close()
