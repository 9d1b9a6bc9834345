"""Official documents to PDF (ReportLab platypus), laid out after Decree 30/2020/NĐ-CP.

One engine for every document: reports, plans, award lists. The header, signature and
"Nơi nhận" are drawn by flowables here; the body comes from the document's blocks.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from app.errors import InputError
from app.i18n import N_, _
from app.reports.document import (
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    missing_fields,
    place_date_line,
    recipient_lines,
)
from app.reports.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts
from app.reports.layout import atomic_output, rule_under, wrap_lines
from app.text import clean

__all__ = ["render_pdf", "check_printable", "MARGIN_TOP", "MARGIN_BOTTOM", "MARGIN_LEFT", "MARGIN_RIGHT"]

# Decree 30 ranges: top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm

BODY_SIZE = 14
HEADER_SIZE = 13
NATION_SIZE = 12
MOTTO_SIZE = 13
TABLE_SIZE = 12
RECIPIENTS_TITLE_SIZE = 12
RECIPIENTS_SIZE = 11
PAGE_NUMBER_SIZE = 13
FIRST_LINE_INDENT = 10 * mm
LEADING = 1.2  # line height as a multiple of the font size
# Share of the width for the issuing body; the rest holds the national title at 12 pt.
LEFT_SHARE = 0.43


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SERIF, fontSize=BODY_SIZE,
                          leading=BODY_SIZE * LEADING, alignment=TA_JUSTIFY,
                          firstLineIndent=FIRST_LINE_INDENT, spaceAfter=6)
    return {
        "body": base,
        "doc_type": ParagraphStyle("doc_type", parent=base, fontName=SERIF_BOLD,
                                   alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0,
                                   spaceBefore=14),
        "summary": ParagraphStyle("summary", parent=base, fontName=SERIF_BOLD,
                                  alignment=TA_CENTER, firstLineIndent=0, spaceAfter=2),
        "h1": ParagraphStyle("h1", parent=base, fontName=SERIF_BOLD, alignment=TA_LEFT,
                             spaceBefore=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=SERIF_BOLD, alignment=TA_LEFT),
        "h3": ParagraphStyle("h3", parent=base, fontName=SERIF_BOLD_ITALIC, alignment=TA_LEFT),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=TABLE_SIZE,
                               leading=TABLE_SIZE * LEADING, alignment=TA_LEFT),
        "cell_centre": ParagraphStyle("cell_centre", fontName=SERIF, fontSize=TABLE_SIZE,
                                      leading=TABLE_SIZE * LEADING, alignment=TA_CENTER),
        "cell_head": ParagraphStyle("cell_head", fontName=SERIF_BOLD, fontSize=TABLE_SIZE,
                                    leading=TABLE_SIZE * LEADING, alignment=TA_CENTER),
    }


def _para(text: str, style: ParagraphStyle) -> RLParagraph:
    return RLParagraph(escape(clean(text)), style)


class _Lines:
    """A column of centred lines drawn top-down; remembers where each rule goes."""

    def __init__(self, width: float) -> None:
        self.width = width
        self.items: list[tuple[str, str, float, float]] = []  # (kind, text/font, size, extra)
        self.height = 0.0

    def text(self, text: str, font: str, size: float) -> float:
        """Add ``text`` wrapped to the column; return the widest line's width."""
        widest = 0.0
        for line in wrap_lines(clean(text), font, size, self.width):
            self.items.append(("text", f"{font}\x00{line}", size, self.height))
            self.height += size * LEADING
            widest = max(widest, stringWidth(line, font, size))
        return widest

    def rule(self, length: float) -> None:
        # Clear of the dots below capitals (Ệ, Ậ, Ộ) of the line above.
        self.items.append(("rule", "", length, self.height + 3))
        self.height += 6.5

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        centre = x + self.width / 2
        for kind, payload, size, offset in self.items:
            if kind == "text":
                font, line = payload.split("\x00", 1)
                canvas.setFont(font, size)
                canvas.drawCentredString(centre, top - offset - size, line)
            else:
                canvas.setLineWidth(0.6)
                canvas.line(centre - size / 2, top - offset, centre + size / 2, top - offset)


