"""Official documents to Word (.docx), with the same layout as the PDF writer.

Offices often edit a report before signing it, so the same :class:`OfficialDocument` can be
written as a Word file: A4, Decree 30 margins, Times New Roman, header as a borderless
two-column table, page numbers in the header from page 2 on.
"""

from __future__ import annotations

import os
import re
from copy import deepcopy
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.i18n import _
from app.reports.document import (
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    place_date_line,
    recipient_lines,
)
from app.reports.fonts import SERIF_BOLD, register_fonts
from app.reports.layout import atomic_output, rule_under
from app.reports.pdf import (
    BODY_SIZE,
    HEADER_SIZE,
    LEFT_SHARE,
    MOTTO_SIZE,
    NATION_SIZE,
    RECIPIENTS_SIZE,
    RECIPIENTS_TITLE_SIZE,
    TABLE_SIZE,
    body_lines,
    check_printable,
)
from app.text import clean

__all__ = ["render_docx", "FONT_NAME"]

FONT_NAME = "Times New Roman"
_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
_POINTS_PER_MM = 72 / 25.4


WORD_JOINER = "\u2060"
_RANGE = re.compile(r"(?<=\d)\u2013(?=\d)")


def keep_ranges(text: str) -> str:
    """"2021\u2060–\u20602025": a year range joined so Word and LibreOffice never break the
    line after its dash, in the title as in the paragraphs (they may after a plain en dash;
    ReportLab breaks at spaces only, so the PDF keeps the plain range)."""
    return _RANGE.sub(WORD_JOINER + "\u2013" + WORD_JOINER, text)


def _set_font(run_or_style: object, size: float, bold: bool = False,
              italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT_NAME
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT_NAME)


# The paragraph and run properties of each combination of options, made once through
# python-docx and copied into every paragraph: setting them attribute by attribute took
# most of the time of a 500-row table (each setter searches the element's children).
_FORMATS: dict[tuple[object, ...], tuple[object, object]] = {}


def _formats(size: float, bold: bool, italic: bool, align: int, first_indent_mm: float,
             after: float, before: float) -> tuple[object, object]:
    key = (size, bold, italic, align, first_indent_mm, after, before)
    found = _FORMATS.get(key)
    if found is None:
        scratch = DocxParagraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
        scratch.alignment = align  # type: ignore[assignment]
        fmt = scratch.paragraph_format
        fmt.space_after = Pt(after)
        fmt.space_before = Pt(before)
        fmt.line_spacing = 1.0
        if first_indent_mm:
            fmt.first_line_indent = Mm(first_indent_mm)
        run = scratch.add_run("")
        _set_font(run, size, bold, italic)
        found = _FORMATS[key] = (scratch._p.pPr, run._r.rPr)
    return found


def _paragraph(container: object, text: str, size: float, *, bold: bool = False,
               italic: bool = False, align: int = WD_ALIGN_PARAGRAPH.CENTER,
               first_indent_mm: float = 0, after: float = 0, before: float = 0,
               first: bool = False) -> DocxParagraph:
    """Add a paragraph (reusing a table cell's empty first paragraph when ``first``)."""
    if first and isinstance(container, _Cell):
        p = container._tc.p_lst[0]
    else:
        p = container.add_paragraph()._p  # type: ignore[attr-defined]
    ppr, rpr = _formats(size, bold, italic, align, first_indent_mm, after, before)
    old = p.pPr
    if old is not None:
        p.remove(old)
    p.insert(0, deepcopy(ppr))
    if text:
        r = OxmlElement("w:r")
        r.append(deepcopy(rpr))
        r.text = keep_ranges(clean(text))
        p.append(r)
    return DocxParagraph(p, container)  # type: ignore[arg-type]


