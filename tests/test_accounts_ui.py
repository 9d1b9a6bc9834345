"""Login, account management, the audit viewer, backups and restore, driven as a person would."""

from __future__ import annotations

from conftest import type_text
from openpyxl import load_workbook
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

from app.models import Candidate, User
from app.services import accounts
from app.services.access import Role, act_as
from app.services.backup import Reason, make_backup
from app.services.register import CandidateInput, save_candidate

IA_KHA, IA_SAO = "23764", "23767"


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def add_person(db, ten, unit=IA_KHA, actor=None):
    with db.transaction() as s:
        if actor:
            act_as(s, actor)
        return save_candidate(s, CandidateInput(
            kind="individual", unit_code=unit, ho="Ksor", ten=ten, model_type_code="3.2.2b",
            movement_code="DSVH", year=2025, summary="Giữ gìn văn hóa")).candidate_id


def with_accounts(db):
    with db.transaction() as s:
        accounts.make_administrator(s, "quantri", "mat-khau-1", "64")
        accounts.add_user(s, "cb.iakha", "12345678", role=Role.COMMUNE_STAFF, unit_code=IA_KHA)


def test_login_refuses_a_wrong_password_then_locks_then_signs_in(qtbot, ctx, db):
    from app.ui.accounts.login import LoginDialog

    with_accounts(db)
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Đăng nhập DHTT" and ok(dialog).text() == "Đăng nhập"
    qtbot.keyClicks(dialog.name, "cb.iakha")
    qtbot.keyClicks(dialog.password, "sai-mat-khau")
    click(qtbot, ok(dialog))
    assert dialog.error.text() == "Sai tên tài khoản hoặc mật khẩu."
    assert dialog.password.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    for _attempt in range(4):
        qtbot.keyClicks(dialog.password, "sai-mat-khau")
        click(qtbot, ok(dialog))
    assert "bị khóa" in dialog.error.text()
    qtbot.keyClicks(dialog.password, "12345678")
    click(qtbot, ok(dialog))  # locked: even the right password is refused for now
    assert "bị khóa" in dialog.error.text() and ctx.actor is None
    qtbot.keyClicks(dialog.name, "x")  # another account signs in
    dialog.name.setText("quantri")
    qtbot.keyClicks(dialog.password, "mat-khau-1")
    click(qtbot, ok(dialog))
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.actor.username == "quantri" and ctx.user_name == "quantri"


def test_the_window_of_a_commune_account_shows_only_its_commune(qtbot, ctx, db):
    from app.ui.candidates.tab import CandidatesTab

    add_person(db, "Blơi", IA_KHA)
    add_person(db, "Ngơr", IA_SAO)
    with_accounts(db)
    ctx.actor = accounts.authenticate(db, "cb.iakha", "12345678")
    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.count_label.text() == "1 điển hình"


def test_the_administrator_creates_and_disables_an_account(qtbot, ctx, db):
    from app.ui.accounts.users import AccountsDialog, NewAccountDialog

    with_accounts(db)
    ctx.actor = accounts.authenticate(db, "quantri", "mat-khau-1")
    new = NewAccountDialog(ctx)
    qtbot.addWidget(new)
    qtbot.keyClicks(new.name, "ct.iakha")
    type_text(new.full_name, "Nguyễn Văn Hùng")
    new.role.setCurrentIndex(new.role.findData(Role.COMMUNE_LEADER))
    new.unit.set_code(IA_KHA)
    qtbot.keyClicks(new.password, "ngan")
    qtbot.keyClicks(new.again, "ngan")
    save = new.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    click(qtbot, save)
    assert "ít nhất 8 ký tự" in new.error.text()
    for field in (new.password, new.again):
        field.setText("mat-khau-dai")
    click(qtbot, save)
    assert new.result() == QDialog.DialogCode.Accepted, new.error.text()

    dialog = AccountsDialog(ctx)
    qtbot.addWidget(dialog)
    shown = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert shown == ["cb.iakha", "ct.iakha", "quantri"]
    assert dialog.table.item(1, 2).text() == "lãnh đạo xã"
    assert dialog.login_box.isChecked()
    dialog.table.selectRow(0)
    click(qtbot, dialog.disable_button)
    assert dialog.table.item(0, 4).text() == "đã vô hiệu hóa"
    dialog.table.selectRow(2)
    click(qtbot, dialog.disable_button)  # not oneself
    assert dialog.error.text() == "Không thể tự vô hiệu hóa tài khoản của chính mình."
    with db.session() as s:
        users = {u.username: u for u in s.scalars(select(User))}
    assert users["cb.iakha"].disabled and not users["quantri"].disabled
    assert users["ct.iakha"].full_name == "Nguyễn Văn Hùng"


