"""The candidate's page in the window: edit, evidence, replication, and the tab's filters."""

from __future__ import annotations

from datetime import date

from conftest import type_text
from sqlalchemy import func, select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

from app.models import ActivityKind, Candidate, EvidenceFile, ReplicationActivity
from app.services.register import CandidateInput, save_candidate

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")  # a whole 1×1 PNG: evidence is checked through its structure


def _register(db, **kw) -> str:
    data = dict(kind="individual", unit_code="628", ho="Rơ Mah", ten="Blơi", birth_year=1979,
                model_type_code="3.2.2b", movement_code="DSVH", year=2022,
                summary="Giữ gìn cồng chiêng")
    data.update(kw)
    with db.transaction() as s:
        return save_candidate(s, CandidateInput(**data)).candidate_id


def _save(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def test_edit_from_the_detail_page_keeps_the_person_and_shows_the_change(qtbot, ctx, db):
    from app.ui.candidates.detail import CandidateDetailDialog
    from app.ui.candidates.form import CandidateForm

    cid = _register(db)
    page = CandidateDetailDialog(ctx, cid)
    qtbot.addWidget(page)
    assert "Rơ Mah Blơi" in page.heading.text() and "Phát hiện" in page.heading.text()

    form = CandidateForm(ctx, page, candidate_id=cid)
    qtbot.addWidget(form)
    assert form.f["ten"].text() == "Blơi" and form.f["birth"].text() == "1979"
    assert form.f["model"].currentData() == "3.2.2b" and form.f["movement"].currentData() == "DSVH"
    assert not form.f["kind"].isEnabled()
    form.f["summary"].clear()
    type_text(form.f["summary"], "Nghệ nhân dạy đánh cồng chiêng cho 40 thanh niên")
    _save(form)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 1
        assert s.get(Candidate, cid).summary == "Nghệ nhân dạy đánh cồng chiêng cho 40 thanh niên"
    facts = page.tabs.widget(0)
    assert "Nghệ nhân dạy đánh cồng chiêng" in facts.findChild(QPlainTextEdit).toPlainText()
    assert page.tabs.tabText(1) == "Lịch sử (1)"


def test_a_disguised_evidence_file_stops_the_save_with_its_name(qtbot, ctx, db, tmp_path):
    from app.ui.candidates.form import CandidateForm

    cid = _register(db)
    fake = tmp_path / "bien-ban-hop.pdf"
    fake.write_bytes(b"MZ\x90\x00\x03 not a pdf")
    good = tmp_path / "anh-cong-chieng.png"
    good.write_bytes(PNG)
    form = CandidateForm(ctx, candidate_id=cid)
    qtbot.addWidget(form)
    form.add_files([good, fake])
    _save(form)
    assert "bien-ban-hop.pdf" in form.message.text()
    with db.session() as s:  # neither file was kept: the save is one transaction
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 0

    form2 = CandidateForm(ctx, candidate_id=cid)
    qtbot.addWidget(form2)
    form2.add_files([good])
    _save(form2)
    with db.session() as s:
        assert list(s.scalars(select(EvidenceFile.file_name))) == ["anh-cong-chieng.png"]


def test_replication_activity_for_two_examples_shows_on_both_pages(qtbot, ctx, db):
    from app.ui.candidates.activity_dialog import ActivityDialog
    from app.ui.candidates.detail import CandidateDetailDialog

    first = _register(db)
    second = _register(db, ho="Ksor", ten="H'Lan", birth_year=1985)
    dialog = ActivityDialog(ctx, [first])
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ActivityKind.CONFERENCE))
    type_text(dialog.title, "Hội nghị điển hình tiên tiến xã Ia Grai")
    dialog.held_on.setDate(date(2024, 10, 5))
    dialog.participants.setValue(120)
    qtbot.keyClicks(dialog.search, "hlan")
    dialog.find()
    assert dialog.results.count() == 1
    dialog._add_result(dialog.results.item(0))
    assert dialog.featured.count() == 2
    _save(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.session() as s:
        assert s.scalar(select(ReplicationActivity.participants)) == 120
    for cid in (first, second):
        page = CandidateDetailDialog(ctx, cid)
        qtbot.addWidget(page)
        assert page.tabs.tabText(3) == "Nhân rộng (1)"
        table = page.tabs.widget(3)
        assert table.item(0, 2).text() == "Hội nghị điển hình tiên tiến xã Ia Grai"
        assert table.item(0, 5).text() == "Rơ Mah Blơi, Ksor H'Lan"


def test_activity_without_a_title_says_so_and_saves_nothing(qtbot, ctx, db):
    from app.ui.candidates.activity_dialog import ActivityDialog

    dialog = ActivityDialog(ctx, [_register(db)])
    qtbot.addWidget(dialog)
    _save(dialog)
    assert "tiêu đề" in dialog.message.text()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ReplicationActivity)) == 0


