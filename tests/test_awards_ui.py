"""The Khen thưởng & In tab as a user drives it: a decision, batch printing with its
progress bar, the preview and the printer, the report editor."""

from __future__ import annotations

from datetime import date

from conftest import type_text
from docx import Document
from pypdf import PdfReader

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.models import Status
from app.services.awards import propose_award
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate

PEOPLE = [("Nguyễn Thị Ánh", "Tuyết"), ("Ksor", "H'Lan"), ("Rơ Mah", "Blơi")]


def _proposals(db) -> list[str]:
    ids = []
    with db.transaction() as s:
        for ho, ten in PEOPLE:
            cid = save_candidate(s, CandidateInput(
                kind="individual", unit_code="23764", ho=ho, ten=ten, model_type_code="3.2.2b",
                movement_code="DSVH", year=2025), on=date(2025, 1, 5)).candidate_id
            for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                           Status.RECOGNISED):
                change_status(s, cid, target, on=date(2025, 6, 1))
            ids.append(propose_award(s, year=2025, candidate_id=cid))
    return ids


def _tab(qtbot, ctx):
    from app.ui.awards.tab import AwardsTab

    ctx.office_unit_code = "23764"
    tab = AwardsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_decision_numbers_the_selected_proposals_in_the_table(qtbot, ctx, db):
    from app.ui.awards.decision_dialog import DecisionDialog

    _proposals(db)
    tab = _tab(qtbot, ctx)
    assert tab.table.rowCount() == 3 and tab.table.item(0, 7).text() == "Đề nghị"
    tab.table.selectAll()
    rows = tab.selected()
    dialog = DecisionDialog(ctx, [r.id for r in rows], [r.recipient_name for r in rows], tab)
    qtbot.addWidget(dialog)
    assert dialog.authority.text() == "ỦY BAN NHÂN DÂN THỊ TRẤN IA KHA"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "số quyết định" in dialog.message.text()       # nothing saved without a number
    qtbot.keyClicks(dialog.number, "125/")
    type_text(dialog.number, "QĐ-UBND")
    dialog.signed_on.setDate(QDate(2025, 12, 20))
    type_text(dialog.signer, "Nguyễn Văn Hùng")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    shown = [(tab.table.item(r, 0).text(), tab.table.item(r, 1).text(),
              tab.table.item(r, 5).text()) for r in range(tab.table.rowCount())]
    assert shown == [("1", "Rơ Mah Blơi", "125/QĐ-UBND"), ("2", "Ksor H'Lan", "125/QĐ-UBND"),
                     ("3", "Nguyễn Thị Ánh Tuyết", "125/QĐ-UBND")]


