"""The demo's records sit under the units of their date (issue 8): from 1/7/2025 under the
communes in force (province 52), before under the districts' communes of that time; and
the rows written in bulk read back through the ORM as the ORM writes them."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from sqlalchemy import select


def test_records_are_under_the_units_in_force_on_their_date(db):
    from app.services.demo import DemoSize, generate

    generate(db, replace(DemoSize.preset("district"), candidates=1500), seed=4)
    con = sqlite3.connect(db.path)
    try:
        rows = con.execute(
            "SELECT c.created_at, u.valid_to, u.level, p.code, p.valid_to, "
            "(SELECT count(*) FROM admin_units old WHERE old.successor_code = u.code) "
            "FROM candidates c JOIN admin_units u ON u.code = c.unit_code "
            "LEFT JOIN admin_units p ON p.code = u.parent_code").fetchall()
        history = con.execute(
            "SELECT s.changed_on, s.owner_unit_code, c.unit_code FROM status_changes s "
            "JOIN candidates c ON c.id = s.candidate_id").fetchall()
    finally:
        con.close()
    new = [r for r in rows if r[0][:10] >= "2025-07-01"]
    old = [r for r in rows if r[0][:10] < "2025-07-01"]
    assert new and old and len(new) < len(old)
    for _day, valid_to, level, parent, _pv, merged in new:
        assert valid_to is None and level == "commune" and parent == "52" and merged > 0
    for _day, valid_to, level, _parent, parent_valid_to, _m in old:
        assert valid_to == "2025-06-30" and level == "commune"
        assert parent_valid_to == "2025-06-30"  # a district of that time
    assert all(owner == unit for _d, owner, unit in history)


def test_bulk_rows_read_back_as_the_orm_wrote_them(db):
    from app.models import Candidate, StatusChange
    from app.services.demo import DemoSize, generate
    from app.services.register import CandidateInput, save_candidate

    generate(db, replace(DemoSize.preset("commune"), candidates=50), seed=6)
    with db.transaction() as s:
        mine = save_candidate(s, CandidateInput(kind="individual", unit_code="628",
                                                ho="Siu", ten="H'Mai")).candidate_id
    con = sqlite3.connect(db.path)
    try:
        made = con.execute("SELECT created_at, deleted, typeof(deleted) FROM candidates "
                           "WHERE id != ? LIMIT 1", (mine,)).fetchone()
        ours = con.execute("SELECT created_at, deleted, typeof(deleted) FROM candidates "
                           "WHERE id = ?", (mine,)).fetchone()
    finally:
        con.close()
    assert len(made[0]) == len(ours[0]) and made[1:] == ours[1:] == (0, "integer")
    with db.session() as s:
        c = s.scalars(select(Candidate).where(Candidate.id != mine)).first()
        assert isinstance(c.status_date, date) and c.deleted is False
        assert c.row_version == 1 and c.version_site == ""
        h = s.scalars(select(StatusChange)).first()
        assert isinstance(h.changed_on, date)
