"""The register in the window, driven as a user would: form, status, checklist, import."""

from __future__ import annotations

import unicodedata

from conftest import type_text
from sqlalchemy import func, select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.models import Assessment, Candidate, Status, StatusChange, Verdict


def choose(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def fill_person(qtbot, form):
    # pasted from an old document in NFD, as happens with text copied from other programs
    QApplication.clipboard().setText(unicodedata.normalize("NFD", "Nguyễn"))
    form.f["ho"].paste()
    type_text(form.f["ten_dem"], "Thị Ánh")
    type_text(form.f["ten"], "Tuyết")
    choose(form.f["gender"], "nu")
    qtbot.keyClicks(form.f["birth"], "05/03/1980")
    form.f["ethnicity"].setCurrentText("Kinh")
    choose(form.f["model"], "3.2.2a")
    choose(form.f["movement"], "DTHT")
    type_text(form.f["summary"], "Giáo viên dạy giỏi cấp tỉnh 3 năm liền")


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_form_registers_a_person_and_the_table_shows_her(qtbot, ctx, db):
    from app.ui.candidates.form import CandidateForm
    from app.ui.candidates.tab import CandidatesTab

    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.count_label.text() == "0 điển hình"
    form = CandidateForm(ctx, tab)
    qtbot.addWidget(form)
    assert form.f["unit"].currentData() == "628"
    fill_person(qtbot, form)
    assert form.f["display_name"].text() == "Nguyễn Thị Ánh Tuyết"
    assert save_button(form).text() == "Lưu"
    qtbot.mouseClick(save_button(form), Qt.MouseButton.LeftButton)
    assert form.result() == form.DialogCode.Accepted, form.message.text()
    with db.session() as s:
        c = s.scalar(select(Candidate))
    assert c.display_name == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", c.ho) and c.birth_date.isoformat() == "1980-03-05"
    assert tab.count_label.text() == "1 điển hình"
    assert tab.model.index(0, 0).data() == "Nguyễn Thị Ánh Tuyết"


def test_form_shows_the_problem_and_saves_nothing(qtbot, ctx, db):
    from app.ui.candidates.form import CandidateForm

    form = CandidateForm(ctx)
    qtbot.addWidget(form)
    type_text(form.f["ten"], "Blơi")
    qtbot.keyClicks(form.f["birth"], "31/02/1990")
    qtbot.mouseClick(save_button(form), Qt.MouseButton.LeftButton)
    assert "không phải là ngày" in form.message.text()
    with db.session() as s:
        assert s.scalar(select(Candidate.id)) is None


def test_duplicate_warning_lets_the_user_cancel(qtbot, ctx, db, monkeypatch):
    from app.ui.candidates.form import CandidateForm

    asked = []
    answers = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, message, *a, **k: asked.append(message) or answers.pop(0))

    def save_once():
        form = CandidateForm(ctx)
        qtbot.addWidget(form)
        fill_person(qtbot, form)
        qtbot.mouseClick(save_button(form), Qt.MouseButton.LeftButton)

    def count():
        with db.session() as s:
            return list(s.scalars(select(Candidate.display_name))).count("Nguyễn Thị Ánh Tuyết")

    save_once()                      # nothing to warn about yet
    assert asked == [] and count() == 1

    answers.append(QMessageBox.StandardButton.No)
    save_once()                      # the user answers "Không": nothing saved
    assert len(asked) == 1 and "Hình như đã được đăng ký rồi" in asked[0]
    assert count() == 1

    answers.append(QMessageBox.StandardButton.Yes)
    save_once()                      # "Có": saved anyway, on purpose
    assert len(asked) == 2 and count() == 2


def test_status_dialog_moves_forward_and_needs_a_reason_to_go_back(qtbot, ctx, db):
    from app.services.register import CandidateInput, save_candidate
    from app.ui.candidates.status_dialog import StatusDialog

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho="Ksor",
                                               ten="H'Lan")).candidate_id
    dialog = StatusDialog(ctx, cid)
    qtbot.addWidget(dialog)
    choose(dialog.target, Status.REGISTERED)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    back = StatusDialog(ctx, cid)
    qtbot.addWidget(back)
    assert back.history.count() == 2
    choose(back.target, Status.DISCOVERED)
    qtbot.mouseClick(save_button(back), Qt.MouseButton.LeftButton)
    assert "Hãy ghi lý do" in back.message.text()
    type_text(back.reason, "Nhầm đơn vị")
    qtbot.mouseClick(save_button(back), Qt.MouseButton.LeftButton)
    with db.session() as s:
        last = s.scalars(select(StatusChange).where(StatusChange.candidate_id == cid)
                         .order_by(StatusChange.created_at.desc())).first()
    assert (last.to_status, last.reason, last.user_name) == (Status.DISCOVERED, "Nhầm đơn vị",
                                                             "cb.huyen")


