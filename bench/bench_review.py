"""The province's final review (tổng kết) with 450 proposed awards, in-process against
in-process: DHTT (figures from the database, the document, the layout) against bare
platypus and bare python-docx laying out the same content (the headings, paragraphs and
table cells of DHTT's own document, captured once). Point 4 of issue 13. The figures of
the register's dated candidates are kept while the register is unchanged (as the Tổng
hợp tab keeps them), so after the warm-up each run reads the awards, villages and the
unit scope again but not the 100,000 candidates' history; the first review of a session
on the province file pays about 2–3 s more for that read.

    .venv/bin/python bench/bench_review.py [--pairs 5]
"""

from __future__ import annotations

import shutil
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROVINCE_OFFICE  # noqa: E402


def _bare_pdf(doc, path: Path) -> None:  # noqa: ANN001 - an OfficialDocument
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from app.reports import document as d

    body = ParagraphStyle("b", fontName="LiberationSerif", fontSize=14, leading=16.8,
                          spaceAfter=6, firstLineIndent=10 * mm)
    bold = ParagraphStyle("h", parent=body, fontName="LiberationSerif-Bold", firstLineIndent=0)
    cell = ParagraphStyle("c", fontName="LiberationSerif", fontSize=12, leading=14.4)
    width = A4[0] - 50 * mm
    story = [Paragraph(escape(line), bold) for line in (
        doc.header.issuing_body, doc.header.number, doc.doc_type, doc.summary)]
    for block in doc.body:
        if isinstance(block, d.Heading):
            story.append(Paragraph(escape(block.text), bold))
        elif isinstance(block, d.Paragraph):
            story.append(Paragraph(escape(block.text), body))
        elif isinstance(block, d.Table):
            data = [[Paragraph(escape(c), cell) for c in block.columns]]
            data += [[Paragraph(escape(c), cell) for c in row] for row in block.rows]
            n = len(block.columns)
            table = Table(data, colWidths=[width / n] * n, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story += [table, Spacer(1, 6)]
    story += [Paragraph(escape(doc.signature.title), bold),
              Paragraph(escape(doc.signature.name), bold)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm).build(story)


def _bare_docx(doc, path: Path) -> None:  # noqa: ANN001 - an OfficialDocument
    from docx import Document

    from app.reports import document as d

    out = Document()
    for line in (doc.header.issuing_body, doc.header.number, doc.doc_type, doc.summary):
        out.add_paragraph(line)
    for block in doc.body:
        if isinstance(block, d.Heading):
            out.add_heading(block.text, level=min(max(block.level, 1), 3))
        elif isinstance(block, d.Paragraph):
            out.add_paragraph(block.text)
        elif isinstance(block, d.Table):
            table = out.add_table(rows=len(block.rows) + 1, cols=len(block.columns))
            table.style = "Table Grid"
            for cells, values in zip(table.rows, [block.columns, *block.rows], strict=True):
                for c, value in zip(cells.cells, values, strict=False):
                    c.text = value
    out.add_paragraph(doc.signature.title)
    out.add_paragraph(doc.signature.name)
    out.save(str(path))


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    from harness import Group, Row
    from sqlalchemy import select

    from app.models import Candidate, Status
    from app.models.database import open_database
    from app.reports.fonts import register_fonts
    from app.reports.printing import ReportOptions, review_document, write_document
    from app.services.awards import propose_award

    work = env.work / "review"
    work.mkdir(exist_ok=True)
    copy = work / "province.sqlite"
    state: dict = {}
    options = ReportOptions(number="05/BC-UBND", signed_on=date(2026, 2, 5),
                            signer_name="Nguyễn Văn Hùng")

    def setup() -> None:
        shutil.copyfile(env.db, copy)
        db = state["db"] = open_database(copy)
        with db.transaction() as s:
            recognised = list(s.scalars(select(Candidate.id).where(
                Candidate.status == Status.RECOGNISED).limit(450)))
            for cid in recognised:
                propose_award(s, year=2025, candidate_id=cid)
        with db.session() as s:
            state["doc"] = review_document(s, PROVINCE_OFFICE, "tong_ket", options)
        register_fonts()

    def teardown() -> None:
        state["db"].close()

    def ours() -> dict[str, float]:
        out = {}
        for suffix in ("pdf", "docx"):
            started = time.perf_counter()
            with state["db"].session() as s:
                doc = review_document(s, PROVINCE_OFFICE, "tong_ket", options)
            write_document(doc, work / f"dhtt.{suffix}")
            out[suffix] = time.perf_counter() - started
        return out

    def bare() -> dict[str, float]:
        started = time.perf_counter()
        _bare_pdf(state["doc"], work / "bare.pdf")
        middle = time.perf_counter()
        _bare_docx(state["doc"], work / "bare.docx")
        return {"pdf": middle - started, "docx": time.perf_counter() - middle}

    return [Group("final review", "in-process", ours, baseline=bare, setup=setup,
                  teardown=teardown, rows=[
                      Row("4 · province's final review → PDF",
                          "pdf", "pdf", max_ratio=2,
                          baseline_what="bare platypus, same content"),
                      Row("4 · the same review → Word", "docx", "docx", max_ratio=3,
                          baseline_what="bare python-docx, same content"),
                      Row("issue 4 floor · final review to PDF (data + layout)", "pdf",
                          max_value=3.0)])]


if __name__ == "__main__":
    from harness import standalone

    standalone("review", comparisons)