def test_unit_tree_and_model_type_filters_narrow_the_table(qtbot, ctx, db):
    from app.ui.candidates.tab import CandidatesTab

    _register(db)                                            # xã Ia Grai (628)
    _register(db, unit_code="630", ho="Đinh Văn", ten="Ngơr")  # another commune
    _register(db, kind="collective", display_name="Hợp tác xã cà phê Ia Grai",
              model_type_code="3.1.3", ho="", ten="", birth_year=None)
    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.model.rowCount() == 3
    tab.unit.set_code("628")
    assert tab.model.rowCount() == 2 and tab.unit.currentText().startswith("Huyện Ia Grai")
    tab.model_type.setCurrentIndex(tab.model_type.findData("3.1.3"))
    assert tab.model.rowCount() == 1 and "1 điển hình" in tab.count_label.text()
    tab.clear_filters()
    assert tab.model.rowCount() == 3


def test_a_criterion_keeps_its_evidence_and_the_page_shows_it(qtbot, ctx, db, tmp_path):
    from app.ui.candidates.detail import CandidateDetailDialog
    from app.ui.criteria.assessment_dialog import AssessmentDialog

    cid = _register(db)
    minutes = tmp_path / "bien-ban-hop-thon.png"
    minutes.write_bytes(PNG)
    dialog = AssessmentDialog(ctx, cid)
    qtbot.addWidget(dialog)
    dialog.add_evidence(0, [minutes])
    assert dialog.table.cellWidget(0, 4).text() == "1 tệp"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.message.text() == ""
    page = CandidateDetailDialog(ctx, cid)
    qtbot.addWidget(page)
    tree = page.tabs.widget(2)
    first = tree.topLevelItem(0).child(0)
    assert first.text(2) == "bien-ban-hop-thon.png"
    assert page.tabs.tabText(4) == "Minh chứng (1)"


def test_activity_of_a_commune_merged_in_2025_defaults_to_its_successor(qtbot, ctx, db):
    from app.ui.candidates.activity_dialog import ActivityDialog

    dialog = ActivityDialog(ctx, [_register(db, unit_code="23764")])  # Ia Kha, before 2025
    qtbot.addWidget(dialog)
    assert dialog.unit.currentData() == "23764-2025"
    assert dialog.unit.currentText() == "Xã Ia Grai – tỉnh Gia Lai"  # with its parent


def test_an_activity_is_changed_then_deleted_from_the_candidate_page(qtbot, ctx, db,
                                                                     monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.services.replication import ActivityInput, save_activity
    from app.ui.candidates.activity_dialog import ActivityDialog
    from app.ui.candidates.detail import CandidateDetailDialog

    first = _register(db)
    second = _register(db, ho="Ksor", ten="H'Lan", birth_year=1985)
    with db.transaction() as s:
        activity_id = save_activity(s, ActivityInput(
            kind=ActivityKind.STUDY_VISIT, title="Tham quan mô hình cà phê",
            held_on=date(2024, 5, 1), unit_code="628", participants=30,
            candidate_ids=[first, second]))
    page = CandidateDetailDialog(ctx, second)
    qtbot.addWidget(page)
    dialog = ActivityDialog(ctx, [], page, activity_id=activity_id)
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "Tham quan mô hình cà phê" and dialog.featured.count() == 2
    assert dialog.held_on.date().toPython() == date(2024, 5, 1)
    dialog.featured.item(0).setCheckState(Qt.CheckState.Unchecked)  # Rơ Mah Blơi comes off
    dialog.participants.setValue(45)
    _save(dialog)
    assert page.tabs.widget(3).item(0, 4).text() == "45"
    assert page.tabs.widget(3).item(0, 5).text() == "Ksor H'Lan"
    with db.session() as s:
        from app.services.replication import activities_for

        assert activities_for(s, first) == []

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    again = ActivityDialog(ctx, [], page, activity_id=activity_id)
    qtbot.addWidget(again)
    again.delete_button.click()
    assert page.tabs.tabText(3) == "Nhân rộng (0)"