def test_assessment_dialog_computes_the_result_and_saves_it(qtbot, ctx, db):
    from app.services.register import CandidateInput, save_candidate
    from app.ui.criteria.assessment_dialog import AssessmentDialog

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="collective", unit_code="628",
                                               display_name="Trạm Y tế xã Ia Hrung",
                                               model_type_code="3.1.5")).candidate_id
    dialog = AssessmentDialog(ctx, cid)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 5
    assert "Chưa đánh giá" in dialog.result.text()
    for row in range(5):
        choose(dialog.verdict_combo(row), Verdict.MET)
    assert "Đạt" in dialog.result.text()
    choose(dialog.verdict_combo(2), Verdict.NOT_MET)
    dialog.table.item(2, 3).setText("Chưa có sáng kiến mới")
    assert "Không đạt" in dialog.result.text()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    with db.session() as s:
        a = s.scalar(select(Assessment))
        notes = sorted(i.note for i in a.items)
    assert a.result == Verdict.NOT_MET and notes[-1] == "Chưa có sáng kiến mới"


def test_import_preview_lists_bad_rows_and_imports_a_clean_file(qtbot, ctx, db, tmp_path,
                                                                 monkeypatch):
    from openpyxl import Workbook

    from app.ui.excel.actions import import_excel

    bad = tmp_path / "loi.xlsx"
    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    wb.active.append(["Rơ Mah Blơi", "1988", "628", "Cá nhân"])
    wb.active.append(["Siu H'Nhi", "năm ngoái", "628", "Cá nhân"])
    wb.save(bad)
    dialog = import_excel(ctx, None, str(bad))
    qtbot.addWidget(dialog)
    assert dialog.errors.rowCount() == 1
    assert [dialog.errors.item(0, c).text() for c in range(2)] == ["3", "Ngày hoặc năm sinh"]
    assert dialog.import_button.text() == "Nhập 1 dòng hợp lệ"  # only the good row
    dialog.reject()

    good = tmp_path / "dung.xlsx"
    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    wb.active.append(["Rơ Mah Blơi", "1988", "628", "Cá nhân"])
    wb.save(good)
    dialog = import_excel(ctx, None, str(good))
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Nhập 1 dòng hợp lệ"
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported == 1
    assert told == ["Đã thêm 1 dòng, bỏ qua 0 dòng đã có trong sổ, từ chối 0 dòng."]
    with db.session() as s:
        assert list(s.scalars(select(Candidate.display_name))) == ["Rơ Mah Blơi"]


def test_cancelling_an_import_half_way_writes_nothing(qtbot, ctx, db, tmp_path, monkeypatch):
    from openpyxl import Workbook

    from PySide6.QtWidgets import QPushButton

    from app.ui.excel.actions import import_excel
    from app.ui.ops import ProgressRelay

    path = tmp_path / "600.xlsx"
    wb = Workbook()
    wb.active.append(["Họ", "Tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    for i in range(600):
        wb.active.append(["Ksor", f"H'Lan {i}", 1980 + i % 20, "628", "Cá nhân"])
    wb.save(path)
    dialog = import_excel(ctx, None, str(path))
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled()
    original = ProgressRelay.__call__

    def press_cancel(self, done, total):
        if done >= 250:  # the first report of the write: the user presses Hủy
            dialog.progress.findChild(QPushButton).click()
        return original(self, done, total)

    monkeypatch.setattr(ProgressRelay, "__call__", press_cancel)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported == 0 and ctx.errors == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 0


def test_a_file_that_is_not_excel_gets_a_message(qtbot, ctx, tmp_path):
    from app.ui.excel.actions import import_excel

    fake = tmp_path / "danh-sach.xlsx"
    fake.write_text("Họ và tên;Năm sinh\nRơ Mah Blơi;1988\n", encoding="utf-8")
    assert import_excel(ctx, None, str(fake)) is None
    assert ctx.errors and "danh-sach.xlsx" in ctx.errors[0]