def test_a_commune_account_cannot_manage_accounts(qtbot, ctx, db):
    from app.ui.accounts.users import AccountsDialog

    with_accounts(db)
    ctx.actor = accounts.authenticate(db, "cb.iakha", "12345678")
    dialog = AccountsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(1)
    click(qtbot, dialog.disable_button)
    assert "chỉ dành cho quản trị viên" in dialog.error.text()
    with db.session() as s:
        assert not s.scalar(select(User.disabled).where(User.username == "quantri"))


def test_audit_viewer_filters_and_exports_to_excel(qtbot, ctx, db, tmp_path, monkeypatch):
    from app.ui.accounts.audit_viewer import AuditModel, AuditViewer

    with_accounts(db)
    staff = accounts.authenticate(db, "cb.iakha", "12345678")
    add_person(db, "Blơi", actor=staff)
    add_person(db, "Ngơr")
    viewer = AuditViewer(ctx)
    qtbot.addWidget(viewer)
    assert "nguyên vẹn" in viewer.chain.text()
    viewer.user.setCurrentIndex(viewer.user.findData("cb.iakha"))
    rows = [viewer.model.index(r, AuditModel.KIND).data() for r in range(viewer.model.rowCount())]
    assert rows.count("điển hình") == 1 and set(rows) <= {"điển hình", "chuyển trạng thái",
                                                           "tài khoản"}
    viewer.kind.setCurrentIndex(viewer.kind.findData("candidates"))
    assert viewer.model.rowCount() == 1
    assert "Ksor Blơi" in viewer.model.index(0, AuditModel.CHANGES).data()
    assert viewer.model.index(0, AuditModel.ACTION).data() == "tạo mới"
    target = tmp_path / "nhat-ky.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click(qtbot, viewer.export_button)
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["STT", "Thời gian", "Tài khoản", "Thay đổi"]
    assert len(values) == 2 and values[1][2] == "cb.iakha" and "Ksor Blơi" in values[1][7]


def test_the_candidate_page_opens_its_change_history(qtbot, ctx, db, monkeypatch):
    from app.ui.accounts.audit_viewer import AuditViewer
    from app.ui.candidates.detail import CandidateDetailDialog

    cid = add_person(db, "Blơi")
    add_person(db, "Ngơr")
    opened = []
    monkeypatch.setattr(AuditViewer, "exec", lambda self: opened.append(self) or 0)
    page = CandidateDetailDialog(ctx, cid)
    qtbot.addWidget(page)
    assert page.history_button.text().replace("&", "") == "Lịch sử thay đổi"
    click(qtbot, page.history_button)
    viewer = opened[0]
    qtbot.addWidget(viewer)
    assert viewer.windowTitle() == "Lịch sử thay đổi"
    kinds = {viewer.model.index(r, 3).data() for r in range(viewer.model.rowCount())}
    assert kinds == {"điển hình", "chuyển trạng thái"} and viewer.model.rowCount() == 2


def test_backup_now_then_restore_shows_what_is_lost_and_restores(qtbot, ctx, db, monkeypatch):
    from app.ui.accounts.backups import BackupDialog, RestoreDialog

    add_person(db, "Blơi")
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.daily.value() == 7 and dialog.monthly.value() == 12
    click(qtbot, dialog.backup_button)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "sao lưu thủ công"
    path = dialog.rows[0].path
    add_person(db, "Ngơr")
    restore = RestoreDialog(ctx, path)
    qtbot.addWidget(restore)
    assert "2 thay đổi" in restore.summary.text()
    assert restore.lost.count() == 2 and ok(restore).text() == "Khôi phục"
    changed = []
    ctx.signals.candidates_changed.connect(lambda: changed.append(1))
    click(qtbot, ok(restore))
    assert restore.result() == QDialog.DialogCode.Accepted, restore.error.text()
    assert changed
    with db.session() as s:
        assert s.scalars(select(Candidate.display_name)).all() == ["Ksor Blơi"]
    dialog.reload()
    assert [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())] == [
        "trước khi khôi phục", "sao lưu thủ công"]


