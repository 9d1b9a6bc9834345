"""Official documents and certificates: what a printed page must hold (no Qt needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.errors import InputError
from app.reports.certificates import (
    Cancelled,
    CertificateData,
    missing_certificate_fields,
    render_calibration_page,
    render_certificates,
)
from app.reports.document import (
    Header,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    missing_fields,
    place_date_line,
)
from app.reports.docx import render_docx
from app.reports.fonts import register_fonts
from app.reports.pdf import render_pdf
from app.reports.review import (
    ReviewData,
    TargetKind,
    TargetRow,
    build_award_list,
    build_review,
    draft_texts,
)

MM = 72 / 25.4
A4_W, A4_H = 595.28, 841.89
NAMES = ["Ksor H'Lan", "Rơ Mah Blơi", "Nguyễn Thị Ánh Tuyết"]


def _header() -> Header:
    return Header(issuing_body="Ủy ban nhân dân xã Ia Grai",
                  issuing_body_parent="UBND tỉnh Gia Lai", number="05/BC-UBND",
                  place="Gia Lai", signed_on=date(2026, 2, 5))


def _signature() -> Signature:
    return Signature(prefix="TM.", body="Ủy ban nhân dân", title="Chủ tịch", name="Rơ Mah Blơi")


def _document(paragraphs: int = 12) -> OfficialDocument:
    text = ("Ksor H'Lan và Nguyễn Thị Ánh Tuyết có nhiều đóng góp trong phong trào thi đua "
            "yêu nước của địa phương, được nhân dân tin yêu và học tập. ") * 3
    rows = [[str(i), f"Thôn Plei Ngol {i}", str(3 * i), str(i)] for i in range(1, 30)]
    return OfficialDocument(
        header=_header(), doc_type="Báo cáo",
        summary="Tổng kết phong trào xây dựng, nhân rộng điển hình tiên tiến",
        body=[Heading("I. ĐẶC ĐIỂM TÌNH HÌNH", 1)] + [Paragraph(text)] * paragraphs
        + [Table(["STT", "Đơn vị", "Đăng ký", "Công nhận"], rows, [1, 5, 2, 2])],
        signature=_signature(), recipients=["Ban Thi đua - Khen thưởng tỉnh", "Đảng ủy xã"])


def _certificate(name: str = "Ksor H'Lan", **changes: object) -> CertificateData:
    data = CertificateData(
        authority_parent="UBND tỉnh Gia Lai", authority="Chủ tịch Ủy ban nhân dân xã Ia Grai",
        recipient=name, recipient_unit="Thôn Plei Ngol, xã Ia Grai",
        achievement="Đã có thành tích xuất sắc trong phong trào xây dựng, nhân rộng điển hình "
                    "tiên tiến giai đoạn 2021–2025",
        decision_number="12/QĐ-UBND", decision_date=date(2026, 2, 5), register_number=12,
        register_year=2025, place="Ia Grai", signed_on=date(2026, 2, 5),
        signer_title="Chủ tịch", signer_name="Nguyễn Thị Ánh Tuyết")
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _runs(page) -> list[tuple[float, float, str, str, float]]:
    """(x, y, text, font name, size) of every text run on ``page``."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str(font["/BaseFont"]).split("+")[-1] if font else ""
        runs.append((x, y, text, name, size * (tm[0] * cm[0] or 1)))

    page.extract_text(visitor_text=visit)
    return runs


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font, embedded?) for every font used on every page."""
    found = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found.append((str(font["/BaseFont"]), embedded))
    return found


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("d", "expected"), [
    (date(2026, 2, 5), "Gia Lai, ngày 05 tháng 02 năm 2026"),
    (date(2026, 1, 9), "Gia Lai, ngày 09 tháng 01 năm 2026"),
    (date(2026, 11, 24), "Gia Lai, ngày 24 tháng 11 năm 2026"),
    (date(2026, 3, 12), "Gia Lai, ngày 12 tháng 3 năm 2026"),
    (date(2026, 10, 1), "Gia Lai, ngày 01 tháng 10 năm 2026"),
    (date(2026, 2, 28), "Gia Lai, ngày 28 tháng 02 năm 2026"),
])
def test_place_date_line_follows_the_leading_zero_rule(d, expected):
    assert place_date_line("Gia Lai", d) == expected


# --- official documents (PDF) --------------------------------------------------------------

def test_pdf_holds_the_vietnamese_texts(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    render_pdf(_document(), path)
    text = "\n".join(_text(path))
    for expected in NAMES + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                             "Gia Lai, ngày 05 tháng 02 năm 2026", "Số: 05/BC-UBND", "BÁO CÁO",
                             "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                             "ỦY BAN NHÂN DÂN XÃ IA GRAI"]:
        assert expected in text, expected
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file is left behind"


def test_pdf_embeds_only_the_serif_fonts(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    render_pdf(_document(), path)
    fonts = _fonts(PdfReader(path))
    assert fonts
    for name, embedded in fonts:
        assert "Helvetica" not in name
        assert "LiberationSerif" in name and embedded, name


def test_pdf_pages_are_a4_and_text_stays_inside_the_margins(tmp_path):
    register_fonts()
    path = tmp_path / "bao-cao.pdf"
    render_pdf(_document(), path)
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == (A4_W, A4_H)
        for x, y, text, font, size in _runs(page):
            if text.strip() == str(number) and y > A4_H - 20 * MM:
                continue  # the page number sits in the top margin on purpose
            width = stringWidth(text.strip(), font, size) if font else 0
            assert x >= 30 * MM - 0.5, (number, text)
            assert x + width <= A4_W - 15 * MM + 0.5, (number, text)
            assert 20 * MM - 0.5 <= y <= A4_H - 20 * MM, (number, text)


def test_page_numbers_from_page_two_at_the_top_centre(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    render_pdf(_document(), path)
    pages = PdfReader(path).pages
    top_runs = [[r for r in _runs(p) if r[1] > A4_H - 20 * MM] for p in pages]
    assert top_runs[0] == [], "page 1 must carry no number"
    (x, y, text, _font, _size), = top_runs[1]
    assert text.strip() == "2"
    assert abs(x - A4_W / 2) < 5


def test_landscape_award_list(tmp_path):
    rows = [(name, "Thôn Plei Ngol", "Giấy khen", "Có thành tích xuất sắc") for name in NAMES]
    doc = build_award_list("Đề nghị khen thưởng năm 2025", _header(), _signature(), rows)
    path = tmp_path / "danh-sach.pdf"
    render_pdf(doc, path)
    page = PdfReader(path).pages[0]
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (
        A4_H, A4_W)
    text = page.extract_text()
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text
    positions = [text.index(name) for name in NAMES]
    assert positions == sorted(positions), "rows keep the caller's order"


def test_missing_signer_title_is_reported_and_refused(tmp_path):
    doc = _document(1)
    doc.signature.title = ""
    doc.header.number = " "
    problems = missing_fields(doc)
    assert "Chưa có chức vụ người ký." in problems
    assert "Văn bản chưa có số." in problems
    path = tmp_path / "x.pdf"
    with pytest.raises(InputError) as caught:
        render_pdf(doc, path)
    assert "Chưa có chức vụ người ký." in caught.value.message()
    assert not path.exists()
    with pytest.raises(InputError):
        render_docx(doc, tmp_path / "x.docx")


def test_failed_render_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(b"old")
    import app.reports.pdf as pdf

    def broken(doc, width):
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf, "_story", broken)
    with pytest.raises(RuntimeError):
        render_pdf(_document(1), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.pdf"]


# --- Word ----------------------------------------------------------------------------------

def test_docx_holds_the_same_texts(tmp_path):
    doc = _document(2)
    path = tmp_path / "bao-cao.docx"
    render_docx(doc, path)
    word = docx.Document(str(path))
    paragraphs = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in paragraphs
    assert doc.body[1].text.strip() in paragraphs
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                     "Số: 05/BC-UBND", "Gia Lai, ngày 05 tháng 02 năm 2026", "Thôn Plei Ngol 7"]:
        assert any(expected in c for c in cells), expected
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert "PAGE" in section.header._element.xml
    fonts = {r.font.name for p in word.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}


# --- reviews -------------------------------------------------------------------------------

def _review(kind: str = "tong_ket") -> ReviewData:
    return ReviewData(
        unit_name="xã Ia Grai", kind=kind, period=(2021, 2025 if kind == "tong_ket" else 2023),
        header=_header(), signature=_signature(),
        examples_by_model_type=[("Giảm nghèo", 92, 57), ("Sản xuất, kinh doanh", 60, 30)],
        examples_by_unit=[("Thôn Plei Ngol", 20, 12), ("Làng Ia Puch", 15, 9)],
        targets=[TargetRow("Hội Nông dân xã", "Nông thôn mới",
                           [TargetKind("tập thể", 10, 12, 9)])],
        awards_by_form=[("Giấy khen của Chủ tịch UBND xã", 37)],
        villages_by_year=[(2021, 12, 7), (2025, 12, 11)],
        named_examples=[("Ksor H'Lan", "Thôn Plei Ngol", "Giảm nghèo")],
        proposed=[("Rơ Mah Blơi", "Thôn Plei Ngol", "Giấy khen", "Thành tích xuất sắc")])


def test_review_drafts_come_from_the_figures():
    texts = draft_texts(_review())
    assert texts["examples"].startswith(
        "Giai đoạn 2021–2025, toàn xã Ia Grai đã phát hiện, đăng ký 152 điển hình, trong đó "
        "87 điển hình được công nhận (đạt 57,2%).")
    assert "Ksor H'Lan (Thôn Plei Ngol)" in texts["examples"]
    assert "37 Giấy khen của Chủ tịch UBND xã" in texts["commendation"]
    assert "từ 58,3% năm 2021 lên 91,7% năm 2025" in texts["strengths"]
    assert "Hội Nông dân xã" in texts["shortcomings"]
    assert "2026–2030" in texts["tasks"]


def test_review_uses_edited_texts_and_has_every_section(tmp_path):
    data = _review("so_ket")
    data.texts["lessons"] = "Bài học do người dùng viết."
    doc = build_review(data)
    headings = [b.text for b in doc.body if isinstance(b, Heading)]
    assert headings[0] == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    for expected in ["II. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo, tuyên truyền",
                     "2. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
                     "3. Công tác khen thưởng", "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm",
                     "2. Tồn tại, hạn chế", "3. Bài học kinh nghiệm",
                     "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", "V. ĐỀ XUẤT, KIẾN NGHỊ"]:
        assert expected in headings
    paragraphs = [b.text for b in doc.body if isinstance(b, Paragraph)]
    assert "Bài học do người dùng viết." in paragraphs
    assert "Sơ kết giai đoạn 1 (2021–2023)" in doc.summary
    path = tmp_path / "so-ket.pdf"
    render_pdf(doc, path)
    text = "\n".join(_text(path))
    assert "Bài học do người dùng viết." in text and "Rơ Mah Blơi" in text


# --- certificates --------------------------------------------------------------------------

def test_certificates_one_landscape_page_each(tmp_path):
    path = tmp_path / "giay-khen.pdf"
    render_certificates([_certificate(n) for n in NAMES], path)
    reader = PdfReader(path)
    assert len(reader.pages) == 3
    for page, name in zip(reader.pages, NAMES, strict=True):
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (
            A4_H, A4_W)
        text = page.extract_text()
        for expected in [name, "GIẤY KHEN", "Tặng", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số sổ vàng: 12/2025",
                         "Quyết định số 12/QĐ-UBND ngày 05/02/2026",
                         "Ia Grai, ngày 05 tháng 02 năm 2026"]:
            assert expected in text, expected
    for font, embedded in _fonts(reader):
        assert "LiberationSerif" in font and embedded


def test_village_certificate(tmp_path):
    path = tmp_path / "thon.pdf"
    item = _certificate("Thôn Plei Ngol", title="Giấy công nhận", kind="village",
                        achievement="Đạt danh hiệu Thôn văn hóa năm 2025")
    render_certificates([item], path)
    text = _text(path)[0]
    assert "GIẤY CÔNG NHẬN" in text and "Công nhận" in text
    assert "Đạt danh hiệu Thôn văn hóa năm 2025" in text


def test_long_name_shrinks_and_stays_inside_the_border(tmp_path):
    register_fonts()
    long_name = ("Tập thể cán bộ, công chức, viên chức và người lao động Ủy ban nhân dân xã "
                 "Ia Grai, tỉnh Gia Lai")
    path = tmp_path / "dai.pdf"
    render_certificates([_certificate("Ksor H'Lan"), _certificate(long_name)], path)
    pages = PdfReader(path).pages
    short_size = max(r[4] for r in _runs(pages[0]) if "Ksor H'Lan" in r[2])
    long_runs = [r for r in _runs(pages[1]) if r[3] == "LiberationSerif-Bold" and
                 ("Tập thể" in r[2] or "Gia Lai" in r[2])]
    assert long_runs
    assert max(r[4] for r in long_runs) < short_size
    assert "".join(_text(path)[1].split()).find("".join(long_name.split())) >= 0
    for x, _y, text, font, size in _runs(pages[1]):
        width = stringWidth(text.strip(), font, size)
        assert 13 * MM <= x and x + width <= A4_H - 13 * MM, text


def test_text_that_cannot_fit_is_refused_with_the_name(tmp_path):
    path = tmp_path / "x.pdf"
    item = _certificate("Ksor H'Lan", achievement="Thành tích xuất sắc " * 80)
    with pytest.raises(InputError) as caught:
        render_certificates([_certificate("Rơ Mah Blơi"), item], path)
    assert "Ksor H'Lan" in caught.value.message()
    assert not path.exists() and not list(tmp_path.iterdir())


def test_missing_certificate_fields():
    item = _certificate("", signer_title="", decision_date=None)
    problems = missing_certificate_fields(item)
    assert "Chưa có chức vụ người ký." in problems
    assert "Chưa có ngày quyết định." in problems
    assert "Chưa có tên người (tập thể) được khen." in problems
    assert missing_certificate_fields(_certificate()) == []


def test_cancel_removes_the_partial_file(tmp_path):
    path = tmp_path / "huy.pdf"
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 3

    with pytest.raises(Cancelled):
        render_certificates([_certificate(n) for n in NAMES * 3], path, progress=progress)
    assert seen == [(1, 9), (2, 9), (3, 9)]
    assert not list(tmp_path.iterdir())


def test_fields_mode_prints_only_fields_shifted(tmp_path):
    plain, shifted = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_certificates([_certificate()], plain, mode="fields")
    render_certificates([_certificate()], shifted, mode="fields", offset_mm=(2, 3))
    text = _text(plain)[0]
    assert "Ksor H'Lan" in text and "Nguyễn Thị Ánh Tuyết" in text
    assert "GIẤY KHEN" not in text and "CỘNG HÒA" not in text

    def name_at(path):
        return next((x, y) for x, y, t, _f, _s in _runs(PdfReader(path).pages[0])
                    if "Ksor H'Lan" in t)

    (x0, y0), (x1, y1) = name_at(plain), name_at(shifted)
    assert x1 - x0 == pytest.approx(2 * MM, abs=0.1)
    assert y0 - y1 == pytest.approx(3 * MM, abs=0.1)


def test_calibration_page(tmp_path):
    path = tmp_path / "calib.pdf"
    render_calibration_page(path, (1, 1))
    assert len(PdfReader(path).pages) == 1


def test_a_batch_of_certificates_is_one_file_one_page_each(tmp_path):
    # Speed is measured in bench/bench_print.py, not here.
    items = [_certificate(f"{NAMES[i % 3]} {i}", register_number=i + 1) for i in range(300)]
    render_certificates(items, tmp_path / "300.pdf")
    reader = PdfReader(tmp_path / "300.pdf")
    assert len(reader.pages) == 300
    assert "Số sổ vàng: 300/" in reader.pages[299].extract_text()