class _HeaderBlock(Flowable):
    """The two-column header of page 1 (Decree 30, annex I, items 1–4)."""

    def __init__(self, doc: OfficialDocument) -> None:
        super().__init__()
        self.doc = doc
        self.left: _Lines | None = None
        self.right: _Lines | None = None
        self.bottom_y = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        header = self.doc.header
        left = _Lines(avail_width * LEFT_SHARE)
        right = _Lines(avail_width * (1 - LEFT_SHARE))
        if clean(header.issuing_body_parent):
            left.text(clean(header.issuing_body_parent).upper(), SERIF, HEADER_SIZE)
        # "ỦY BAN NHÂN DÂN\nXÃ IA KHA": a line break in the body is kept, as on paper.
        body_width = max(left.text(line, SERIF_BOLD, HEADER_SIZE)
                         for line in body_lines(header.issuing_body))
        left.rule(body_width * 0.4)
        right.text(_("SOCIALIST REPUBLIC OF VIETNAM"), SERIF_BOLD, NATION_SIZE)
        motto_width = right.text(_("Independence - Freedom - Happiness"), SERIF_BOLD, MOTTO_SIZE)
        right.rule(motto_width)
        # The number and the place/date share one line (annex I: same level).
        line_at = max(left.height, right.height) + 4
        left.height = right.height = line_at
        left.text(_("No.: {number}").format(number=clean(header.number)), SERIF, HEADER_SIZE)
        right.text(place_date_line(header.place, header.signed_on), SERIF_ITALIC, HEADER_SIZE)
        self.left, self.right = left, right
        self.width = avail_width
        self.height = max(left.height, right.height)
        return avail_width, self.height

    def draw(self) -> None:
        assert self.left is not None and self.right is not None
        self.left.draw(self.canv, 0, self.height)
        self.right.draw(self.canv, self.left.width, self.height)


class _ShortRule(Flowable):
    """The short rule under the summary (trích yếu)."""

    def __init__(self, length: float) -> None:
        super().__init__()
        self.length = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 8

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        x = (self.width - self.length) / 2
        self.canv.line(x, 6, x + self.length, 6)


def _looks_numeric(text: str) -> bool:
    stripped = text.replace(".", "").replace(",", "").replace("%", "").replace(" ", "")
    return bool(stripped) and stripped.lstrip("-").isdigit()