def test_backup_settings_keep_a_usb_folder_and_report_it_missing(qtbot, ctx, db, tmp_path):
    from app.ui.accounts.backups import BackupDialog

    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    usb = tmp_path / "usb"
    dialog.second.setText(str(usb))
    dialog.daily.setValue(3)
    click(qtbot, dialog.save_button)
    click(qtbot, dialog.backup_button)
    assert str(usb) in dialog.notice.text() and "USB" in dialog.notice.text()
    assert dialog.table.rowCount() == 1 and dialog.daily.value() == 3


def test_a_damaged_restore_file_is_refused_in_the_dialog(qtbot, ctx, db, tmp_path):
    from app.ui.accounts.backups import RestoreDialog

    bad = tmp_path / "hong.sqlite"
    bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    dialog = RestoreDialog(ctx, bad)
    qtbot.addWidget(dialog)
    assert "không phải cơ sở dữ liệu" in dialog.error.text()
    assert not ok(dialog).isEnabled()
    make_backup(db, Reason.MANUAL)  # unrelated: the database itself is untouched
    with db.session() as s:
        assert s.scalars(select(Candidate)).all() == []


def test_a_file_that_cannot_be_opened_is_replaced_by_the_newest_good_copy(qtbot, db, db_path,
                                                                          monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.errors import DomainError
    from app.models.database import open_database
    from app.ui.accounts.startup import offer_restore_unopenable

    add_person(db, "Blơi")
    make_backup(db, Reason.DAILY)
    db.close()
    with open(db_path, "r+b") as fh:  # a power cut tore the first pages
        fh.write(b"\x00" * 8192)
    try:
        open_database(db_path)
        raise AssertionError("a torn file must not open")
    except DomainError as exc:
        problem = exc.message()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: asked.append(a[2]))
    assert offer_restore_unopenable(db_path, problem)
    assert "Bản sao lưu tốt mới nhất" in asked[0] and "giữ lại" in asked[1]
    again = open_database(db_path)
    try:
        with again.session() as s:
            assert s.scalars(select(Candidate.display_name)).all() == ["Ksor Blơi"]
    finally:
        again.close()
    assert list(db_path.parent.glob("dhtt.sqlite.hong-*"))  # the damaged file is kept


def test_the_first_run_dialog_creates_the_administrator_and_turns_login_on(qtbot, db):
    from app.ui.context import AppContext
    from app.ui.first_run import FirstRunDialog
    from app.ui.ops import SyncExecutor

    ctx = AppContext(db=db, executor=SyncExecutor())
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "ia grai")
    qtbot.keyClicks(dialog.admin.name, "quantri")
    qtbot.keyClicks(dialog.admin.password, "ngan")
    qtbot.keyClicks(dialog.admin.again, "ngan")
    click(qtbot, ok(dialog))
    assert "ít nhất 8 ký tự" in dialog.admin.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    for field in (dialog.admin.password, dialog.admin.again):
        field.setText("mat-khau-1")
    click(qtbot, ok(dialog))
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.actor.username == "quantri" and ctx.actor.role == Role.ADMIN
    with db.session() as s:
        assert accounts.login_required(s)
        assert s.scalar(select(User.unit_code).where(User.username == "quantri")) == "23764-2025"


def test_a_new_account_s_unit_is_chosen_by_name_never_an_internal_key(qtbot, ctx, db):
    """Xã Ia Grai since 1/7/2025 is kept under the key "23764-2025": the dialog offers the
    office's unit by its name (it was a text field holding "23764-2025")."""
    from app.ui.accounts.users import NewAccountDialog

    with_accounts(db)
    ctx.actor = accounts.authenticate(db, "quantri", "mat-khau-1")
    ctx.office_unit_code = "23764-2025"
    new = NewAccountDialog(ctx)
    qtbot.addWidget(new)
    assert new.unit.code() == "23764-2025"
    assert new.unit.currentText().startswith("Xã Ia Grai")
    assert "-2025" not in new.unit.currentText()
