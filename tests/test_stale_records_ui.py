"""A record deleted or changed by another window of the same office since it was shown:
a message saying so and a refreshed view, never an exception or a change applied to the
wrong record (issue 7, "Bad input")."""

from __future__ import annotations

import pytest
from conftest import type_text
from sqlalchemy import select
from test_awards_selection_ui import _propose_all, _recognised
from test_awards_selection_ui import _tab as _awards_tab
from test_candidates_selection_ui import _click, _names, _register, _tab
from test_register_ui import choose, save_button

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.models import Award, Candidate, Status, StatusChange
from app.services.awards import AwardStatus, withdraw_proposal
from app.services.lifecycle import change_status

GONE = "Điển hình này không còn trong cơ sở dữ liệu."
CHANGED = ("Hồ sơ này đã được thay đổi ở một cửa sổ khác sau khi hiện ở đây. Hồ sơ được hiện "
           "lại như hiện nay; hãy kiểm tra rồi làm lại.")


def _open_dialogs(tab):
    return [w for w in tab.findChildren(QDialog) if w.isVisible()]


def _delete_elsewhere(db, cid) -> None:
    """What a package from another office does to a record it deleted there."""
    with db.transaction() as s:
        s.get(Candidate, cid).deleted = True


@pytest.mark.parametrize(("button", "message"), [
    ("status_button", GONE), ("assess_button", GONE), ("detail_button", GONE),
    ("activity_button", "Một trong các điển hình đã chọn không còn nữa.")],
    ids=["status", "assess", "open", "replication"])
def test_an_action_on_a_person_deleted_meanwhile_says_so_and_refreshes(qtbot, ctx, db, button,
                                                                       message):
    ids = _register(db)
    tab = _tab(qtbot, ctx)
    _click(qtbot, tab, 0)  # Phạm Thị Anh
    assert tab.selected_id() == ids["Anh"]
    _delete_elsewhere(db, ids["Anh"])
    qtbot.mouseClick(getattr(tab, button), Qt.MouseButton.LeftButton)
    assert ctx.errors == [message]
    qtbot.waitUntil(lambda: not _open_dialogs(tab))  # no empty dialog left open
    assert _names(tab) == ["Rơ Mah Blơi", "Trần Văn Đức", "Ksor H'Lan"]
    assert tab.selected_id() is None  # the highlight is not moved onto someone else


def test_a_status_changed_in_another_window_is_not_overwritten(qtbot, ctx, db):
    from app.ui.candidates.status_dialog import StatusDialog

    ids = _register(db)
    tab = _tab(qtbot, ctx)
    _click(qtbot, tab, 1)  # Rơ Mah Blơi, phát hiện
    qtbot.mouseClick(tab.status_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in _open_dialogs(tab) if isinstance(d, StatusDialog))
    assert "Phát hiện" in dialog.title.text()
    with db.transaction() as s:  # the other window registers her meanwhile
        change_status(s, ids["Blơi"], Status.REGISTERED, user="cb.khac")
    choose(dialog.target, Status.REGISTERED)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == CHANGED
    assert dialog.isVisible() and "Đăng ký" in dialog.title.text()  # shown as it is now
    with db.session() as s:
        changes = s.scalars(select(StatusChange.to_status).where(
            StatusChange.candidate_id == ids["Blơi"]).order_by(StatusChange.created_at)).all()
        assert changes == [Status.DISCOVERED, Status.REGISTERED]  # one change, the other's
    assert tab.model.index(tab.view.currentIndex().row(), 4).data() == "Đăng ký"


def test_an_edit_made_in_another_window_is_not_written_over(qtbot, ctx, db):
    from app.services.detail import candidate_input
    from app.services.register import save_candidate
    from app.ui.candidates.form import CandidateForm

    ids = _register(db)
    form = CandidateForm(ctx, None, candidate_id=ids["Đức"])
    qtbot.addWidget(form)
    form.show()
    with db.transaction() as s:  # another window corrects the year of birth meanwhile
        other = candidate_input(s, ids["Đức"])
        other.birth_year = 1968
        save_candidate(s, other, user="cb.khac")
    form.f["position"].clear()
    type_text(form.f["position"], "Trưởng thôn")
    form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert form.message.text() == CHANGED and form.isVisible()
    with db.session() as s:
        kept = s.get(Candidate, ids["Đức"])
        assert kept.birth_year == 1968 and (kept.position or "") == ""


def test_a_decision_on_a_proposal_withdrawn_elsewhere_says_so_and_refreshes(qtbot, ctx, db):
    from app.ui.awards.decision_dialog import DecisionDialog

    cids = _recognised(db)
    _propose_all(db, cids)
    tab = _awards_tab(qtbot, ctx)
    tab.table.selectAll()
    qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in tab.findChildren(DecisionDialog) if d.isVisible())
    with db.transaction() as s:  # another window withdraws H'Lan's proposal meanwhile
        withdrawn = s.scalar(select(Award.id).where(Award.candidate_id == cids["H'Lan"]))
    with db.transaction() as s:
        withdraw_proposal(s, withdrawn)
    qtbot.keyClicks(dialog.number, "125/")
    type_text(dialog.number, "QĐ-UBND")
    dialog.signed_on.setDate(QDate(2025, 12, 20))
    type_text(dialog.signer, "Nguyễn Văn Hùng")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.message.text() == "Một khen thưởng đã chọn không còn nữa."
    assert "Ksor H'Lan" not in [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]
    with db.session() as s:
        assert set(s.scalars(select(Award.status).where(Award.deleted.is_(False)))) == {
            AwardStatus.PROPOSED}  # nobody decided by a decision that did not go through


def test_a_page_closed_earlier_says_nothing_when_its_person_is_deleted(qtbot, ctx, db):
    from app.ui.candidates.detail import CandidateDetailDialog

    ids = _register(db)
    tab = _tab(qtbot, ctx)
    _click(qtbot, tab, 0)
    qtbot.mouseClick(tab.detail_button, Qt.MouseButton.LeftButton)
    page = next(d for d in _open_dialogs(tab) if isinstance(d, CandidateDetailDialog))
    page.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not page.isVisible()
    _delete_elsewhere(db, ids["Anh"])
    ctx.signals.candidates_changed.emit()  # any later change in the window
    assert ctx.errors == []  # no message about a page no longer on screen
    assert "Phạm Thị Anh" not in _names(tab)
