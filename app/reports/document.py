"""An official document (Decree 30/2020/NĐ-CP) as plain data, whatever it is printed to.

The PDF and DOCX writers both read an :class:`OfficialDocument`; builders (reviews, award
lists) produce one from figures. Nothing here knows about pages or fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.i18n import _
from app.text import clean

__all__ = [
    "Header",
    "Signature",
    "Heading",
    "Paragraph",
    "Table",
    "Block",
    "OfficialDocument",
    "place_date_line",
    "date_words",
    "missing_fields",
    "recipient_lines",
]


@dataclass
class Header:
    """The issuing body and the document's number, place and date (top of page 1)."""

    issuing_body: str
    number: str
    place: str
    signed_on: date
    issuing_body_parent: str = ""


@dataclass
class Signature:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / name.

    ``prefix`` is the authority prefix of Decree 30: "TM." (on behalf of a collective body),
    "KT." (deputy for the head), "Q." (acting), "TL.", "TUQ." or "" (the head signs).
    """

    title: str
    name: str
    prefix: str = ""
    body: str = ""


@dataclass
class Heading:
    """A section heading of the body ("I. ĐẶC ĐIỂM TÌNH HÌNH"); level 1 is the highest."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """A body paragraph: justified, first line indented."""

    text: str


@dataclass
class Table:
    """A table with a header row; ``widths`` are relative; ``total_row`` marks the last row."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)
    total_row: bool = False

    def relative_widths(self) -> list[float]:
        """Widths as shares of 1 (equal when not given or of the wrong length)."""
        widths = self.widths if len(self.widths) == len(self.columns) else [1.0] * len(self.columns)
        total = sum(widths) or 1.0
        return [w / total for w in widths]


Block = Heading | Paragraph | Table


@dataclass
class OfficialDocument:
    """A whole document: header, type and summary (trích yếu), body, signature, recipients."""

    header: Header
    doc_type: str
    summary: str
    body: list[Block]
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    landscape: bool = False


def date_words(d: date) -> str:
    """"ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 take a leading zero."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return _("day {day} month {month} year {year}").format(day=day, month=month, year=d.year)


def place_date_line(place: str, d: date) -> str:
    """"Gia Lai, ngày 05 tháng 02 năm 2026" (Decree 30, annex I)."""
    place = clean(place)
    words = date_words(d)
    return f"{place}, {words}" if place else words[:1].upper() + words[1:]


def recipient_lines(recipients: list[str]) -> list[str]:
    """The lines under "Nơi nhận:": "- X;" each, the last "- Lưu: VT." unless given."""
    lines = []
    has_archive = False
    for raw in recipients:
        text = clean(raw).lstrip("-").strip().rstrip(";.").strip()
        if not text:
            continue
        if text.lower().startswith(clean(_("Archive")).lower()):
            has_archive = True
            lines.append(f"- {text}.")
        else:
            lines.append(f"- {text};")
    if not has_archive:
        lines.append("- " + _("Archive: VT."))
    return lines


def missing_fields(doc: OfficialDocument) -> list[str]:
    """What must be filled in before the document can be printed (Vietnamese messages)."""
    problems = []
    if not clean(doc.header.number):
        problems.append(_("The document has no number."))
    if not clean(doc.header.issuing_body):
        problems.append(_("The document has no issuing body."))
    if not clean(doc.signature.title):
        problems.append(_("The signer's title is missing."))
    if not clean(doc.signature.name):
        problems.append(_("The signer's name is missing."))
    return problems
