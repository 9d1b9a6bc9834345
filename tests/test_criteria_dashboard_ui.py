"""The Tiêu chí tab's editing and the Tổng hợp tab's phases, chart and drill-down."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.models import CriteriaSet, ModelType, Status
from app.services.assessments import checklist_for, save_assessment
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate


def _find_type(tab, code):
    for i in range(tab.tree.topLevelItemCount()):
        item = tab.tree.topLevelItem(i)
        if item.text(0) == code:
            return item
    raise AssertionError(code)


def _save(dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_commune_adds_its_own_criterion_and_the_tab_shows_it(qtbot, ctx, db):
    from app.ui.criteria.edit_dialog import CriteriaEditDialog
    from app.ui.criteria.tab import CriteriaTab

    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    item = _find_type(tab, "3.1.3")
    plan_count = item.childCount()
    tab.tree.setCurrentItem(item.child(0))
    dialog = CriteriaEditDialog(ctx, tab.selected_type(), unit_code="628", parent=tab)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == plan_count + 1
    dialog.table.item(plan_count, 0).setText("Có sản phẩm OCOP đạt 3 sao trở lên")
    _save(dialog)
    item = _find_type(tab, "3.1.3")
    assert item.childCount() == plan_count + 1
    assert item.child(plan_count).text(1) == "Có sản phẩm OCOP đạt 3 sao trở lên"
    assert "tiêu chí riêng của đơn vị" in item.text(1)


def test_a_commune_cannot_rewrite_the_plans_criteria(qtbot, ctx, monkeypatch):
    from app.ui.criteria.tab import CriteriaTab

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    ctx.office_unit_code = "23764"  # a commune office
    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.tree.setCurrentItem(_find_type(tab, "3.1.1"))
    tab.edit()
    assert shown and "do cấp tỉnh quy định" in shown[0]


def test_province_edits_a_used_set_and_gets_a_new_version(qtbot, ctx, db):
    from app.ui.criteria.edit_dialog import CriteriaEditDialog
    from app.ui.criteria.tab import CriteriaTab

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho="Ksor",
                                               ten="H'Lan", model_type_code="3.2.2b")).candidate_id
        checklist = checklist_for(s, cid, date(2024, 3, 1))
        save_assessment(s, checklist, on=date(2024, 3, 1))
    ctx.office_unit_code = "64"
    tab = CriteriaTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.tree.setCurrentItem(_find_type(tab, "3.2.2b"))
    dialog = CriteriaEditDialog(ctx, tab.selected_type(), parent=tab)
    qtbot.addWidget(dialog)
    assert "phiên bản mới" in dialog.notice.text()
    dialog.table.item(0, 0).setText("Gương mẫu chấp hành chủ trương, chính sách")
    _save(dialog)
    with db.session() as s:
        mt = s.scalar(select(ModelType.id).where(ModelType.code == "3.2.2b"))
        assert s.scalar(select(func.count()).select_from(CriteriaSet)
                        .where(CriteriaSet.model_type_id == mt)) == 3  # the plan's 1 and 2, the edit
    assert "(phiên bản 3)" in _find_type(tab, "3.2.2b").text(1)


def test_dashboard_counts_per_phase_draws_a_chart_and_drills_down(qtbot, ctx, db):
    from app.ui.dashboard.tab import DashboardTab

    with db.transaction() as s:
        for year, unit in ((2022, "23764"), (2024, "23764"), (2024, "630")):
            cid = save_candidate(s, CandidateInput(
                kind="collective", unit_code=unit, display_name=f"Hợp tác xã {year} {unit}",
                movement_code="NTM", model_type_code="3.1.3", year=year),
                on=date(year, 1, 10)).candidate_id
            for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                           Status.RECOGNISED):
                change_status(s, cid, target, on=date(year, 6, 1))
    ctx.office_unit_code = "64"
    tab = DashboardTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    ntm = next(i for i, t in enumerate(tab._targets) if t["movement_code"] == "NTM")
    assert sum(tab._targets[ntm]["recognised"].values()) == 3
    tab.phase.setCurrentIndex(tab.phase.findData("GD1"))
    assert sum(tab._targets[ntm]["recognised"].values()) == 1
    qtbot.waitUntil(lambda: tab._chart_view is not None)  # drawn once the changes settle
    assert tab._chart_view.chart().series()[0].count() == 2  # registered and recognised bars
    tab.phase.setCurrentIndex(0)
    tab.table.selectRow(ntm)
    names = {tab.units.item(r, 0).text().rstrip(" ›"): tab.units.item(r, 2).text()
             for r in range(tab.units.rowCount())}
    assert names["Huyện Ia Grai"] == "2" and names["Huyện Kông Chro"] == "1"
    row = next(r for r in range(tab.units.rowCount())
               if tab.units.item(r, 0).text().startswith("Huyện Ia Grai"))
    tab.drill_down(row)
    assert "Ia Grai" in tab.crumbs.text()
    below = {tab.units.item(r, 0).text().rstrip(" ›"): tab.units.item(r, 2).text()
             for r in range(tab.units.rowCount())}
    assert below["Thị trấn Ia Kha"] == "2"
    tab.drill_up()
    assert tab.units.rowCount() == len(names)
