"""A file made at revision 0008 (criteria of the release before) upgrades to the corrected
criteria of plan III.3 (migration 0009): an assessment made on the old version keeps its
items and texts; a new assessment gets the corrected set; the corrected rows are the same
as those of a new file (same ids, texts, subjects), so two offices agree."""

from __future__ import annotations

import sqlite3
from datetime import date

from app.models.database import HEAD_REVISION, file_revision, open_database, upgrade
from app.services.assessments import assessment_history, checklist_for
from app.services.register import CandidateInput, save_candidate

PLAN_TABLES = ("lead_agencies", "movements", "phases", "milestones", "model_types", "targets",
               "admin_units")
# What the release before shipped: version 1 of each set, version 2 of these four.
OLD_V2 = ("3.1.6", "3.1.10", "3.2.1", "3.2.2a")
OLD_TEXT = ("Hộ gia đình tích cực lao động, sản xuất kinh doanh, áp dụng tiến bộ khoa học kỹ "
            "thuật vào lao động, sản xuất, kinh doanh đạt hiệu quả cao")


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA {schema}.table_info({table})")]


def _copy(con, table: str, where: str = "") -> None:
    cols = [c for c in _columns(con, "main", table) if c in _columns(con, "new", table)]
    names = ", ".join(cols)
    con.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM new.{table} {where}")


def _file_at_0008(tmp_path, template_db):
    path = tmp_path / "v8.sqlite"
    upgrade(path, "0008_speed")
    con = sqlite3.connect(path)
    con.execute("ATTACH DATABASE ? AS new", (str(template_db),))
    for table in PLAN_TABLES:
        _copy(con, table)
    old_sets = ("WHERE s.version = 1 OR (s.version = 2 AND m.code IN ({}))"
                .format(", ".join(f"'{c}'" for c in OLD_V2)))
    ids = [r[0] for r in con.execute(
        "SELECT s.id FROM new.criteria_sets s JOIN new.model_types m ON m.id = s.model_type_id "
        + old_sets)]
    marks = ", ".join("?" * len(ids))
    cols = [c for c in _columns(con, "main", "criteria_sets")
            if c in _columns(con, "new", "criteria_sets")]
    con.execute(f"INSERT INTO main.criteria_sets ({', '.join(cols)}) SELECT {', '.join(cols)} "
                f"FROM new.criteria_sets WHERE id IN ({marks})", ids)
    cols = [c for c in _columns(con, "main", "criteria") if c in _columns(con, "new", "criteria")]
    con.execute(f"INSERT INTO main.criteria ({', '.join(cols)}) SELECT {', '.join(cols)} "
                f"FROM new.criteria WHERE criteria_set_id IN ({marks})", ids)
    # a household of 3.1.10 assessed in 2024 on version 2
    set_id, mt_id = con.execute(
        "SELECT s.id, m.id FROM criteria_sets s JOIN model_types m ON m.id = s.model_type_id "
        "WHERE m.code = '3.1.10' AND s.version = 2").fetchone()
    unit = con.execute("SELECT code FROM admin_units WHERE level = 'commune' ORDER BY code "
                       "LIMIT 1").fetchone()[0]
    con.execute("INSERT INTO candidates (id, kind, display_name, name_search, sort_key, "
                "unit_code, status, summary, model_type_id, created_at, updated_at, deleted) "
                "VALUES ('c1', 'household', 'Hộ ông Rơ Mah Blơi', 'ho ong ro mah bloi', '', ?, "
                "'dang_ky', '', ?, '2024-01-01', '2024-01-01', 0)", (unit, mt_id))
    con.execute("INSERT INTO assessments (id, candidate_id, criteria_set_id, assessed_on, "
                "assessor, result, note, created_at, updated_at, deleted) VALUES "
                "('a1', 'c1', ?, '2024-05-01', 'Ksor Thu', 'dat', '', '2024-05-01', "
                "'2024-05-01', 0)", (set_id,))
    for n, (crit_id,) in enumerate(con.execute(
            "SELECT id FROM criteria WHERE criteria_set_id = ? AND subjects = 'household' "
            "ORDER BY position", (set_id,)).fetchall()):
        con.execute("INSERT INTO assessment_items (id, assessment_id, criterion_id, verdict, "
                    "note, created_at, updated_at, deleted) VALUES (?, 'a1', ?, 'dat', '', "
                    "'2024-05-01', '2024-05-01', 0)", (f"i{n}", crit_id))
    con.commit()
    con.close()
    return path, unit


CRITERIA = ("SELECT s.id, s.version, s.title, s.valid_from, c.id, c.position, c.code, c.text, "
            "c.required, c.subjects FROM criteria c JOIN criteria_sets s "
            "ON s.id = c.criteria_set_id WHERE s.owner_unit_code IS NULL ORDER BY c.id")