def _rule(container: object, length_mm: float, width_mm: float) -> None:
    """A centred horizontal rule ``length_mm`` long: an empty paragraph's bottom border."""
    para = _paragraph(container, "", 2)
    side = max((width_mm - length_mm) / 2, 0)
    para.paragraph_format.left_indent = Mm(side)
    para.paragraph_format.right_indent = Mm(side)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _text_mm(text: str, font: str, size: float) -> float:
    return stringWidth(clean(text), font, size) / _POINTS_PER_MM


def _no_borders(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _set_widths(table: object, widths_mm: list[float]) -> None:
    """Column widths that Word and LibreOffice both honour: the grid, a fixed layout and
    every cell's own width (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False  # type: ignore[attr-defined]
    tbl = table._tbl  # type: ignore[attr-defined]
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)
    columns = len(widths_mm)
    for index, cell in enumerate(table._cells):  # type: ignore[attr-defined]
        cell.width = Mm(widths_mm[index % columns])


def _header(document: object, doc: OfficialDocument, width_mm: float) -> None:
    header = doc.header
    table = document.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    left_mm = width_mm * LEFT_SHARE
    _set_widths(table, [left_mm, width_mm - left_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if clean(header.issuing_body_parent):
        _paragraph(left, clean(header.issuing_body_parent).upper(), HEADER_SIZE, first=True)
        first = False
    lines = body_lines(header.issuing_body)
    for line in lines:
        _paragraph(left, line, HEADER_SIZE, bold=True, first=first)
        first = False
    widest = max(_text_mm(line, SERIF_BOLD, HEADER_SIZE) for line in lines)
    _rule(left, min(widest, left_mm) * 0.4, left_mm)
    nation, motto = _("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")
    _paragraph(right, nation, NATION_SIZE, bold=True, first=True)
    _paragraph(right, motto, MOTTO_SIZE, bold=True)
    _rule(right, _text_mm(motto, SERIF_BOLD, MOTTO_SIZE), width_mm - left_mm)
    _paragraph(table.cell(1, 0), _("No.: {number}").format(number=clean(header.number)),
               HEADER_SIZE, first=True, before=4)
    _paragraph(table.cell(1, 1), place_date_line(header.place, header.signed_on), HEADER_SIZE,
               italic=True, first=True, before=4)


def _repeat_header_row(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _table(document: object, block: Table, width_mm: float) -> None:
    # The header row and one empty row are made by python-docx; the rows of the table
    # are copies of that empty row filled once per arrangement of cells (which are
    # numbers, which are empty, whether it is the total row) and then only given their
    # texts: the same XML as filling each cell through python-docx, which took most of
    # the time of a 500-row list.
    table = document.add_table(  # type: ignore[attr-defined]
        rows=1 + min(len(block.rows), 1), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Word's cell margins take 3.8 mm: a narrower column breaks even "STT".
    widths = [max(w * width_mm, 13.0) for w in block.relative_widths()]
    _set_widths(table, [w * width_mm / sum(widths) for w in widths])
    _repeat_header_row(table.rows[0])
    cells = table._cells
    columns = len(block.columns)
    for j, title in enumerate(block.columns):
        _paragraph(cells[j], title, TABLE_SIZE, bold=True, first=True)
    if block.rows:
        tbl = table._tbl
        blank = tbl.tr_lst[1]
        tbl.remove(blank)
        filled: dict[tuple[object, ...], Any] = {}
        last = len(block.rows) - 1
        for i, row in enumerate(block.rows):
            values = [clean(row[j]) if j < len(row) else "" for j in range(columns)]
            numeric = [v.replace(".", "").replace(",", "").replace("%", "").isdigit()
                       for v in values]
            total = block.total_row and i == last
            key = (total, *numeric, *(not v for v in values))
            template = filled.get(key)
            if template is None:
                tr = deepcopy(blank)
                for tc, value, number in zip(tr.tc_lst, values, numeric, strict=True):
                    _paragraph(_Cell(tc, table), value, TABLE_SIZE, bold=total, first=True,
                               align=WD_ALIGN_PARAGRAPH.CENTER if number
                               else WD_ALIGN_PARAGRAPH.LEFT)
                filled[key] = template = tr
            else:
                tr = deepcopy(template)
                texts = iter(tr.iter(_T))
                for value in values:
                    if value:
                        next(texts).text = keep_ranges(value)
            tbl.append(tr)
    _paragraph(document, "", 6)


_T = qn("w:t")


def _closing(document: object, doc: OfficialDocument, width_mm: float) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    _set_widths(table, [width_mm * 0.45, width_mm * 0.55])
    left, right = table.cell(0, 0), table.cell(0, 1)
    left_align = WD_ALIGN_PARAGRAPH.LEFT
    _paragraph(left, _("Recipients:"), RECIPIENTS_TITLE_SIZE, bold=True, italic=True,
               align=left_align, first=True)
    for line in recipient_lines(doc.recipients):
        _paragraph(left, line, RECIPIENTS_SIZE, align=left_align)
    signature = doc.signature
    authority = " ".join(p for p in (clean(signature.prefix), clean(signature.body).upper()) if p)
    first = True
    if authority:
        _paragraph(right, authority, HEADER_SIZE + 1, bold=True, first=True)
        first = False
    _paragraph(right, clean(signature.title).upper(), HEADER_SIZE + 1, bold=True, first=first)
    for _blank in range(4):
        _paragraph(right, "", HEADER_SIZE + 1)
    _paragraph(right, signature.name, HEADER_SIZE + 1, bold=True)


def _page_number_field(paragraph: DocxParagraph) -> None:
    run = paragraph.add_run()
    _set_font(run, HEADER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup_section(document: object, doc: OfficialDocument) -> float:
    """Page size, margins and page numbers; return the text width in mm."""
    section = document.sections[0]  # type: ignore[attr-defined]
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(_MARGINS_MM["top"])
    section.bottom_margin = Mm(_MARGINS_MM["bottom"])
    section.left_margin = Mm(_MARGINS_MM["left"])
    section.right_margin = Mm(_MARGINS_MM["right"])
    section.header_distance = Mm(8)
    section.different_first_page_header_footer = True  # page 1 carries no number
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(para)
    return (297 if doc.landscape else 210) - _MARGINS_MM["left"] - _MARGINS_MM["right"]


def render_docx(doc: OfficialDocument, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` as a Word file at ``path`` (atomically: all or nothing)."""
    check_printable(doc)
    register_fonts()  # widths of rules are measured with the metric-compatible font
    document = Document()
    normal = document.styles["Normal"]
    _set_font(normal, BODY_SIZE)
    width_mm = _setup_section(document, doc)
    _header(document, doc, width_mm)
    _paragraph(document, clean(doc.doc_type).upper(), BODY_SIZE, bold=True, before=14)
    if clean(doc.summary):
        _paragraph(document, doc.summary, BODY_SIZE, bold=True)
    points_per_mm = 72 / 25.4
    _rule(document, rule_under(clean(doc.summary) or clean(doc.doc_type).upper(), SERIF_BOLD,
                               BODY_SIZE, width_mm * points_per_mm) / points_per_mm, width_mm)
    for block in doc.body:
        if isinstance(block, Heading):
            _paragraph(document, block.text, BODY_SIZE, bold=True, italic=block.level >= 3,
                       align=WD_ALIGN_PARAGRAPH.LEFT, first_indent_mm=10, after=6)
        elif isinstance(block, Paragraph):
            _paragraph(document, block.text, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                       first_indent_mm=10, after=6)
        elif isinstance(block, Table):
            _table(document, block, width_mm)
    _closing(document, doc, width_mm)
    document.core_properties.title = clean(doc.summary) or clean(doc.doc_type)
    document.core_properties.author = " ".join(body_lines(doc.header.issuing_body))
    document.core_properties.subject = " ".join(
        p for p in (clean(doc.doc_type).capitalize(), clean(doc.header.number)) if p)
    with atomic_output(path) as tmp:
        document.save(str(tmp))
