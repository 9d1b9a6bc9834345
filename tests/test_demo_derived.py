"""The demo writes its rows in bulk (issue 13): every derived column must still be what
the normal paths compute. Sort keys and search forms as the form's save path derives them
(register.validate) and as the unit list's loading does (reference.load_units); the count
tables and dated counts as counted here in Python from the rows; the short codes from the
ids; the full-text index matching its table and finding the names."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from dataclasses import replace

import pytest

from app.models.database import open_database

REGISTERED = ("dang_ky", "boi_duong", "danh_gia", "cong_nhan", "nhan_rong")
RECOGNISED = ("cong_nhan", "nhan_rong")


@pytest.fixture(scope="module")
def demo_file(template_db, tmp_path_factory):
    from app.services.demo import DemoSize, generate

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(template_db, path)
    db = open_database(path)
    try:
        generate(db, replace(DemoSize.preset("district"), candidates=2500), seed=11)
    finally:
        db.close()
    return path


def _rows(path, sql, *params):
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, params)]
    finally:
        con.close()


def test_candidate_names_sort_keys_and_search_forms_are_the_save_paths(demo_file):
    from app.services.register import CandidateInput, validate
    from app.short_code import short_code_of

    rows = _rows(demo_file, "SELECT * FROM candidates")
    assert len(rows) == 2500
    db = open_database(demo_file)
    try:
        with db.session() as session:
            for r in rows:
                people = r["kind"] == "individual"
                data = CandidateInput(
                    kind=r["kind"], unit_code=r["unit_code"],
                    display_name="" if people else r["display_name"],
                    ho=r["ho"] or "", ten_dem=r["ten_dem"] or "", ten=r["ten"] or "",
                    head_name=r["head_name"] or "", year=r["year"])
                values = validate(session, data)
                got = {k: r[k] for k in ("display_name", "sort_key", "name_search", "ho",
                                         "ten_dem", "ten", "head_name")}
                want = {k: values.get(k) for k in got}
                assert got == want, r["id"]
                assert r["short_code"] == short_code_of(r["id"])
    finally:
        db.close()
    assert len({r["kind"] for r in rows}) == 5


def test_village_sort_keys_and_search_forms_are_the_unit_lists(demo_file, template_db,
                                                                tmp_path):
    from app.services.reference import UnitRow, load_units

    villages = _rows(demo_file, "SELECT * FROM admin_units WHERE level = 'village'")
    assert villages
    fresh = tmp_path / "units.sqlite"
    shutil.copyfile(template_db, fresh)
    db = open_database(fresh)
    try:
        with db.transaction() as session:
            load_units(session, [UnitRow(code=v["code"], name=v["name"],
                                         unit_type=v["unit_type"], level="village",
                                         parent_code=v["parent_code"]) for v in villages])
    finally:
        db.close()
    loaded = {r["code"]: r for r in _rows(fresh, "SELECT * FROM admin_units WHERE level = "
                                                 "'village'")}
    for v in villages:
        mine = loaded[v["code"]]
        assert (v["sort_key"], v["name_search"], v["owner_unit_code"]) == \
            (mine["sort_key"], mine["name_search"], mine["owner_unit_code"]), v["code"]


def test_count_tables_are_the_rows_counted(demo_file):
    candidates = _rows(demo_file, "SELECT * FROM candidates WHERE deleted = 0")

    def key(r, columns):
        return tuple(r[c] if r[c] is not None else ("" if c != "year" else 0)
                     for c in columns)

    fine = ("unit_code", "lead_agency_id", "movement_id", "model_type_id", "kind", "status",
            "year", "phase_id")
    total = ("lead_agency_id", "movement_id", "kind", "status", "phase_id")
    for table, columns in (("candidate_counts", fine), ("candidate_totals", total)):
        stored = {key(r, columns): r["n"] for r in _rows(demo_file, f"SELECT * FROM {table}")
                  if r["n"]}
        assert stored == dict(Counter(key(r, columns) for r in candidates)), table


def test_dated_counts_are_the_history_counted(demo_file):
    candidates = {r["id"]: r for r in _rows(demo_file, "SELECT * FROM candidates WHERE "
                                                       "deleted = 0")}
    firsts: dict[tuple[str, int], str] = {}
    for h in _rows(demo_file, "SELECT * FROM status_changes WHERE deleted = 0"):
        for event, statuses in ((0, REGISTERED), (1, RECOGNISED)):
            if h["to_status"] in statuses:
                k = (h["candidate_id"], event)
                firsts[k] = min(firsts.get(k, h["changed_on"]), h["changed_on"])
    want_dates, months, units = {}, Counter(), Counter()
    for cid, c in candidates.items():
        dates = []
        for event, statuses in ((0, REGISTERED), (1, RECOGNISED)):
            day = firsts.get((cid, event)) or (c["status_date"] if c["status"] in statuses
                                               else None)
            dates.append(day)
            if day:
                months[(c["unit_code"], event, day[:7], c["lead_agency_id"] or "",
                        c["movement_id"] or "", c["kind"])] += 1
        want_dates[cid] = (c["unit_code"], c["lead_agency_id"] or "", c["movement_id"] or "",
                           c["kind"], c["model_type_id"] or "", *dates)
        units[c["unit_code"]] += 1
    stored_dates = {r["candidate_id"]: (r["unit_code"], r["lead_agency_id"], r["movement_id"],
                                        r["kind"], r["model_type_id"], r["registered_on"],
                                        r["recognised_on"])
                    for r in _rows(demo_file, "SELECT * FROM candidate_dates")}
    assert stored_dates == want_dates
    stored = {(r["unit_code"], r["event"], r["month"], r["lead_agency_id"], r["movement_id"],
               r["kind"]): r["n"] for r in _rows(demo_file, "SELECT * FROM dated_counts")
              if r["n"]}
    assert stored == dict(months)
    totals = Counter()
    for (_u, *rest), n in months.items():
        totals[tuple(rest)] += n
    stored_totals = {(r["event"], r["month"], r["lead_agency_id"], r["movement_id"],
                      r["kind"]): r["n"] for r in _rows(demo_file, "SELECT * FROM dated_totals")
                     if r["n"]}
    assert stored_totals == dict(totals)
    assert {r["unit_code"]: r["n"] for r in _rows(demo_file, "SELECT * FROM dated_units")
            if r["n"]} == dict(units)


def test_full_text_index_matches_its_table_and_finds_the_names(demo_file):
    from app.services.candidates import CandidateFilter, find_candidates

    con = sqlite3.connect(demo_file)
    try:
        con.execute("INSERT INTO candidate_search(candidate_search) VALUES ('integrity-check')")
        sample = con.execute("SELECT id, name_search FROM candidates ORDER BY id LIMIT 40"
                             ).fetchall()
        triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = "
                                              "'trigger'")}
    finally:
        con.close()
    assert {"candidate_search_ai", "candidate_counts_ai", "dated_candidates_ai",
            "dated_history_ai"} <= triggers
    db = open_database(demo_file)
    try:
        with db.session() as session:
            for cid, folded in sample:
                found = find_candidates(session, CandidateFilter(search=folded))
                assert cid in {r.id for r in found}, folded
    finally:
        db.close()


def test_foreign_keys_hold_and_are_checked_again_after_the_load(demo_file, db):
    from app.services.demo import DemoSize, generate

    con = sqlite3.connect(demo_file)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    generate(db, replace(DemoSize.preset("commune"), candidates=20), seed=2)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_failed_generation_leaves_the_file_as_it_was(db, monkeypatch):
    """The indexes and triggers the load drops are dropped inside its one transaction: a
    failure late in the load (after the candidates) rolls them back with the rows. The
    driver began the transaction only at the first insert, so they were gone for good."""
    from app.services import demo

    def schema():
        con = sqlite3.connect(db.path)
        try:
            return (con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
                    .fetchall(),
                    con.execute("SELECT count(*) FROM admin_units").fetchone()[0],
                    con.execute("SELECT count(*) FROM candidates").fetchone()[0])
        finally:
            con.close()

    before = schema()

    def fail(*_args, **_kw):
        raise OSError("disk full")

    monkeypatch.setattr(demo, "_awards_and_activities", fail)
    with pytest.raises(OSError):
        demo.generate(db, replace(demo.DemoSize.preset("commune"), candidates=30), seed=1)
    assert schema() == before
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_file_is_in_wal_mode_after_the_load_and_a_reader_keeps_it_in_wal(db):
    """The load writes through a rollback journal when it has the file to itself, and
    gives the WAL back after it; with another connection open it stays in WAL."""
    from app.services.demo import DemoSize, generate

    reader = sqlite3.connect(db.path)
    try:
        reader.execute("SELECT count(*) FROM admin_units").fetchone()
        generate(db, replace(DemoSize.preset("commune"), candidates=25), seed=3)
        assert reader.execute("SELECT count(*) FROM candidates").fetchone()[0] == 25
    finally:
        reader.close()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    con = sqlite3.connect(db.path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