def test_a_file_at_0008_gets_the_corrected_criteria_and_keeps_its_assessment(
        tmp_path, template_db):
    path, unit = _file_at_0008(tmp_path, template_db)
    before = sqlite3.connect(path).execute(CRITERIA).fetchall()
    assert any(OLD_TEXT == row[7] for row in before)
    assert not any("không thờ ơ" in row[7] for row in before)
    db = open_database(path)
    try:
        assert file_revision(path) == HEAD_REVISION
        # the corrected sets are the very rows of a new file; the old rows are untouched
        con = sqlite3.connect(path)
        after = con.execute(CRITERIA).fetchall()
        con.close()
        fresh_con = sqlite3.connect(template_db)
        fresh = fresh_con.execute(CRITERIA).fetchall()
        fresh_con.close()
        assert after == fresh
        assert set(before) <= set(after)
        with db.session() as session:
            history = assessment_history(session, "c1")
            assert len(history) == 1 and history[0].version == 2
            texts = [t for _code, t, _verdict in history[0].items]
            assert texts[0] == OLD_TEXT and len(texts) == 5  # its own items, its own words
        with db.transaction() as session:
            household = save_candidate(session, CandidateInput(
                kind="household", unit_code=unit, display_name="Hộ bà Siu H'Nhung",
                model_type_code="3.1.10")).candidate_id
            clinic = save_candidate(session, CandidateInput(
                kind="collective", unit_code=unit, display_name="Trạm Y tế xã",
                model_type_code="3.1.5")).candidate_id
        with db.session() as session:
            h = checklist_for(session, household, on=date(2026, 12, 1))
            c = checklist_for(session, clinic, on=date(2026, 12, 1))
            old = checklist_for(session, "c1", on=date(2026, 12, 1))
        assert h.version == 3 and h.items[0].text.startswith("Hộ gia đình điển hình tích cực")
        assert any("phải đạt danh hiệu" in i.text for i in h.items)
        assert c.version == 2 and any("không thờ ơ, thương yêu người bệnh" in i.text
                                      for i in c.items)
        assert old.version == 3  # a new assessment of the old candidate uses the new text
    finally:
        db.close()


def test_a_province_edit_of_a_plan_set_keeps_its_version_and_the_plan_comes_after(
        tmp_path, template_db):
    """The province had edited the used 3.1.5 set (its version 2, made in 2024): the
    corrected plan text becomes version 3 and is in force; the edit stays as it was."""
    path, unit = _file_at_0008(tmp_path, template_db)
    con = sqlite3.connect(path)
    v1, mt_id = con.execute(
        "SELECT s.id, m.id FROM criteria_sets s JOIN model_types m ON m.id = s.model_type_id "
        "WHERE m.code = '3.1.5' AND s.version = 1").fetchone()
    con.execute("UPDATE criteria_sets SET valid_to = '2024-01-01' WHERE id = ?", (v1,))
    con.execute("INSERT INTO criteria_sets (id, model_type_id, version, title, valid_from, "
                "source, created_at, updated_at, deleted) VALUES ('edit-2024', ?, 2, "
                "'3.1.5. Y tế', '2024-01-01', 'plan', '2024-01-01', '2024-01-01', 0)",
                (mt_id,))
    con.execute("INSERT INTO criteria (id, criteria_set_id, position, code, text, required, "
                "created_at, updated_at, deleted) VALUES ('edit-2024-1', 'edit-2024', 1, "
                "'3.1.5.1', 'Tiêu chí do tỉnh sửa năm 2024', 1, '2024-01-01', '2024-01-01', 0)")
    con.commit()
    con.close()
    db = open_database(path)
    try:
        con = sqlite3.connect(path)
        versions = con.execute(
            "SELECT id, version FROM criteria_sets WHERE model_type_id = ? "
            "AND owner_unit_code IS NULL ORDER BY version", (mt_id,)).fetchall()
        con.close()
        assert [v for _id, v in versions] == [1, 2, 3]  # one set per version number
        assert versions[1][0] == "edit-2024"
        fresh = sqlite3.connect(template_db)
        plan_v2 = fresh.execute(
            "SELECT s.id FROM criteria_sets s JOIN model_types m ON m.id = s.model_type_id "
            "WHERE m.code = '3.1.5' AND s.version = 2").fetchone()[0]
        fresh.close()
        assert versions[2][0] == plan_v2  # the same row id as in every other office
        with db.transaction() as session:
            clinic = save_candidate(session, CandidateInput(
                kind="collective", unit_code=unit, display_name="Trạm Y tế xã",
                model_type_code="3.1.5")).candidate_id
        with db.session() as session:
            checklist = checklist_for(session, clinic, on=date(2026, 12, 1))
        assert checklist.version == 3
        assert any("không thờ ơ" in i.text for i in checklist.items)
    finally:
        db.close()
