"""The submission (Mẫu 04) names the year's deciding authority and lists the villages
proposed; fields-only certificates leave the pre-printed texts out."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from app.reports.villages import print_papers
from app.services.report_settings import SignerSettings, save_options
from app.services.villages import grid, procedure, schemes
from app.services.villages.grid import Entry
from tests.villages_helpers import COMMUNE, ND122_ITEMS, add_villages

GOOD = (9, 8, 8, 7, 6, 8, 8, 9, 8, 7, 6)
WEAK = (5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)


def _text(path):
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_submission_and_fields_only_certificates(db, tmp_path):
    with db.transaction() as session:
        schemes.ensure_shipped(session)
        save_options(session, SignerSettings(signer_name="Nguyễn Văn Hùng"))
        codes = add_villages(session, 3)
        entries = [Entry(code, item=i, value=v) for code, marks in zip(codes, (GOOD, GOOD, WEAK),
                                                                       strict=True)
                   for i, v in zip(ND122_ITEMS, marks, strict=True)]
        grid.save_entries(session, COMMUNE, 2023, entries)
        procedure.record_meeting(session, COMMUNE, 2023, procedure.Meeting(
            date(2023, 11, 10), "Nguyễn Văn Hùng", "Siu H'Nga", 15, 12,
            votes=dict.fromkeys(codes, 12)))
        procedure.post_list(session, COMMUNE, 2023, procedure.Posting("Nhà văn hóa",
                                                                       date(2023, 11, 12)))
        print_papers(session, [("submission", tmp_path / "tt.pdf")], COMMUNE, 2023)
        procedure.decide(session, COMMUNE, 2023, procedure.DecisionInfo("15/QĐ-UBND",
                                                                        date(2023, 11, 24)))
        print_papers(session, [("certificates", tmp_path / "full.pdf"),
                               ("certificates_fields", tmp_path / "fields.pdf")], COMMUNE, 2023)
    submission = _text(tmp_path / "tt.pdf")
    assert "TỜ TRÌNH" in submission
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân cấp huyện" in submission
    assert "Thôn 1" in submission and "Thôn 2" in submission and "Thôn 3" not in submission
    full, fields = PdfReader(str(tmp_path / "full.pdf")), PdfReader(str(tmp_path / "fields.pdf"))
    assert len(full.pages) == len(fields.pages) == 2
    assert "GIẤY CÔNG NHẬN" in full.pages[0].extract_text()
    only = fields.pages[0].extract_text()
    assert "GIẤY CÔNG NHẬN" not in only and "Thôn 1" in only
