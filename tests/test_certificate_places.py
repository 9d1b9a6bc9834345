"""Certificates say who signs and where; documents carry well-formed numbers; PDF
properties name the document and its issuing body."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pypdf import PdfReader

from app.cli import main
from app.errors import InputError
from app.models import Status
from app.reports.layout import rule_under
from app.reports.numbers import document_number
from app.reports.printing import print_certificates
from app.services.awards import DecisionInput, issue_decision, propose_award
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate


def _award(s, year: int, name: str = "Ksor H'Lan") -> str:
    cid = save_candidate(s, CandidateInput(
        kind="individual", unit_code="23764", display_name=name, model_type_code="3.2.2b",
        movement_code="DSVH", year=year), on=date(year, 1, 5)).candidate_id
    for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING, Status.RECOGNISED):
        change_status(s, cid, target, on=date(year, 6, 1))
    return propose_award(s, year=year, candidate_id=cid)


def _print(db, tmp_path, decision: DecisionInput, year: int) -> tuple[str, dict]:
    with db.transaction() as s:
        award = _award(s, year)
        issue_decision(s, decision, [award])
    out = tmp_path / "gk.pdf"
    with db.session() as s:
        print_certificates(s, out, award_ids=[award])
    reader = PdfReader(str(out))
    return reader.pages[0].extract_text(), dict(reader.metadata or {})


def test_commune_certificate_after_the_reform(db, tmp_path):
    text, meta = _print(db, tmp_path, DecisionInput(
        number="12/QĐ-UBND", signed_on=date(2025, 12, 20),
        authority_name="Ủy ban nhân dân xã Ia Grai", signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Hùng", signer_prefix="TM.", place="Gia Lai"), 2025)
    assert "Ia Grai, ngày 20 tháng 12 năm 2025" in text
    assert "Gia Lai, ngày" not in text
    lines = [line.strip() for line in text.splitlines()]
    assert "TM." not in text and "ỦY BAN NHÂN DÂN CHỦ TỊCH" not in text
    assert lines[lines.index("Nguyễn Văn Hùng") - 1] == "CHỦ TỊCH"
    assert "Xã Ia Grai, tỉnh Gia Lai" in text  # the structure in force on the decision date
    assert "huyện" not in text
    assert meta["/Title"] == "GIẤY KHEN – Ksor H'Lan"
    assert meta["/Author"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI"
    assert "12/QĐ-UBND" in meta["/Subject"]


def test_deputy_signs_for_the_chairman_on_two_lines(db, tmp_path):
    text, _meta = _print(db, tmp_path, DecisionInput(
        number="7/QĐ-UBND", signed_on=date(2024, 12, 2),
        authority_name="Ủy ban nhân dân thị trấn Ia Kha", signer_title="Phó Chủ tịch",
        signer_name="Rơ Mah Blơi", signer_prefix="KT."), 2024)
    lines = [line.strip() for line in text.splitlines()]
    assert "KT. CHỦ TỊCH" in lines and "PHÓ CHỦ TỊCH" in lines
    assert lines.index("PHÓ CHỦ TỊCH") == lines.index("KT. CHỦ TỊCH") + 1
    assert "Ia Kha, ngày 02 tháng 12 năm 2024" in text
    assert "Thị trấn Ia Kha, huyện Ia Grai" in text  # before the reform: the old structure


@pytest.mark.parametrize("typed, printed", [
    ("5", "05/BC-UBND"), ("05", "05/BC-UBND"), ("12", "12/BC-UBND"),
    ("5/bc-ubnd", "05/BC-UBND"), ("125/BC-UBND", "125/BC-UBND"), ("", "…/BC-UBND")])
def test_document_numbers_get_their_codes_and_leading_zero(typed, printed):
    assert document_number(typed) == printed


@pytest.mark.parametrize("typed", ["abc", "5-BC", "0", "5/BC", "BC-UBND"])
def test_a_number_that_cannot_be_a_document_number_is_refused(typed):
    with pytest.raises(InputError) as err:
        document_number(typed)
    assert "Số văn bản" in err.value.message()


def test_cli_number_5_prints_05_and_bad_number_writes_nothing(db, db_path, tmp_path, capsys):
    db.close()
    out = tmp_path / "so-ket.pdf"
    args = ["--db", str(db_path), "report", "so-ket", "--unit", "628", "--out", str(out),
            "--signer", "Nguyễn Văn Hùng"]
    assert main([*args, "--number", "abc"]) == 3
    assert "Số văn bản" in capsys.readouterr().err and not out.exists()
    assert main([*args, "--number", "5", "--json"]) == 0
    json.loads(capsys.readouterr().out)
    reader = PdfReader(str(out))
    assert "Số: 05/BC-UBND" in reader.pages[0].extract_text()
    meta = reader.metadata
    assert meta["/Author"] == "ỦY BAN NHÂN DÂN HUYỆN IA GRAI"
    assert meta["/Title"].startswith("Sơ kết giai đoạn 1")
    assert meta["/Subject"] == "Báo cáo 05/BC-UBND"


def test_rule_under_the_summary_is_between_a_third_and_a_half_of_its_line():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.reports.fonts import SERIF_BOLD, register_fonts

    register_fonts()
    summary = "Sơ kết giai đoạn 1 (2021–2023) công tác xây dựng và nhân rộng điển hình tiên tiến"
    length = rule_under(summary, SERIF_BOLD, 14, 160 * 72 / 25.4)
    lines: list[str] = []
    for word in summary.split():  # greedy wrap, as a typesetter does
        if lines and stringWidth(f"{lines[-1]} {word}", SERIF_BOLD, 14) <= 160 * 72 / 25.4:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    last_line = lines[-1]
    width = stringWidth(last_line, SERIF_BOLD, 14)
    assert width / 3 <= length <= width / 2
