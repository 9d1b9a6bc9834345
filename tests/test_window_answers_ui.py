"""Points of issue 7 driven through the window as an officer does: proposals say who made
them and when (3), the selection stays on the record through an import (2), success is
said with an information icon (6), the replication dialog's wording and unit (11)."""

from __future__ import annotations

from openpyxl import Workbook
from test_accounts_ui import with_accounts
from test_awards_selection_ui import _recognised
from test_awards_selection_ui import _tab as _awards_tab
from test_candidates_selection_ui import _click, _names, _register, _tab

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QMessageBox

from app.dates import format_date
from app.services import accounts


def test_a_proposal_shows_who_made_it_and_when(qtbot, ctx, db):
    from datetime import date

    from app.ui.candidates.detail import CandidateDetailDialog

    cids = _recognised(db)
    with_accounts(db)
    ctx.actor = accounts.authenticate(db, "cb.iakha", "12345678")
    ctx.user_name = "cb.iakha"
    page = CandidateDetailDialog(ctx, cids["H'Lan"])
    qtbot.addWidget(page)
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)  # Đề nghị khen thưởng
    assert ctx.errors == []
    tab = _awards_tab(qtbot, ctx)
    rows = {tab.table.item(r, 1).text(): tab.table.item(r, 8).text()
            for r in range(tab.table.rowCount())}
    assert rows == {"Ksor H'Lan": f"{format_date(date.today())} · cb.iakha"}
    assert tab.table.horizontalHeaderItem(8).text() == "Đề nghị"


def test_the_selection_stays_on_the_person_through_an_import(qtbot, ctx, db, tmp_path,
                                                            monkeypatch):
    from app.ui.excel.actions import ImportPreviewDialog, import_excel

    _register(db)
    tab = _tab(qtbot, ctx)
    _click(qtbot, tab, 1)
    chosen = _names(tab)[1]
    assert chosen == "Rơ Mah Blơi"
    path = tmp_path / "them.xlsx"
    wb = Workbook()
    wb.active.append(["Họ", "Tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    for ho, ten in (("Nguyễn Văn", "An"), ("Lê Thị", "Ánh")):  # both sort before Blơi
        wb.active.append([ho, ten, 1980, "628", "Cá nhân"])
    wb.save(path)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append("WARNING " + a[2]))
    import_excel(ctx, tab, str(path))
    preview = tab.findChild(ImportPreviewDialog)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert told == ["Đã thêm 2 dòng, bỏ qua 0 dòng đã có trong sổ, từ chối 0 dòng."]
    assert _names(tab).index(chosen) == 3
    assert [i.data() for i in tab.view.selectionModel().selectedRows()] == [chosen]


def test_success_is_told_with_an_information_icon(qtbot, ctx, db, tmp_path, monkeypatch):
    import app.ui.excel.actions as actions

    tab = _tab(qtbot, ctx)
    target = tmp_path / "mau.xlsx"
    monkeypatch.setattr(actions.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    shown = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind: shown.append((k, a[2])))
    qtbot.mouseClick(tab.template_button, Qt.MouseButton.LeftButton)
    assert shown == [("information", f"Đã ghi tệp mẫu nhập liệu {target}.")]
    assert target.stat().st_size > 0


def test_the_replication_dialog_says_loai_hoat_dong_and_starts_at_the_persons_unit(qtbot, ctx,
                                                                                  db):
    from app.services.register import CandidateInput, save_candidate
    from app.ui.candidates.activity_dialog import ActivityDialog

    with db.transaction() as s:  # a person of the commune Ia Hrung; the office is the district
        save_candidate(s, CandidateInput(kind="individual", unit_code="23767-2025", ho="Siu",
                                         ten="Ngơr", model_type_code="3.2.2b"))
    tab = _tab(qtbot, ctx)
    _click(qtbot, tab, 0)
    qtbot.mouseClick(tab.activity_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in tab.findChildren(ActivityDialog) if d.isVisible())
    form = dialog.findChild(QFormLayout)
    labels = [form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget().text()
              for r in range(form.rowCount())
              if form.itemAt(r, QFormLayout.ItemRole.LabelRole) is not None]
    assert labels[0] == "Loại hoạt động"
    assert dialog.unit.code() == "23767-2025"
    assert "Xã Ia Hrung" in dialog.unit.currentText() and "2025" not in dialog.unit.currentText()


def test_an_old_record_keeps_its_former_unit_marked_and_only_that_one(qtbot, ctx, db):
    from app.services.register import CandidateInput, save_candidate
    from app.ui.candidates.form import CandidateForm

    with db.transaction() as s:  # registered in 2022 under the district dissolved in 2025
        cid = save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho="Rơ Mah",
                                               ten="Blơi", year=2022)).candidate_id
    form = CandidateForm(ctx, None, candidate_id=cid)
    qtbot.addWidget(form)
    unit = form.f["unit"]
    assert unit.code() == "628"
    assert unit.currentText().startswith("Huyện Ia Grai") and "(đã giải thể" in unit.currentText()
    retired = {c.code for c in unit.choices() if c.retired}
    # Not every former unit: only the one this record needs, under the former province 64.
    assert retired == {"628", "64"}
    ctx.office_unit_code = "23764-2025"  # an office of the structure in force
    new = CandidateForm(ctx, None)
    qtbot.addWidget(new)
    assert not [c for c in new.f["unit"].choices() if c.retired]
