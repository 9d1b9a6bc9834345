"""The Tổng hợp tab opened by a commune office: what the commune contributed to the
province departments' targets, no verdict on the province's minimums; its own minimums
judged per kind."""

from __future__ import annotations

from datetime import date

from app.models import Status
from app.services.lifecycle import change_status
from app.services.plan import targets_report
from app.services.register import CandidateInput, save_candidate
from app.services.unit_targets import find_target, set_unit_minimums


def test_commune_office_sees_its_contribution_then_its_own_minimums(qtbot, ctx, db):
    from app.ui.dashboard.tab import COL_RESULT, DashboardTab

    with db.transaction() as s:
        # made in Thị trấn Ia Kha in 2024, before it became part of Xã Ia Grai (1/7/2025)
        for i, kind in enumerate(("individual", "individual", "collective")):
            cid = save_candidate(s, CandidateInput(
                kind=kind, unit_code="23764", display_name=f"Trạm Y tế {i}",
                lead_agency_code="SYT", movement_code="YTE", year=2024),
                on=date(2024, 1, 10), allow_duplicate=True).candidate_id
            for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                           Status.RECOGNISED):
                change_status(s, cid, target, on=date(2024, 6, 1))
    ctx.office_unit_code = "23764-2025"
    tab = DashboardTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    summary = tab.summary.text()
    assert "Xã Ia Grai" in summary and "đóng góp" in summary and "0/14" not in summary
    syt = next(i for i, t in enumerate(tab._targets) if t["lead_agency_code"] == "SYT")
    assert tab.table.item(syt, 2).text() == "—"
    assert tab.table.item(syt, 3).text() == "1 tập thể; 2 cá nhân"
    assert all(tab.table.item(r, COL_RESULT).text() == "" for r in range(tab.table.rowCount()))
    assert tab.table.horizontalHeaderItem(2).text() == "Chỉ tiêu của đơn vị"

    with db.transaction() as s:
        set_unit_minimums(s, "23764-2025", find_target(s, "SYT").id,
                          {"collectives": 2, "individuals": "2"})
    tab._data_changed()  # as after any change of the data
    assert tab.table.item(syt, 2).text() == "2 tập thể; 2 cá nhân"
    assert tab.table.item(syt, COL_RESULT).text() == "Chưa đạt: tập thể 1/2"
    assert "Chỉ tiêu riêng của đơn vị: đạt 0/1." in tab.summary.text()
    with db.session() as s:  # the window and list targets --unit agree
        row = next(t for t in targets_report(s, unit_code="23764-2025")
                   if t["lead_agency_code"] == "SYT")
    assert row["per_kind"]["collectives"] == {"minimum": 2, "registered": 1, "recognised": 1,
                                              "met": False}