def _table(block: Table, width: float, styles: dict[str, ParagraphStyle]) -> RLTable:
    head = [_para(c, styles["cell_head"]) for c in block.columns]
    data: list[list[RLParagraph]] = [head]
    last = len(block.rows) - 1
    for i, row in enumerate(block.rows):
        cells = []
        for j in range(len(block.columns)):
            value = clean(row[j]) if j < len(row) else ""
            style = styles["cell_centre"] if _looks_numeric(value) else styles["cell"]
            if block.total_row and i == last:
                style = ParagraphStyle("total", parent=style, fontName=SERIF_BOLD)
            cells.append(_para(value, style))
        data.append(cells)
    table = RLTable(data, colWidths=[w * width for w in block.relative_widths()], repeatRows=1)
    table.setStyle(TableStyle([
        # Tables set their cells' font even for paragraphs; without this Helvetica is referenced.
        ("FONT", (0, 0), (-1, -1), SERIF, TABLE_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _closing(doc: OfficialDocument, width: float) -> KeepTogether:
    """"Nơi nhận" on the left and the signature block on the right, side by side."""
    recipients = ParagraphStyle("rcp", fontName=SERIF, fontSize=RECIPIENTS_SIZE,
                                leading=RECIPIENTS_SIZE * 1.15)
    recipients_title = ParagraphStyle("rcpt", fontName=SERIF_BOLD_ITALIC,
                                      fontSize=RECIPIENTS_TITLE_SIZE,
                                      leading=RECIPIENTS_TITLE_SIZE * LEADING)
    left: list[Flowable] = [_para(_("Recipients:"), recipients_title)]
    left += [_para(line, recipients) for line in recipient_lines(doc.recipients)]

    sign = ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=HEADER_SIZE + 1,
                          leading=(HEADER_SIZE + 1) * LEADING, alignment=TA_CENTER)
    signature = doc.signature
    authority = " ".join(p for p in (clean(signature.prefix), clean(signature.body).upper()) if p)
    right: list[Flowable] = []
    if authority:
        right.append(_para(authority, sign))
    right.append(_para(clean(signature.title).upper(), sign))
    right.append(Spacer(1, 25 * mm))
    right.append(_para(signature.name, sign))

    table = RLTable([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, RECIPIENTS_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
    ]))
    return KeepTogether([Spacer(1, 6), table])


def _story(doc: OfficialDocument, width: float) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [_HeaderBlock(doc)]
    story.append(_para(clean(doc.doc_type).upper(), styles["doc_type"]))
    if clean(doc.summary):
        story.append(_para(doc.summary, styles["summary"]))
    summary_style = styles["summary"]
    story.append(_ShortRule(rule_under(clean(doc.summary) or clean(doc.doc_type).upper(),
                                       summary_style.fontName, summary_style.fontSize, width)))
    story.append(Spacer(1, 6))
    for block in doc.body:
        if isinstance(block, Heading):
            story.append(_para(block.text, styles[f"h{min(max(block.level, 1), 3)}"]))
        elif isinstance(block, Paragraph):
            story.append(_para(block.text, styles["body"]))
        elif isinstance(block, Table):
            story.append(_table(block, width, styles))
            story.append(Spacer(1, 6))
    story.append(_closing(doc, width))
    return story


def body_lines(body: str) -> list[str]:
    """The issuing body's lines, upper case; at least one."""
    return [clean(part).upper() for part in body.split("\n") if clean(part)] or [""]


def _page_number(canvas: Canvas, template: BaseDocTemplate) -> None:
    """Page numbers centred in the top margin, from page 2 on."""
    if canvas.getPageNumber() < 2:
        return
    canvas.saveState()
    canvas.setFont(SERIF, PAGE_NUMBER_SIZE)
    width, height = template.pagesize
    canvas.drawCentredString(width / 2, height - MARGIN_TOP / 2 - PAGE_NUMBER_SIZE / 3,
                             str(canvas.getPageNumber()))
    canvas.restoreState()


def check_printable(doc: OfficialDocument) -> None:
    """Raise :class:`InputError` naming what is missing before anything is written."""
    problems = missing_fields(doc)
    if problems:
        raise InputError(N_("The document cannot be printed yet: {problems}"),
                         problems=" ".join(problems))


def render_pdf(doc: OfficialDocument, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` as a PDF at ``path`` (atomically: all or nothing)."""
    check_printable(doc)
    register_fonts()
    pagesize = landscape(A4) if doc.landscape else A4
    with atomic_output(path) as tmp:
        template = BaseDocTemplate(
            str(tmp), pagesize=pagesize, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, initialFontName=SERIF,
            initialFontSize=BODY_SIZE, title=clean(doc.summary) or clean(doc.doc_type),
            author=" ".join(body_lines(doc.header.issuing_body)), creator="DHTT",
            subject=" ".join(p for p in (clean(doc.doc_type).capitalize(),
                                         clean(doc.header.number)) if p),
        )
        width = pagesize[0] - MARGIN_LEFT - MARGIN_RIGHT
        height = pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
        # No frame padding: the text starts exactly at the Decree 30 margins.
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, width, height, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template.addPageTemplates([PageTemplate("page", [frame], onPage=_page_number)])
        template.build(_story(doc, width))
