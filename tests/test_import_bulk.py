"""The bulk writer of an Excel import writes what the ORM path writes: the same columns
for every candidate and status change, the same version stamps and change numbers, the
same audit entries (the chain still verifies), and nothing when cancelled."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from openpyxl import Workbook

from app.errors import Cancelled
from app.models.database import open_database
from app.services import excel, excel_write
from app.services.audit import verify

RANDOM = {"id", "candidate_id", "short_code", "created_at", "updated_at", "at",
          "entry_hash", "prev_hash", "row_id"}


def _file(path, n=25):
    wb = Workbook()
    ws = wb.active
    ws.append(["Loại đối tượng", "Họ", "Tên đệm", "Tên", "Họ và tên hoặc tên tập thể",
               "Giới tính", "Ngày sinh", "Dân tộc", "Mã đơn vị", "Mã phong trào",
               "Loại mô hình", "Năm", "Thành tích", "Số thành viên"])
    for i in range(n):
        if i % 5 == 4:
            ws.append(["Hợp tác xã", "", "", "", f"Hợp tác xã Nông nghiệp Ia Grai {i}", "",
                       "", "", "628", "", "3.1.8", 2024, "Doanh thu tăng", 12])
        else:
            ws.append(["Cá nhân", "Rơ Mah", "H'", f"Blơi {i:02d}", "", "Nữ",
                       f"{i % 28 + 1:02d}/03/1980", "Jrai", "628", "DSVH", "3.2.2b", 2025,
                       "Gương mẫu", None])
    wb.save(path)


def _import(path, xlsx, user="cán bộ xã"):
    db = open_database(path)
    try:
        with db.session() as s:
            preview = excel.preview_import(s, xlsx)
        with db.transaction() as s:
            assert excel.apply_import(s, preview, user=user) == len(preview.good) == 25
    finally:
        db.close()


def _table(con, name, order):
    cur = con.execute(f"SELECT * FROM {name} ORDER BY {order}")
    columns = [d[0] for d in cur.description]
    return [{c: v for c, v in zip(columns, row, strict=True) if c not in RANDOM}
            for row in cur]


def _audit(con):
    out = []
    for action, table, unit, user, detail in con.execute(
            "SELECT action, table_name, unit_code, user_name, detail FROM audit_log "
            "WHERE table_name IN ('candidates', 'status_changes') ORDER BY id"):
        values = {k: v for k, v in json.loads(detail).items() if k not in RANDOM}
        out.append((action, table, unit, user, values))
    return out


def test_bulk_and_orm_paths_write_the_same_rows_and_history(db_path, tmp_path, monkeypatch):
    xlsx = tmp_path / "nhap.xlsx"
    _file(xlsx)
    orm_path = tmp_path / "orm.sqlite"
    shutil.copyfile(db_path, orm_path)
    _import(db_path, xlsx)
    monkeypatch.setattr(excel_write, "can_write_in_bulk", lambda rows: False)
    _import(orm_path, xlsx)

    bulk, orm = sqlite3.connect(db_path), sqlite3.connect(orm_path)
    for table, order in (("candidates", "change_seq"), ("status_changes", "change_seq")):
        rows = _table(bulk, table, order)
        assert len(rows) == 25 and rows == _table(orm, table, order)
    assert _audit(bulk) == _audit(orm) and len(_audit(bulk)) == 50
    # every candidate's short code is its id's; its first change points at it
    from app.short_code import short_code_of

    for cid, code in bulk.execute("SELECT id, short_code FROM candidates"):
        assert code == short_code_of(cid)
    assert bulk.execute("SELECT count(*) FROM status_changes s JOIN candidates c "
                        "ON c.id = s.candidate_id").fetchone()[0] == 25
    # the search index and the per-unit counts follow, as for any other insert
    assert bulk.execute("SELECT count(*) FROM candidate_search WHERE candidate_search "
                        "MATCH '\"bloi\"*'").fetchone()[0] == 20
    assert bulk.execute("SELECT sum(n) FROM candidate_counts").fetchone()[0] == \
        orm.execute("SELECT sum(n) FROM candidate_counts").fetchone()[0]
    bulk.close()
    orm.close()
    db = open_database(db_path)
    try:
        with db.session() as s:
            check = verify(s)
            assert check.whole and check.entries >= 50
    finally:
        db.close()


def test_a_cancelled_bulk_import_writes_nothing(db, db_path, tmp_path):
    xlsx = tmp_path / "nhap.xlsx"
    _file(xlsx, 600)
    with db.session() as s:
        preview = excel.preview_import(s, xlsx)
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(Cancelled), db.transaction() as s:
        excel.apply_import(s, preview, progress=lambda done, total: done < 500)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM candidates").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    con.close()


def test_the_counts_after_a_bulk_import_equal_a_recount_of_the_rows(db, db_path, tmp_path):
    # The bulk writer counts its new candidates in one grouped statement and computes their
    # dates in one statement, with the per-row triggers off meanwhile: every kept figure
    # must still be what the rows say, beside candidates that were there before.
    from app.services.register import CandidateInput, save_candidate
    from tests.test_dated_counts import _kept_tables_agree

    with db.transaction() as s:
        for i, unit in enumerate(("628", "628", "23764")):
            save_candidate(s, CandidateInput(
                kind="individual", unit_code=unit, ho="Ksor", ten=f"Blơi {i}",
                model_type_code="3.2.2b", movement_code="DSVH", year=2025, summary="x"))
    xlsx = tmp_path / "nhap.xlsx"
    _file(xlsx)
    with db.session() as s:
        preview = excel.preview_import(s, xlsx)
    with db.transaction() as s:
        assert excel.apply_import(s, preview) == 25
    con = sqlite3.connect(db_path)
    try:
        missing = {"year": "0"}  # a missing value is kept as '' (ids) or 0 (the year)
        fine = ("unit_code", "lead_agency_id", "movement_id", "model_type_id", "kind",
                "status", "year", "phase_id")
        totals = ("lead_agency_id", "movement_id", "kind", "status", "phase_id")
        for table, columns in (("candidate_counts", fine), ("candidate_totals", totals)):
            values = [f"coalesce({c}, {missing.get(c, repr(''))})" for c in columns]
            raw = {(*r[:-1],): r[-1] for r in con.execute(
                f"SELECT {', '.join(values)}, count(*) FROM candidates WHERE deleted = 0 "
                f"GROUP BY {', '.join(values)}")}
            kept = {(*r[:-1],): r[-1] for r in con.execute(
                f"SELECT {', '.join(columns)}, n FROM {table} WHERE n != 0")}
            assert kept == raw and sum(raw.values()) == 28, table
        # the per-row triggers are back: a later single insert is counted as before
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = "
                                           "'trigger'")}
        assert {"candidate_counts_ai", "dated_candidates_ai", "dated_history_ai"} <= names
    finally:
        con.close()
    _kept_tables_agree(db_path)


def test_the_search_index_after_a_bulk_import_finds_every_candidate(db, db_path, tmp_path):
    # The bulk writer fills the full-text index in one statement after its inserts, with the
    # per-row trigger off meanwhile: every name, old and new, must be found through it, and
    # a candidate saved later must be found too (the trigger is back, also after a cancel).
    from app.services.register import CandidateInput, save_candidate

    def add(ten: str) -> None:
        with db.transaction() as s:
            save_candidate(s, CandidateInput(
                kind="individual", unit_code="628", ho="Ksor", ten=ten,
                model_type_code="3.2.2b", movement_code="DSVH", year=2025, summary="x"))

    add("Thắm")
    xlsx = tmp_path / "nhap.xlsx"
    _file(xlsx, 600)
    with db.session() as s:
        preview = excel.preview_import(s, xlsx)
    with pytest.raises(Cancelled), db.transaction() as s:
        excel.apply_import(s, preview, progress=lambda done, total: done < 500)
    with db.transaction() as s:
        assert excel.apply_import(s, preview) == 600
    add("Nhung")
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT rowid, name_search FROM candidates").fetchall()
        assert len(rows) == 602
        for rowid, folded in rows:
            query = " ".join(f'"{w}"' for w in folded.split())
            found = {r[0] for r in con.execute(
                "SELECT rowid FROM candidate_search WHERE candidate_search MATCH ?", (query,))}
            assert rowid in found, folded
        con.execute("INSERT INTO candidate_search(candidate_search, rank) "
                    "VALUES ('integrity-check', 1)")
    finally:
        con.close()


def test_a_bulk_import_keeps_telling_its_progress_while_it_writes(db, tmp_path, monkeypatch):
    # Making the rows is quick, writing them into the indexes and the trail is most of the
    # time: the bar must still be told after the writing has begun and not be full (Qt
    # closes a full bar) before the import is done.
    events: list[tuple[str, int]] = []
    real = excel_write.insert_rows

    def insert_rows(session, table, rows):  # noqa: ANN001, ANN202
        events.append(("insert", 0))
        return real(session, table, rows)

    monkeypatch.setattr(excel_write, "insert_rows", insert_rows)
    xlsx = tmp_path / "nhap.xlsx"
    _file(xlsx, 600)
    with db.session() as s:
        preview = excel.preview_import(s, xlsx)

    def told(done: int, total: int) -> bool:
        assert total == 600
        events.append(("step", done))
        return True

    with db.transaction() as s:
        assert excel.apply_import(s, preview, progress=told) == 600
    steps = [done for kind, done in events if kind == "step"]
    last_insert = max(i for i, (kind, _d) in enumerate(events) if kind == "insert")
    assert any(kind == "step" for kind, _d in events[last_insert + 1:])
    assert steps == sorted(steps) and 0 < steps[-1] < 600
