"""The dated counts Tổng hợp and ``list targets`` read (registered / recognised in a
window, from the status history) stay equal to a count made afresh from the raw tables
after every kind of change: forms, status changes, edits, soft and hard deletes, a
restore, a rolled-back change, history fixed by hand, an Excel import and a sync package."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from tests.sync_helpers import COMMUNE, add_person, offices

REG = ("dang_ky", "boi_duong", "danh_gia", "cong_nhan", "nhan_rong")
REC = ("cong_nhan", "nhan_rong")
WINDOWS = [(None, None), (date(2021, 1, 1), date(2023, 6, 11)),
           (date(2023, 6, 12), date(2025, 12, 31)), (date(2022, 3, 15), date(2022, 3, 20)),
           (None, date(2024, 2, 29)), (date(2024, 2, 2), None), (date(2026, 1, 1), None)]


def _raw_dates(path) -> dict[str, tuple]:
    """Each live candidate's first registration and recognition, by plain SQL and Python
    (independent of the code under test): the history's first dates, else the current
    status and its date."""
    con = sqlite3.connect(path)
    try:
        history: dict[str, list[tuple[str, str]]] = {}
        for cid, to, on in con.execute(
                "SELECT candidate_id, to_status, changed_on FROM status_changes "
                "WHERE deleted = 0"):
            history.setdefault(cid, []).append((to, on))
        out = {}
        for cid, unit, agency, movement, kind, status, status_date in con.execute(
                "SELECT id, unit_code, lead_agency_id, movement_id, kind, status, "
                "status_date FROM candidates WHERE deleted = 0"):
            firsts = []
            for statuses in (REG, REC):
                days = [on for to, on in history.get(cid, []) if to in statuses]
                firsts.append(min(days) if days else
                              status_date if status in statuses else None)
            out[cid] = (unit, agency, movement, kind, *firsts)
        return out
    finally:
        con.close()


def _raw_counts(path, start, cutoff, units=None, by_unit=False) -> dict[tuple, tuple]:
    counts: dict[tuple, list[int]] = {}

    def inside(day):
        return day is not None and (start is None or day >= start.isoformat()) and (
            cutoff is None or day <= cutoff.isoformat())

    for unit, agency, movement, kind, reg, rec in _raw_dates(path).values():
        if agency is None or (units is not None and unit not in units):
            continue
        r, c = int(inside(reg)), int(inside(rec))
        if r or c:
            pair = counts.setdefault((agency, movement, kind, unit if by_unit else None), [0, 0])
            pair[0] += r
            pair[1] += c
    return {k: tuple(v) for k, v in counts.items()}


def _kept_tables_agree(path) -> None:
    """The per-candidate table and every aggregate match the raw tables."""
    raw = _raw_dates(path)
    con = sqlite3.connect(path)
    try:
        kept = {r[0]: (r[1], r[2] or None, r[3] or None, r[4], r[5], r[6]) for r in con.execute(
            "SELECT candidate_id, unit_code, lead_agency_id, movement_id, kind, "
            "registered_on, recognised_on FROM candidate_dates")}
        assert kept == raw
        months: dict[tuple, int] = {}
        for unit, agency, movement, kind, reg, rec in raw.values():
            for event, day in ((0, reg), (1, rec)):
                if day is not None:
                    key = (unit, event, day[:7], agency or "", movement or "", kind)
                    months[key] = months.get(key, 0) + 1
        per_unit = {tuple(r[:-1]): r[-1] for r in con.execute(
            "SELECT unit_code, event, month, lead_agency_id, movement_id, kind, n "
            "FROM dated_counts WHERE n != 0")}
        assert per_unit == months
        totals: dict[tuple, int] = {}
        for (_u, *rest), n in months.items():
            totals[tuple(rest)] = totals.get(tuple(rest), 0) + n
        assert {tuple(r[:-1]): r[-1] for r in con.execute(
            "SELECT event, month, lead_agency_id, movement_id, kind, n FROM dated_totals "
            "WHERE n != 0")} == totals
        units: dict[str, int] = {}
        for unit, *_rest in raw.values():
            units[unit] = units.get(unit, 0) + 1
        assert dict(con.execute("SELECT unit_code, n FROM dated_units WHERE n != 0")) == units
    finally:
        con.close()


def _service_agrees(db, unit_codes=(None, "64", "622", "628")) -> None:
    from app.services.dated_counts import scope_of
    from app.services.plan import Window, kind_counts

    with db.session() as s:
        for unit in unit_codes:
            scope = None if unit is None else scope_of(s, unit)
            for start, cutoff in WINDOWS:
                for by_unit in (False, True):
                    got = kind_counts(s, Window(start, cutoff), unit, by_unit)
                    assert got == _raw_counts(db.path, start, cutoff, scope, by_unit), \
                        (unit, start, cutoff, by_unit)


def test_dated_counts_equal_a_recount_after_every_kind_of_change(db, tmp_path):
    from app.models import Candidate, StatusChange
    from app.services.demo import DemoSize, generate
    from app.services.lifecycle import change_status

    generate(db, replace(DemoSize.preset("district"), max_communes=12, candidates=400), seed=3)
    _kept_tables_agree(db.path)
    _service_agrees(db)

    with db.transaction() as s:
        rows = list(s.scalars(select(Candidate).where(Candidate.deleted.is_(False))
                              .order_by(Candidate.id).limit(40)))
        for c in rows[:5]:  # an edit of what a candidate is counted by
            c.unit_code, c.kind = "628", "household"
        for c in rows[5:10]:
            c.deleted = True
        rows[10].lead_agency_id = None
        rows[11].status, rows[11].status_date = "cong_nhan", date(2024, 5, 2)
        history = list(s.scalars(select(StatusChange).where(
            StatusChange.candidate_id.in_([c.id for c in rows[12:20]]))))
        for h in history[::2]:  # history fixed by hand: a date moved, a change removed
            h.changed_on = date(2022, 2, 28)
        for h in history[1::3]:
            h.deleted = True
        s.flush()
        rows[5].deleted = False  # deleted and restored in one transaction
        victim = rows[20]
        for h in s.scalars(select(StatusChange).where(StatusChange.candidate_id == victim.id)):
            s.delete(h)
        s.flush()
        s.delete(victim)
    _kept_tables_agree(db.path)

    added = add_person(db, "Mai", ho="Siu", unit="628")
    with db.transaction() as s:
        s.get(Candidate, added).lead_agency_id = rows[0].lead_agency_id
        s.flush()
        change_status(s, added, "dang_ky", user="cán bộ", reason="")
        change_status(s, added, "boi_duong", user="cán bộ", reason="")
    with pytest.raises(RuntimeError), db.transaction() as s:
        for c in s.scalars(select(Candidate).limit(30)):
            c.kind = "cooperative"
        change_status(s, rows[30].id, "rut", user="cán bộ", reason="rút")
        s.flush()
        raise RuntimeError("the user cancelled")
    _kept_tables_agree(db.path)
    _service_agrees(db)
    from app.services.candidates import CandidateFilter, count_candidates

    with db.session() as s:  # the register's whole count, from the kept totals
        assert count_candidates(s, CandidateFilter()) == len(_raw_dates(db.path))


def test_dated_counts_after_an_excel_import(db, tmp_path):
    from openpyxl import Workbook

    from app.services import excel

    wb = Workbook()
    ws = wb.active
    ws.append(["Loại đối tượng", "Họ", "Tên đệm", "Tên", "Giới tính", "Năm sinh", "Dân tộc",
               "Mã đơn vị", "Mã phong trào", "Loại mô hình", "Năm", "Thành tích"])
    for i in range(12):
        ws.append(["Cá nhân", "Ksor", "H'", f"Lan {i:02d}", "Nữ", 1980 + i, "Jrai", "628",
                   "DSVH", "3.2.2b", 2024, "Gương mẫu"])
    path = tmp_path / "nhap.xlsx"
    wb.save(path)
    with db.session() as s:
        preview = excel.preview_import(s, path)
    with db.transaction() as s:
        assert excel.apply_import(s, preview, user="cán bộ") == 12
    _kept_tables_agree(db.path)
    _service_agrees(db, (None, "628"))


def test_dated_counts_after_a_sync_package(template_db, tmp_path):
    from app.services.lifecycle import change_status
    from app.services.sync import export, importer

    two = offices(template_db, tmp_path / "o")
    try:
        ids = [add_person(two.commune, f"Nhi {i}", ho="Siu") for i in range(4)]
        with two.commune.transaction() as s:
            for cid in ids[:3]:
                change_status(s, cid, "dang_ky", user="cán bộ", reason="")
            change_status(s, ids[0], "boi_duong", user="cán bộ", reason="")
        with two.commune.transaction() as s:
            package = export.export_package(s, tmp_path)
        importer.import_file(two.province, package.path)
        for office in (two.commune, two.province):
            _kept_tables_agree(office.path)
            _service_agrees(office, (None, "52", COMMUNE))
        con = sqlite3.connect(two.province.path)
        assert con.execute("SELECT count(*) FROM candidate_dates WHERE registered_on "
                           "= ?", (date.today().isoformat(),)).fetchone() == (3,)
        con.close()
    finally:
        two.close()


def test_list_targets_prints_the_recount_of_the_raw_tables(db, tmp_path):
    """``dhtt list targets --json`` on a generated file: each registered and recognised
    figure equal to a count of the raw tables, per phase."""
    from app.services.demo import DemoSize, generate
    from app.services.plan import TARGET_KINDS

    generate(db, replace(DemoSize.preset("district"), max_communes=8, candidates=300), seed=5)
    con = sqlite3.connect(db.path)
    phases = {code: (date.fromisoformat(a), date.fromisoformat(b)) for code, a, b in
              con.execute("SELECT code, start_date, end_date FROM phases WHERE deleted = 0")}
    agencies = dict(con.execute("SELECT code, id FROM lead_agencies"))
    movements = dict(con.execute("SELECT code, id FROM movements"))
    con.close()
    for phase in (*phases, None):
        if phase:
            start, cutoff = phases[phase]
        else:
            start, cutoff = min(a for a, _ in phases.values()), max(b for _, b in phases.values())
        raw = _raw_counts(db.path, start, cutoff)
        out = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(db.path), "list", "targets", "--json",
             *(["--phase", phase] if phase else [])],
            capture_output=True, text=True, check=True).stdout
        targets = json.loads(out)
        assert targets
        for t in targets:
            a, m = agencies[t["lead_agency_code"]], movements[t["movement_code"]]
            for k in t["registered"]:
                kind = TARGET_KINDS[k]
                want = [sum(v[i] for (ra, rm, rk, _u), v in raw.items()
                            if ra == a and rm == m and kind in (None, rk)) for i in (0, 1)]
                assert [t["registered"][k], t["recognised"][k]] == want, (phase, t["id"], k)
        assert sum(sum(t["registered"].values()) for t in targets) > 0
