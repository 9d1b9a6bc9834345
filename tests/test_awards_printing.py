"""The award register, certificates and review reports from real data, through the
services and the CLI as province staff script them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import func, select

from app.cli import main
from app.errors import InputError
from app.models import Award, Decision, Status
from app.services.awards import (
    AwardStatus,
    DecisionInput,
    issue_decision,
    list_awards,
    propose_award,
)
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate
from app.services.review_figures import save_texts

PEOPLE = [("Nguyễn Thị Ánh", "Tuyết"), ("Ksor", "H'Lan"), ("Rơ Mah", "Blơi"),
          ("Đinh Văn", "Ngơr"), ("Nguyễn Văn", "An")]


def _decision(**kw) -> DecisionInput:
    data = dict(number="125/QĐ-UBND", signed_on=date(2025, 12, 20),
                authority_name="Ủy ban nhân dân xã Ia Kha", signer_title="Chủ tịch",
                signer_name="Nguyễn Văn Hùng")
    data.update(kw)
    return DecisionInput(**data)


def _recognised(s, ho, ten, year=2025) -> str:
    cid = save_candidate(s, CandidateInput(
        kind="individual", unit_code="23764", ho=ho, ten=ten, model_type_code="3.2.2b",
        movement_code="DSVH", year=year, summary="Gương mẫu giữ gìn bản sắc văn hóa"),
        on=date(year, 1, 5)).candidate_id
    for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING, Status.RECOGNISED):
        change_status(s, cid, target, on=date(year, 6, 1))
    return cid


@pytest.fixture
def proposed(db):
    with db.transaction() as s:
        return [propose_award(s, year=2025, candidate_id=_recognised(s, ho, ten))
                for ho, ten in PEOPLE]


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_register_numbers_follow_vietnamese_order_and_continue_never_reused(db, proposed):
    with db.transaction() as s:
        issue_decision(s, _decision(), proposed[:3])
    with db.session() as s:
        rows = list_awards(s, decision_number="125/QĐ-UBND")
    # people by given name: Blơi, H'Lan, Tuyết
    assert [(r.recipient_name, r.register_number) for r in rows] == [
        ("Rơ Mah Blơi", 1), ("Ksor H'Lan", 2), ("Nguyễn Thị Ánh Tuyết", 3)]
    assert rows[0].recipient_unit == "Thị trấn Ia Kha, huyện Ia Grai"
    with db.transaction() as s:
        issue_decision(s, _decision(number="130/QĐ-UBND"), proposed[3:])
    with db.session() as s:
        numbers = sorted(r.register_number for r in list_awards(s, year=2025))
    assert numbers == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("change, message", [
    (dict(signer_title=""), "chức vụ người ký"),
    (dict(signer_name=" "), "họ tên người ký"),
    (dict(number=""), "số quyết định"),
    (dict(signed_on=None), "ngày ký"),
])
def test_incomplete_decision_is_refused_and_nothing_is_numbered(db, proposed, change, message):
    with pytest.raises(InputError) as err, db.transaction() as s:
        issue_decision(s, _decision(**change), proposed)
    assert message in err.value.message()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert set(s.scalars(select(Award.status))) == {AwardStatus.PROPOSED}


def test_same_decision_twice_and_deciding_twice_are_refused(db, proposed):
    with db.transaction() as s:
        issue_decision(s, _decision(), proposed[:2])
    with pytest.raises(InputError, match="đã được ghi sổ"), db.transaction() as s:
        issue_decision(s, _decision(), proposed[2:])
    with pytest.raises(InputError, match="Đã có quyết định"), db.transaction() as s:
        issue_decision(s, _decision(number="200/QĐ-UBND"), proposed[:1])


def test_cli_prints_a_decisions_certificates_into_one_pdf(db, db_path, proposed, tmp_path,
                                                          capsys):
    with db.transaction() as s:
        issue_decision(s, _decision(), proposed)
    db.close()
    out = tmp_path / "giay-khen.pdf"
    code = main(["--db", str(db_path), "print", "certificates", "--decision", "125/QĐ-UBND",
                 "--out", str(out), "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["pages"] == 5
    reader = PdfReader(str(out))
    first = reader.pages[0].extract_text()
    assert "Nguyễn Văn An" in first and "GIẤY KHEN" in first
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA KHA" in first
    assert "Số sổ vàng: 1/2025" in first or "1/2025" in first
    assert "Ksor H'Lan" in _text(out) and "Rơ Mah Blơi" in _text(out)


def test_cli_refuses_an_undecided_award_and_leaves_no_file(db_path, proposed, tmp_path, capsys):
    out = tmp_path / "giay-khen.pdf"
    code = main(["--db", str(db_path), "print", "certificates", "--award", proposed[0],
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and "chưa có quyết định" in err and "Tuyết" in err
    assert not out.exists() and not list(tmp_path.glob("*.pdf*"))


def test_cli_final_review_to_pdf_and_word_with_the_saved_paragraph(db, db_path, proposed,
                                                                   tmp_path, capsys):
    with db.transaction() as s:
        issue_decision(s, _decision(), proposed[:2])
        save_texts(s, "23764", "tong_ket", {
            "lessons": "Phải gắn phát hiện điển hình với phong trào thi đua ở từng thôn, làng."})
    db.close()
    pdf, docx = tmp_path / "tong-ket.pdf", tmp_path / "tong-ket.docx"
    for out in (pdf, docx):
        code = main(["--db", str(db_path), "report", "tong-ket", "--unit", "23764",
                     "--out", str(out), "--signer", "Nguyễn Văn Hùng", "--number", "05/BC-UBND",
                     "--date", "05/02/2026"])
        assert code == 0, capsys.readouterr().err
    text = _text(pdf)
    assert "ỦY BAN NHÂN DÂN" in text and "THỊ TRẤN IA KHA" in text
    assert "Số: 05/BC-UBND" in text and "Ia Kha, ngày 05 tháng 02 năm 2026" in text
    assert "Phải gắn phát hiện điển hình với phong trào thi đua ở từng thôn, làng." in text
    assert "5 điển hình" in text or "đăng ký 5" in text
    document = Document(str(docx))
    words = "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "Phải gắn phát hiện điển hình với phong trào thi đua ở từng thôn, làng." in words
    assert "Nơi nhận:" in words and "Nguyễn Văn Hùng" in words


def test_cli_report_without_a_signer_says_what_to_fill_in(db_path, tmp_path, capsys):
    out = tmp_path / "so-ket.pdf"
    code = main(["--db", str(db_path), "report", "so-ket", "--unit", "628", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and "người ký" in err and not out.exists()
    code = main(["--db", str(db_path), "report", "so-ket", "--unit", "628", "--out",
                 str(tmp_path / "so-ket.txt"), "--signer", "Nguyễn Văn Hùng"])
    assert code == 3 and ".pdf hoặc .docx" in capsys.readouterr().err


def test_a_number_repeated_in_another_year_needs_the_year(db, db_path, proposed, tmp_path,
                                                          capsys):
    with db.transaction() as s:
        issue_decision(s, _decision(signed_on=date(2024, 12, 20)), proposed[:2])
        issue_decision(s, _decision(), proposed[2:])
    db.close()
    out = tmp_path / "gk.pdf"
    code = main(["--db", str(db_path), "print", "certificates", "--decision", "125/QĐ-UBND",
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and "--year" in err and "20/12/2024" in err and not out.exists()
    code = main(["--db", str(db_path), "print", "certificates", "--decision", "125/QĐ-UBND",
                 "--year", "2024", "--out", str(out), "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["pages"] == 2
