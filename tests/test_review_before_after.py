"""The province's final review reads the same before and after issue 13's speed work:
on a generated register, the whole text of its PDF and the whole Word document are the
same (1) with the indexes of migration 0010 as without them (the figures' queries take
other plans, never other rows) and (2) with the Word tables built from copied rows as
with python-docx filling every cell one by one (the code the copies replaced, kept here
as the reference)."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import InputError
from app.models import Candidate, Status
from app.reports import docx as word
from app.reports.printing import ReportOptions, review_document, write_document
from app.services.awards import propose_award
from app.services.demo import DemoSize, generate
from app.text import clean

INDEXES = ("ix_admin_units_successor_code", "ix_awards_status_year")


def _reference_paragraph(container, text, size, *, bold=False, italic=False,
                         align=WD_ALIGN_PARAGRAPH.CENTER, first_indent_mm=0, after=0, before=0,
                         first=False):
    """The paragraph as python-docx makes it, attribute by attribute (before issue 13)."""
    if first and isinstance(container, _Cell):
        para = container.paragraphs[0]
    else:
        para = container.add_paragraph()
    para.alignment = align
    fmt = para.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = 1.0
    if first_indent_mm:
        fmt.first_line_indent = Mm(first_indent_mm)
    if text:
        word._set_font(para.add_run(word.keep_ranges(clean(text))), size, bold, italic)
    return para


def _reference_table(document, block, width_mm):
    """Every cell of the table filled through python-docx (before issue 13)."""
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = word.WD_TABLE_ALIGNMENT.CENTER
    widths = [max(w * width_mm, 13.0) for w in block.relative_widths()]
    word._set_widths(table, [w * width_mm / sum(widths) for w in widths])
    word._repeat_header_row(table.rows[0])
    cells = table._cells
    columns = len(block.columns)
    for j, title in enumerate(block.columns):
        _reference_paragraph(cells[j], title, word.TABLE_SIZE, bold=True, first=True)
    last = len(block.rows) - 1
    for i, row in enumerate(block.rows):
        for j in range(columns):
            value = clean(row[j]) if j < len(row) else ""
            numeric = value.replace(".", "").replace(",", "").replace("%", "").isdigit()
            _reference_paragraph(cells[(i + 1) * columns + j], value, word.TABLE_SIZE,
                                 bold=block.total_row and i == last, first=True,
                                 align=WD_ALIGN_PARAGRAPH.CENTER if numeric
                                 else WD_ALIGN_PARAGRAPH.LEFT)
    _reference_paragraph(document, "", 6)


def _write_both(db, out):
    options = ReportOptions(number="05/BC-UBND", signed_on=date(2026, 2, 5),
                            signer_name="Nguyễn Văn Hùng")
    with db.session() as s:
        doc = review_document(s, "64", "tong_ket", options)
    pdf = write_document(doc, out / "tong-ket.pdf")
    docx = write_document(doc, out / "tong-ket.docx")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    with zipfile.ZipFile(docx) as zf:
        xml = zf.read("word/document.xml")
    return text, xml


def test_the_province_final_review_reads_the_same_before_and_after(db, db_path, tmp_path,
                                                                    monkeypatch):
    generate(db, DemoSize(None, 8, 1, 600), seed=3)
    with db.transaction() as s:
        for cid in s.scalars(select(Candidate.id).where(
                Candidate.status == Status.RECOGNISED).limit(40)):
            try:
                propose_award(s, year=2025, candidate_id=cid)
            except InputError:  # proposed already by the demo
                continue
    (tmp_path / "after").mkdir()
    (tmp_path / "before").mkdir()
    after_text, after_xml = _write_both(db, tmp_path / "after")

    con = sqlite3.connect(db_path)
    for name in INDEXES:
        con.execute(f"DROP INDEX {name}")
    con.commit()
    con.close()
    monkeypatch.setattr(word, "_paragraph", _reference_paragraph)
    monkeypatch.setattr(word, "_table", _reference_table)
    before_text, before_xml = _write_both(db, tmp_path / "before")

    assert "Nguyễn Văn Hùng" in after_text and len(after_text) > 2000
    assert after_text == before_text
    assert after_xml == before_xml
