"""Khen thưởng & In: the selection follows the award, a proposal cannot be doubled, a
proposal can be withdrawn and a decided award revoked (issue 7, points 2 and 3)."""

from __future__ import annotations

from datetime import date

from conftest import type_text
from pypdf import PdfReader

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from app.models import AuditEntry, Award, Status
from app.services.awards import propose_award
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate

# Vietnamese order by given name: Blơi, H'Lan, Tuyết.
PEOPLE = [("Nguyễn Thị Ánh", "Tuyết"), ("Ksor", "H'Lan"), ("Rơ Mah", "Blơi")]


def _recognised(db) -> dict[str, str]:
    ids = {}
    with db.transaction() as s:
        for ho, ten in PEOPLE:
            cid = save_candidate(s, CandidateInput(
                kind="individual", unit_code="23764", ho=ho, ten=ten, model_type_code="3.2.2b",
                movement_code="DSVH", year=2025), on=date(2025, 1, 5)).candidate_id
            for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                           Status.RECOGNISED):
                change_status(s, cid, target, on=date(2025, 6, 1))
            ids[ten] = cid
    return ids


def _propose_all(db, cids) -> None:
    with db.transaction() as s:
        for cid in cids.values():
            propose_award(s, year=2025, candidate_id=cid)


def _tab(qtbot, ctx):
    from app.ui.awards.tab import AwardsTab

    ctx.office_unit_code = "23764"
    tab = AwardsTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 600)
    tab.show()
    return tab


def _click_row(qtbot, table, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _names(tab):
    return [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]


def _selected_names(tab):
    return [r.recipient_name for r in tab.selected()]


def _decide_in_dialog(qtbot, tab, number="125/"):
    from app.ui.awards.decision_dialog import DecisionDialog

    qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in tab.findChildren(DecisionDialog) if d.isVisible())
    qtbot.keyClicks(dialog.number, number)
    type_text(dialog.number, "QĐ-UBND")
    dialog.signed_on.setDate(QDate(2025, 12, 20))
    type_text(dialog.signer, "Nguyễn Văn Hùng")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_printing_right_after_a_decision_prints_the_people_just_decided(
        qtbot, ctx, db, tmp_path, monkeypatch):
    _propose_all(db, _recognised(db))
    tab = _tab(qtbot, ctx)
    assert _names(tab) == ["Rơ Mah Blơi", "Ksor H'Lan", "Nguyễn Thị Ánh Tuyết"]
    assert not tab.decide_button.isEnabled() and not tab.print_button.isEnabled()
    assert tab.decide_button.toolTip() == "Hãy chọn các dòng đề nghị mà quyết định này khen thưởng."
    _click_row(qtbot, tab.table, 2)  # Tuyết, the last row
    assert tab.decide_button.isEnabled() and tab.decide_button.toolTip() == ""
    _decide_in_dialog(qtbot, tab)
    # Decided awards move up into register order; the highlight moved with Tuyết.
    assert _names(tab) == ["Nguyễn Thị Ánh Tuyết", "Rơ Mah Blơi", "Ksor H'Lan"]
    assert _selected_names(tab) == ["Nguyễn Thị Ánh Tuyết"]
    assert tab.table.item(0, 0).text() == "1"

    out = tmp_path / "giay-khen.pdf"
    printed = []
    monkeypatch.setattr(tab, "print_certificates", lambda ids: printed.append(ids))
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    type(tab).print_certificates(tab, printed[0], out)
    pages = PdfReader(str(out)).pages
    assert len(pages) == 1 and "Nguyễn Thị Ánh Tuyết" in pages[0].extract_text()
    tab.preview.close()


def test_two_people_selected_stay_selected_after_the_decision(qtbot, ctx, db):
    _propose_all(db, _recognised(db))
    tab = _tab(qtbot, ctx)
    _click_row(qtbot, tab.table, 0)                                   # Blơi
    _click_row(qtbot, tab.table, 2, Qt.KeyboardModifier.ControlModifier)  # Tuyết
    _decide_in_dialog(qtbot, tab)
    assert _names(tab) == ["Rơ Mah Blơi", "Nguyễn Thị Ánh Tuyết", "Ksor H'Lan"]
    assert sorted(_selected_names(tab)) == ["Nguyễn Thị Ánh Tuyết", "Rơ Mah Blơi"]


