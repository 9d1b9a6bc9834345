"""The figures of the reviews against the raw tables: targets per kind and per unit, the
review's window at its cut-off, a commune's contribution without a verdict. Expected
figures are computed here with plain SQL and Python, not through app.services.plan."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.reports.printing import ReportOptions, review_document, write_document
from app.services.demo import DemoSize, generate
from app.services.plan import targets_report
from app.services.review_figures import review_figures

REGISTERED = ("dang_ky", "boi_duong", "danh_gia", "cong_nhan", "nhan_rong")
RECOGNISED = ("cong_nhan", "nhan_rong")
KIND_OF = {"collectives": "collective", "individuals": "individual",
           "households": "household", "cooperatives": "cooperative",
           "coop_groups": "coop_group"}


@pytest.fixture
def demo_db(db, db_path):
    generate(db, DemoSize("628", 3, 3, 400), seed=8)
    return db, db_path


def _scope(con: sqlite3.Connection, code: str) -> set[str]:
    """The unit, everything below it, and the retired units it succeeded (plain Python)."""
    units = con.execute("SELECT code, parent_code, successor_code FROM admin_units").fetchall()
    scope, changed = {code}, True
    while changed:
        changed = False
        for c, parent, successor in units:
            if c not in scope and (parent in scope or successor in scope):
                scope.add(c)
                changed = True
    return scope


def _expected(path, unit: str | None, start: str, cutoff: str) -> dict:
    """{(agency code, kind): [registered, recognised]} in the window, from raw tables."""
    con = sqlite3.connect(path)
    scope = _scope(con, unit) if unit else None
    out: dict[tuple[str, str], list[int]] = {}
    rows = con.execute(
        "SELECT c.id, c.unit_code, a.code, c.kind FROM candidates c "
        "JOIN lead_agencies a ON a.id = c.lead_agency_id WHERE c.deleted = 0").fetchall()
    firsts: dict[tuple[str, bool], str] = {}
    for cid, to_status, on in con.execute(
            "SELECT candidate_id, to_status, changed_on FROM status_changes WHERE deleted = 0"):
        for recognised, statuses in ((False, REGISTERED), (True, RECOGNISED)):
            if to_status in statuses:
                key = (cid, recognised)
                firsts[key] = min(firsts.get(key, on), on)
    for cid, unit_code, agency, kind in rows:
        if scope is not None and unit_code not in scope:
            continue
        counts = out.setdefault((agency, kind), [0, 0])
        for i, recognised in enumerate((False, True)):
            on = firsts.get((cid, recognised))
            if on and start <= on <= cutoff:
                counts[i] += 1
    con.close()
    return out


def test_targets_are_judged_per_kind_against_the_raw_tables(demo_db):
    db, path = demo_db
    expected = _expected(path, None, "2021-01-01", "2023-06-11")
    with db.session() as session:
        report = targets_report(session, "GD1")
    assert len(report) == 14
    for t in report:
        for field, v in t["per_kind"].items():
            if field == "examples":
                want = [sum(n[i] for (a, _k), n in expected.items() if a == t["lead_agency_code"])
                        for i in (0, 1)]
            else:
                want = expected.get((t["lead_agency_code"], KIND_OF[field]), [0, 0])
            assert [v["registered"], v["recognised"]] == want, (t["lead_agency_code"], field)
            assert v["met"] == (want[1] >= t["minimums"][field])
        assert t["met"] == all(v["met"] for v in t["per_kind"].values())


def test_the_figures_follow_every_change_of_the_register_in_the_same_program(demo_db):
    # The dated candidates are kept between period changes of the Tổng hợp tab; a status
    # change, a new candidate or a deletion must show at the next count all the same.
    from app.models import Candidate
    from app.services.lifecycle import change_status
    from app.services.register import CandidateInput, save_candidate

    db, path = demo_db

    def both() -> tuple[dict, dict]:
        raw = _expected(path, None, "2021-01-01", "2025-12-31")
        with db.session() as session:
            report = targets_report(session)
        got, want = {}, {}
        for t in report:
            for field, v in t["per_kind"].items():
                key = (t["lead_agency_code"], field)
                got[key] = [v["registered"], v["recognised"]]
                if field == "examples":
                    want[key] = [sum(n[i] for (a, _k), n in raw.items()
                                     if a == t["lead_agency_code"]) for i in (0, 1)]
                else:
                    want[key] = raw.get((t["lead_agency_code"], KIND_OF[field]), [0, 0])
        return got, want

    def counted() -> dict:
        return both()[0]

    def expected() -> dict:
        return both()[1]

    before = counted()
    assert before == expected()
    with db.transaction() as session:
        waiting = session.scalars(select(Candidate).where(
            Candidate.status == "danh_gia", Candidate.lead_agency_id.is_not(None),
            Candidate.deleted.is_(False)).limit(3)).all()
        for c in waiting:
            change_status(session, c.id, "cong_nhan", on=date(2024, 5, 2))
    assert counted() == expected() != before
    with db.transaction() as session:
        save_candidate(session, CandidateInput(
            kind="individual", display_name="Siu H'Nhung", unit_code="23788",
            lead_agency_code="SYT", movement_code="YTE", status="cong_nhan", year=2024),
            on=date(2024, 6, 1), allow_duplicate=True)
    assert counted() == expected()
    with db.transaction() as session:
        recognised = session.scalar(select(Candidate).where(
            Candidate.status == "cong_nhan", Candidate.deleted.is_(False)).limit(1))
        recognised.deleted = True
    assert counted() == expected()


def test_a_department_with_no_collectives_is_not_met_whatever_its_individuals(db):
    from app.services.register import CandidateInput, save_candidate

    with db.transaction() as session:
        for i in range(25):
            save_candidate(session, CandidateInput(
                kind="individual", display_name=f"Nguyễn Văn Yên {i}", unit_code="23788",
                lead_agency_code="SYT", movement_code="YTE", status="cong_nhan", year=2022),
                on=date(2022, 3, 1), allow_duplicate=True)
    with db.session() as session:
        syt = next(t for t in targets_report(session, "GD1") if t["lead_agency_code"] == "SYT")
    assert syt["per_kind"]["individuals"] == {"minimum": 10, "registered": 25,
                                              "recognised": 25, "met": True}
    assert syt["per_kind"]["collectives"]["recognised"] == 0
    assert syt["met"] is False


def _pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", " ")


def test_commune_review_counts_its_window_and_reports_a_contribution(demo_db, tmp_path):
    db, path = demo_db
    con = sqlite3.connect(path)
    commune = con.execute(
        "SELECT unit_code, count(*) FROM candidates GROUP BY unit_code "
        "ORDER BY 2 DESC").fetchone()[0]
    con.close()
    expected = _expected(path, commune, "2021-01-01", "2023-06-11")
    with db.session() as session:
        figures = review_figures(session, commune, "so_ket")
        by_unit = targets_report(session, "GD1", unit_code=commune)
        doc = review_document(session, commune, "so_ket", ReportOptions(
            number="05/BC-UBND", signer_name="Rơ Mah Blơi", signed_on=date(2023, 6, 5)))
    assert figures.judges_province_targets is False
    assert all(t["met"] is None for t in figures.targets)  # no verdict on the province's
    registered = sum(v[0] for v in expected.values())
    recognised = sum(v[1] for v in expected.values())
    out = write_document(doc, tmp_path / "so-ket.pdf")
    pdf = _pdf_text(out)
    assert "0/14" not in pdf and "Chưa đạt chỉ tiêu" not in pdf
    target_registered = sum(
        expected.get((t["lead_agency_code"], KIND_OF.get(k, "")), [0, 0])[0]
        if k != "examples" else sum(n[0] for (a, _), n in expected.items()
                                    if a == t["lead_agency_code"])
        for t in by_unit for k in t["per_kind"])
    assert registered and recognised
    assert f"đóng góp {target_registered} điển hình đăng ký" in pdf


def test_interim_review_uses_the_status_history_not_todays_status(db):
    """A candidate of year 2022 registered only in 2024 is not in the sơ kết (cut-off
    11/6/2023); one registered in 2022 and judged không đạt later is still registered."""
    from app.services.lifecycle import change_status
    from app.services.register import CandidateInput, save_candidate

    with db.transaction() as session:
        late = save_candidate(session, CandidateInput(
            kind="individual", display_name="Siu H'Nhung", unit_code="23788",
            lead_agency_code="SYT", movement_code="YTE", status="dang_ky", year=2022),
            on=date(2024, 2, 1)).candidate_id
        failed = save_candidate(session, CandidateInput(
            kind="individual", display_name="Ksor H'Lan", unit_code="23788",
            lead_agency_code="SYT", movement_code="YTE", status="dang_ky", year=2022),
            on=date(2022, 2, 1)).candidate_id
        change_status(session, failed, "boi_duong", on=date(2022, 9, 1))
        change_status(session, failed, "danh_gia", on=date(2023, 3, 1))
        change_status(session, failed, "khong_dat", on=date(2024, 5, 1), reason="Không đạt")
    with db.session() as session:
        gd1 = next(t for t in targets_report(session, "GD1") if t["lead_agency_code"] == "SYT")
        whole = next(t for t in targets_report(session) if t["lead_agency_code"] == "SYT")
        sk = review_figures(session, "64", "so_ket")
    assert gd1["registered"]["individuals"] == 1
    assert whole["registered"]["individuals"] == 2
    syt = next(t for t in sk.targets if t["lead_agency_code"] == "SYT")
    assert syt["registered"] == gd1["registered"]
    assert late