def _decide(db, ids):
    from app.services.awards import DecisionInput, issue_decision

    with db.transaction() as s:
        issue_decision(s, DecisionInput(number="125/QĐ-UBND", signed_on=date(2025, 12, 20),
                                        authority_name="ỦY BAN NHÂN DÂN THỊ TRẤN IA KHA",
                                        signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn Hùng"),
                       ids)


def test_batch_print_into_one_pdf_preview_and_printer(qtbot, ctx, db, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.printing.preview import print_pdf

    _decide(db, _proposals(db))
    tab = _tab(qtbot, ctx)
    out = tmp_path / "giay-khen.pdf"
    tab.print_certificates([r.id for r in tab.rows], out)
    assert tab.preview.page_count() == 3
    assert "Ksor H'Lan" in PdfReader(str(out)).pages[1].extract_text()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(tab.preview.document, printer) == 3
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 3
    tab.preview.close()


def test_cancelling_the_batch_leaves_no_file(qtbot, ctx, db, tmp_path, monkeypatch):
    from app.ui.ops import ProgressRelay

    _decide(db, _proposals(db))
    tab = _tab(qtbot, ctx)
    original = ProgressRelay.__call__

    def cancel_after_first(self, done, total):
        if done == 1:
            tab.progress_dialog.findChild(QPushButton).click()  # the Hủy button
        return original(self, done, total)

    monkeypatch.setattr(ProgressRelay, "__call__", cancel_after_first)
    folder = tmp_path / "in"
    folder.mkdir()
    out = folder / "giay-khen.pdf"
    tab.print_certificates([r.id for r in tab.rows], out)
    assert not out.exists() and list(folder.iterdir()) == []
    assert not hasattr(tab, "preview")
    assert ctx.errors == []  # cancelling is not an error


def test_printing_an_undecided_award_says_what_is_missing(qtbot, ctx, db, tmp_path):
    _proposals(db)
    tab = _tab(qtbot, ctx)
    tab.print_certificates([tab.rows[0].id], tmp_path / "x.pdf")
    assert ctx.errors and "chưa có quyết định" in ctx.errors[0]
    assert not (tmp_path / "x.pdf").exists()


def test_report_editor_keeps_the_edited_paragraph_and_writes_word(qtbot, ctx, db, tmp_path):
    from app.ui.awards.report_dialog import ReportDialog

    _decide(db, _proposals(db))
    ctx.office_unit_code = "23764"
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    assert "thị trấn Ia Kha" in dialog.edits["examples"].toPlainText()
    dialog.signer.setText("Nguyễn Văn Hùng")
    lessons = dialog.edits["lessons"]
    lessons.clear()
    type_text(lessons, "Gắn việc phát hiện điển hình với từng thôn, làng.")
    target = tmp_path / "tong-ket.docx"
    dialog.write(".docx", str(target))
    assert dialog.written == target, dialog.message.text()
    document = Document(str(target))
    assert "Gắn việc phát hiện điển hình với từng thôn, làng." in [p.text for p in
                                                                     document.paragraphs]
    again = ReportDialog(ctx)
    qtbot.addWidget(again)
    assert again.edits["lessons"].toPlainText() == "Gắn việc phát hiện điển hình với từng thôn, làng."
    assert again.signer.text() == "Nguyễn Văn Hùng"


def test_calibration_is_kept_per_printer_and_used_when_printing_on_blanks(qtbot, ctx, db):
    from app.ui.awards.calibration import CalibrationDialog

    tab = _tab(qtbot, ctx)
    dialog = CalibrationDialog(ctx, tab)
    qtbot.addWidget(dialog)
    name = dialog.printer_name()
    dialog.x.setValue(1.5)
    dialog.y.setValue(-2.0)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert tab.offset_for(name) == (1.5, -2.0)
    assert tab.offset_for("Máy in phòng văn thư") == (0.0, 0.0)  # another printer: none yet
    again = CalibrationDialog(ctx, tab)
    qtbot.addWidget(again)
    assert (again.x.value(), again.y.value()) == (1.5, -2.0)
    again.x.setValue(80)  # beyond the spin box: clamped to 50 mm
    assert again.x.value() == 50


def test_printing_moves_the_page_by_the_printers_shift(qtbot, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.printing.preview import print_pdf

    page = Canvas(str(tmp_path / "thu.pdf"), pagesize=A4)
    page.rect(100, 400, 50, 50, fill=1)  # a black square 100 pt from the left edge
    page.save()
    source = QPdfDocument()
    source.load(str(tmp_path / "thu.pdf"))

    def leftmost_ink(offset):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setFullPage(True)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out = tmp_path / f"in-{offset[0]}.pdf"
        printer.setOutputFileName(str(out))
        print_pdf(source, printer, offset)
        printed = QPdfDocument()
        printed.load(str(out))
        image = printed.render(0, printed.pagePointSize(0).toSize())  # 1 px = 1 pt
        row = image.height() // 2
        def ink(x):
            colour = image.pixelColor(x, row)
            return colour.alpha() > 128 and colour.value() < 128  # unpainted paper is clear

        return next(x for x in range(image.width()) if ink(x))

    assert abs(leftmost_ink((0.0, 0.0)) - 100) <= 2  # real size, at the paper's edge
    moved = leftmost_ink((10.0, 0.0)) - leftmost_ink((0.0, 0.0))
    assert abs(moved - 10 / 25.4 * 72) <= 2  # 10 mm to the right, within 2 points


def test_report_for_another_unit_chosen_in_the_tree(qtbot, ctx, db):
    from app.ui.awards.report_dialog import ReportDialog

    _proposals(db)
    ctx.office_unit_code = "64"
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    assert "toàn tỉnh Gia Lai" in dialog.edits["examples"].toPlainText()
    dialog.unit.set_code("23764")  # Ia Kha, one commune of the province
    assert dialog.unit_code == "23764"
    assert "thị trấn Ia Kha" in dialog.edits["examples"].toPlainText()
    assert "3 điển hình" in dialog.edits["examples"].toPlainText()