def test_a_second_proposal_of_the_same_award_is_refused(qtbot, ctx, db):
    from app.ui.candidates.detail import CandidateDetailDialog

    cids = _recognised(db)
    page = CandidateDetailDialog(ctx, cids["Blơi"])
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert ctx.errors == [f"Rơ Mah Blơi đã có đề nghị khen thưởng này năm {date.today().year}, "
                          "đang chờ quyết định."]
    with db.session() as s:
        assert s.query(Award).filter_by(candidate_id=cids["Blơi"], deleted=False).count() == 1


def test_a_proposal_is_withdrawn_after_confirmation_and_kept_in_the_history(
        qtbot, ctx, db, monkeypatch):
    _propose_all(db, _recognised(db))
    tab = _tab(qtbot, ctx)
    assert tab.table.item(0, 8).text().startswith(date.today().strftime("%d/%m/%Y"))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: (
        asked.append(text), QMessageBox.StandardButton.No)[1])
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    _click_row(qtbot, tab.table, 1)  # H'Lan
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    assert "Ksor H'Lan" in asked[0] and len(_names(tab)) == 3  # "No": nothing happens
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    assert _names(tab) == ["Rơ Mah Blơi", "Nguyễn Thị Ánh Tuyết"]
    assert told == ["Đã rút đề nghị khen thưởng cho Ksor H'Lan."]
    with db.session() as s:
        # the withdrawal is named in the trail (beside the trail's own "delete" entry)
        assert "award_withdrawn" in [e.action for e in s.query(AuditEntry).filter_by(
            table_name="awards").order_by(AuditEntry.id)][-2:]


def test_a_decided_award_is_revoked_only_with_a_reason_and_its_number_stays_used(
        qtbot, ctx, db, monkeypatch):
    cids = _recognised(db)
    _propose_all(db, {"Blơi": cids["Blơi"]})
    tab = _tab(qtbot, ctx)
    _click_row(qtbot, tab.table, 0)
    _decide_in_dialog(qtbot, tab)
    assert not tab.withdraw_button.isEnabled() and tab.revoke_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    qtbot.mouseClick(tab.revoke_button, Qt.MouseButton.LeftButton)
    assert ctx.errors == ["Nhập lý do thu hồi khen thưởng."]
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: ("Khen nhầm người, theo văn bản 12/UBND", True))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    qtbot.mouseClick(tab.revoke_button, Qt.MouseButton.LeftButton)
    assert tab.table.item(0, 0).text() == "1" and tab.table.item(0, 7).text() == "Đã thu hồi"
    assert not tab.print_button.isEnabled()
    # The next decision of the same authority and year takes number 2, never 1 again.
    _propose_all(db, {"H'Lan": cids["H'Lan"]})
    tab.reload()
    row = _names(tab).index("Ksor H'Lan")
    _click_row(qtbot, tab.table, row)
    _decide_in_dialog(qtbot, tab, number="126/")
    numbers = {tab.table.item(r, 1).text(): tab.table.item(r, 0).text()
               for r in range(tab.table.rowCount())}
    assert numbers == {"Rơ Mah Blơi": "1", "Ksor H'Lan": "2"}


def test_withdrawing_a_proposal_another_window_removed_says_so_and_refreshes(
        qtbot, ctx, db, monkeypatch):
    _propose_all(db, _recognised(db))
    tab = _tab(qtbot, ctx)
    _click_row(qtbot, tab.table, 0)
    with db.transaction() as s:  # the other window withdrew Blơi meanwhile
        from app.services.awards import withdraw_proposal

        withdraw_proposal(s, tab.selected()[0].id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    assert ctx.errors == ["Khen thưởng này đã bị xóa ở nơi khác; danh sách đã được làm mới."]
    assert _names(tab) == ["Ksor H'Lan", "Nguyễn Thị Ánh Tuyết"]


def test_the_candidate_page_withdraws_its_open_proposal(qtbot, ctx, db, monkeypatch):
    from app.ui.candidates.detail import CandidateDetailDialog

    cids = _recognised(db)
    page = CandidateDetailDialog(ctx, cids["Tuyết"])
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert page.tabs.tabText(5) == "Khen thưởng (1)"
    page.tabs.setCurrentIndex(5)
    assert not page.withdraw_button.isEnabled()
    page.awards_table.selectRow(0)
    assert page.awards_table.item(0, 6).text() == "Đề nghị"
    assert page.withdraw_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    assert page.tabs.tabText(5) == "Khen thưởng (0)"
    with db.session() as s:
        assert s.query(Award).filter_by(candidate_id=cids["Tuyết"], deleted=False).count() == 0
