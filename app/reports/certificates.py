"""Certificates (Giấy khen, Giấy công nhận "Thôn văn hóa") on landscape A4, one per page.

Two modes: ``"full"`` prints the whole certificate (border, Quốc hiệu, Tiêu ngữ, authority,
title, fields); ``"fields"`` prints only the variable fields at the same places, for the
pre-printed blanks many offices buy, shifted by a printer offset measured with
:func:`render_calibration_page`. The canvas is used directly (no platypus) so that a
thousand certificates take a few seconds.

Long texts shrink down to a minimum size and wrap inside their box; what cannot fit even
at the minimum size is refused with the recipient's name, never printed over the border.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.dates import format_date
from app.errors import Cancelled as BaseCancelled
from app.errors import InputError
from app.i18n import N_, _
from app.reports.document import place_date_line
from app.reports.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts
from app.reports.layout import atomic_output, balance_lines, fit_box
from app.text import clean

__all__ = [
    "CertificateData",
    "Cancelled",
    "Box",
    "FIELD_BOXES",
    "KINDS",
    "render_certificates",
    "render_calibration_page",
    "missing_certificate_fields",
]

PAGE = landscape(A4)
KINDS = ("person", "collective", "household", "village")
RED = HexColor("#B3121B")
DARK_RED = HexColor("#8E0E0E")
GOLD = HexColor("#B8892E")
LEADING = 1.2
Progress = Callable[[int, int], bool]


class Cancelled(BaseCancelled):
    """The user stopped a print job; nothing was written."""


@dataclass
class CertificateData:
    """What one certificate shows. ``authority`` is the line above "Tặng"
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI"); ``title`` is "GIẤY KHEN" or "GIẤY CÔNG NHẬN";
    ``kind`` is person, collective, household or village (a village is "recognised",
    the others are "awarded")."""

    authority: str
    recipient: str
    achievement: str
    decision_number: str
    decision_date: date | None
    place: str
    signed_on: date
    signer_title: str
    signer_name: str
    title: str = "GIẤY KHEN"
    authority_parent: str = ""
    recipient_unit: str = ""
    register_number: int | None = None
    register_year: int | None = None
    signer_prefix: str = ""
    kind: str = "person"


@dataclass(frozen=True)
class Box:
    """A field's place on the page in millimetres from the bottom-left corner."""

    x: float
    y: float
    width: float
    height: float


# Where each variable field goes (shared by both modes and the calibration page).
FIELD_BOXES: dict[str, Box] = {
    "authority": Box(30, 150, 237, 14),
    "recipient": Box(30, 104, 237, 15),
    "unit": Box(30, 92, 237, 11),
    "achievement": Box(35, 66, 227, 25),
    "decision": Box(25, 47, 120, 8),
    "register": Box(25, 39, 120, 7),
    "date": Box(145, 57, 120, 8),
    "signer_title": Box(145, 43, 120, 13),
    "signer_name": Box(145, 16, 120, 9),
}
# Fixed texts of the full mode: baselines in mm.
_NATION_Y, _MOTTO_Y, _PARENT_Y, _VERB_Y, _TITLE_Y = 184, 177, 167, 141, 126
_CONTENT_X, _CONTENT_W = 30, 237
_OUTER_INSET, _INNER_INSET = 8, 11.5

# (font, largest, smallest size) for each field.
_FIELD_FONTS: dict[str, tuple[str, float, float]] = {
    "authority": (SERIF_BOLD, 16, 11),
    "recipient": (SERIF_BOLD, 26, 14),
    "unit": (SERIF, 15, 11),
    "achievement": (SERIF_ITALIC, 15, 10),
    "decision": (SERIF, 13, 9),
    "register": (SERIF, 13, 9),
    "date": (SERIF_ITALIC, 14, 10),
    "signer_title": (SERIF_BOLD, 14, 10),
    "signer_name": (SERIF_BOLD, 16, 11),
}
_FIELD_LABELS = {
    "authority": N_("awarding authority"),
    "recipient": N_("recipient's name"),
    "unit": N_("unit"),
    "achievement": N_("achievement"),
    "decision": N_("decision"),
    "register": N_("register number"),
    "date": N_("place and date"),
    "signer_title": N_("signer's title"),
    "signer_name": N_("signer's name"),
}
_LEFT_ALIGNED = {"decision", "register"}
_MODE_FIELDS = {  # fields printed in "fields" mode (the rest is pre-printed on blanks)
    "recipient", "unit", "achievement", "decision", "register", "date", "signer_name",
}


def missing_certificate_fields(item: CertificateData) -> list[str]:
    """What must be filled in before ``item`` can be printed (Vietnamese messages)."""
    problems = []
    if not clean(item.recipient):
        problems.append(_("The recipient's name is missing."))
    if not clean(item.decision_number):
        problems.append(_("The decision number is missing."))
    if item.decision_date is None:
        problems.append(_("The decision date is missing."))
    if not clean(item.signer_title):
        problems.append(_("The signer's title is missing."))
    if not clean(item.signer_name):
        problems.append(_("The signer's name is missing."))
    return problems


def _field_texts(item: CertificateData) -> dict[str, str]:
    texts = {
        "authority": clean(item.authority).upper(),
        "recipient": clean(item.recipient),
        "unit": clean(item.recipient_unit),
        "achievement": clean(item.achievement),
        "decision": _("Decision No. {number} dated {date}").format(
            number=clean(item.decision_number), date=format_date(item.decision_date)),
        "register": "",
        "date": place_date_line(item.place, item.signed_on),
        # "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH": the lines of the title are kept.
        "signer_title": "\n".join(clean(line).upper() for line in " ".join(
            p for p in (clean(item.signer_prefix), item.signer_title.strip()) if p
        ).split("\n") if clean(line)),
        "signer_name": clean(item.signer_name),
    }
    if item.register_number is not None:
        year = item.register_year or (item.decision_date or item.signed_on).year
        texts["register"] = _("Gold book No.: {number}/{year}").format(
            number=item.register_number, year=year)
    return texts


Layout = dict[str, tuple[float, list[str]]]


def _layout(item: CertificateData, fields: Iterable[str]) -> Layout:
    """Size and lines of each field; raise InputError when one cannot fit."""
    problems = missing_certificate_fields(item)
    if problems:
        raise InputError(N_("The certificate for \"{recipient}\" cannot be printed: "
                            "{problems}"),
                         recipient=clean(item.recipient) or "?", problems=" ".join(problems))
    texts = _field_texts(item)
    result: Layout = {}
    for name in fields:
        text = texts[name]
        if not text:
            continue
        found = _fit_field(name, text)
        if found is None:
            raise InputError(N_("The {field} of \"{recipient}\" is too long to fit on the "
                                "certificate; shorten it."),
                             field=_(_FIELD_LABELS[name]), recipient=clean(item.recipient))
        size, lines = found
        result[name] = (size, list(lines))
    return result


@lru_cache(maxsize=8192)
def _fit_field(name: str, text: str) -> tuple[float, tuple[str, ...]] | None:
    """Size and lines of one field's text, or None when it cannot fit. Remembered: a
    thousand certificates of one decision repeat the authority, the title, the decision
    line, the date and the signer on every page."""
    font, largest, smallest = _FIELD_FONTS[name]
    box = FIELD_BOXES[name]
    if "\n" in text:  # lines given: each fits on its own line, one size for all
        given = text.split("\n")
        fits = [fit_box(line, font, box.width * mm, box.height * mm / len(given),
                        (largest, smallest), LEADING) for line in given]
        found = (None if any(f is None or len(f[1]) > 1 for f in fits)
                 else (min(f[0] for f in fits if f), given))
    else:
        found = fit_box(text, font, box.width * mm, box.height * mm, (largest, smallest),
                        LEADING)
    if found is None:
        return None
    size, lines = found
    if name not in _LEFT_ALIGNED and "\n" not in text:
        lines = balance_lines(lines, font, size, box.width * mm)
    return size, tuple(lines)


def _draw_field(canvas: Canvas, name: str, size: float, lines: list[str],
                colour: Color = black) -> None:
    font = _FIELD_FONTS[name][0]
    box = FIELD_BOXES[name]
    line_h = size * LEADING
    block_h = line_h * len(lines)
    top = (box.y + box.height) * mm
    # Centre the block vertically; the baseline sits about 0.95 em below a line's top
    # so that the marks above capitals (Ể, Ấ) stay inside the box.
    first = top - (box.height * mm - block_h) / 2 - size * 0.95
    canvas.setFillColor(colour)
    canvas.setFont(font, size)
    for i, line in enumerate(lines):
        y = first - i * line_h
        if name in _LEFT_ALIGNED:
            canvas.drawString(box.x * mm, y, line)
        else:
            canvas.drawCentredString((box.x + box.width / 2) * mm, y, line)


def _draw_ornament(canvas: Canvas, x: float, y: float, sx: int, sy: int) -> None:
    """A corner ornament at (x, y) pointing into the page along (sx, sy)."""
    canvas.setFillColor(RED)
    size = 4 * mm
    path = canvas.beginPath()
    path.moveTo(x, y)
    path.lineTo(x + sx * size, y + sy * size * 0.35)
    path.lineTo(x + sx * size * 0.5, y + sy * size * 0.5)
    path.lineTo(x + sx * size * 0.35, y + sy * size)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.6)
    canvas.circle(x + sx * size * 1.3, y + sy * size * 1.3, 1.2 * mm, stroke=1, fill=0)


def _decoration_form(canvas: Canvas) -> str:
    """Border, Quốc hiệu and Tiêu ngữ: drawn once and placed on every page."""
    name = "certificate_frame"
    width, height = PAGE
    canvas.beginForm(name)
    outer, inner = _OUTER_INSET * mm, _INNER_INSET * mm
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(2.6)
    canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.9)
    canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner)
    canvas.setLineWidth(0.4)
    mid = (outer + inner) / 2
    canvas.rect(mid, mid, width - 2 * mid, height - 2 * mid)
    for x, y, sx, sy in ((inner, inner, 1, 1), (width - inner, inner, -1, 1),
                         (inner, height - inner, 1, -1), (width - inner, height - inner, -1, -1)):
        _draw_ornament(canvas, x, y, sx, sy)
    centre = width / 2
    canvas.setFillColor(black)
    canvas.setFont(SERIF_BOLD, 14)
    canvas.drawCentredString(centre, _NATION_Y * mm, _("SOCIALIST REPUBLIC OF VIETNAM"))
    motto = _("Independence - Freedom - Happiness")
    canvas.setFont(SERIF_BOLD, 15)
    canvas.drawCentredString(centre, _MOTTO_Y * mm, motto)
    half = stringWidth(motto, SERIF_BOLD, 15) / 2
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.7)
    canvas.line(centre - half, (_MOTTO_Y - 2.2) * mm, centre + half, (_MOTTO_Y - 2.2) * mm)
    canvas.endForm()
    return name


def _fit_one_line(text: str, font: str, largest: float, smallest: float) -> float | None:
    size = largest
    while size >= smallest:
        if stringWidth(text, font, size) <= _CONTENT_W * mm:
            return size
        size -= 0.5
    return None


def _draw_fixed_texts(canvas: Canvas, item: CertificateData) -> None:
    """Authority parent, verb ("Tặng" / "Công nhận") and title, full mode only."""
    centre = PAGE[0] / 2
    parent = clean(item.authority_parent).upper()
    if parent:
        size = _fit_one_line(parent, SERIF, 14, 10) or 10
        canvas.setFillColor(black)
        canvas.setFont(SERIF, size)
        canvas.drawCentredString(centre, _PARENT_Y * mm, parent)
    verb = _("Recognises") if item.kind == "village" else _("Awards")
    canvas.setFillColor(black)
    canvas.setFont(SERIF_BOLD_ITALIC, 17)
    canvas.drawCentredString(centre, _VERB_Y * mm, verb)
    title = clean(item.title).upper()
    title_size = _fit_one_line(title, SERIF_BOLD, 36, 20)
    if title_size is None:
        raise InputError(N_("The title \"{title}\" is too long for the certificate."),
                         title=title)
    canvas.setFillColor(RED)
    canvas.setFont(SERIF_BOLD, title_size)
    canvas.drawCentredString(centre, _TITLE_Y * mm, title)


def _colour(name: str, full: bool) -> Color:
    if not full:
        return black
    return {"authority": RED, "recipient": DARK_RED}.get(name, black)


def _translate(canvas: Canvas, offset_mm: tuple[float, float]) -> None:
    """Shift the page content: x > 0 moves right, y > 0 moves down (as measured on paper)."""
    dx, dy = offset_mm
    if dx or dy:
        canvas.translate(dx * mm, -dy * mm)


def render_certificates(items: list[CertificateData], path: str | os.PathLike[str],
                        mode: str = "full", offset_mm: tuple[float, float] = (0, 0),
                        progress: Progress | None = None) -> None:
    """Write every certificate of ``items`` into one PDF at ``path``, one page each.

    ``mode`` is "full" or "fields" (variable fields only, shifted by ``offset_mm``).
    ``progress(done, total)`` is called after each page; returning False cancels the job
    (the partial file is removed and :class:`Cancelled` raised).
    """
    if mode not in ("full", "fields"):
        raise ValueError(f"unknown certificate mode {mode!r}")
    if not items:
        raise InputError(N_("There is no certificate to print."))
    full = mode == "full"
    fields = list(FIELD_BOXES) if full else [f for f in FIELD_BOXES if f in _MODE_FIELDS]
    register_fonts()
    total = len(items)
    with atomic_output(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=PAGE, initialFontName=SERIF, pageCompression=1)
        first = items[0]
        canvas.setTitle(clean(first.title) + (f" – {clean(first.recipient)}"
                                              if len(items) == 1 else ""))
        canvas.setAuthor(clean(first.authority))
        canvas.setSubject(_("Decision No. {number} dated {date}").format(
            number=clean(first.decision_number), date=format_date(first.decision_date)))
        canvas.setCreator("DHTT")
        frame = _decoration_form(canvas) if full else None
        for done, item in enumerate(items, start=1):
            layout = _layout(item, fields)
            canvas.saveState()
            if full:
                assert frame is not None
                canvas.doForm(frame)
                _draw_fixed_texts(canvas, item)
            else:
                _translate(canvas, offset_mm)
            for name, (size, lines) in layout.items():
                _draw_field(canvas, name, size, lines, _colour(name, full))
            canvas.restoreState()
            canvas.showPage()
            if progress is not None and progress(done, total) is False:
                raise Cancelled()
        canvas.save()


def render_calibration_page(path: str | os.PathLike[str],
                            offset_mm: tuple[float, float] = (0, 0)) -> None:
    """A page to measure a printer's shift: a millimetre grid, crosshairs 20 mm from each
    corner, and the field boxes of the fields mode, all shifted by ``offset_mm``.

    Print it on plain paper, measure how far a crosshair lands from 20 mm, and enter the
    difference as the offset (x to the right, y downward).
    """
    register_fonts()
    width, height = PAGE
    with atomic_output(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=PAGE, initialFontName=SERIF)
        canvas.setTitle(_("Printer calibration"))
        canvas.saveState()
        _translate(canvas, offset_mm)
        grey = HexColor("#BBBBBB")
        for step in range(0, 298, 5):
            canvas.setStrokeColor(grey if step % 10 else HexColor("#777777"))
            canvas.setLineWidth(0.2 if step % 10 else 0.4)
            canvas.line(step * mm, 0, step * mm, height)
        for step in range(0, 211, 5):
            canvas.setStrokeColor(grey if step % 10 else HexColor("#777777"))
            canvas.setLineWidth(0.2 if step % 10 else 0.4)
            canvas.line(0, step * mm, width, step * mm)
        canvas.setFillColor(black)
        canvas.setFont(SERIF, 7)
        for step in range(10, 297, 10):
            canvas.drawCentredString(step * mm, (210 - 6) * mm, str(step))
        for step in range(10, 210, 10):
            canvas.drawString(3 * mm, (210 - step) * mm - 2, str(step))
        canvas.setStrokeColor(black)
        canvas.setLineWidth(0.5)
        for cx, cy in ((20, 20), (277, 20), (20, 190), (277, 190), (148.5, 105)):
            canvas.line((cx - 8) * mm, cy * mm, (cx + 8) * mm, cy * mm)
            canvas.line(cx * mm, (cy - 8) * mm, cx * mm, (cy + 8) * mm)
            canvas.circle(cx * mm, cy * mm, 3 * mm)
        canvas.setStrokeColor(RED)
        canvas.setFillColor(RED)
        canvas.setDash(3, 2)
        canvas.setFont(SERIF, 8)
        for name, box in FIELD_BOXES.items():
            if name not in _MODE_FIELDS:
                continue
            canvas.rect(box.x * mm, box.y * mm, box.width * mm, box.height * mm)
            canvas.drawString((box.x + 1) * mm, (box.y + box.height) * mm - 9,
                              _(_FIELD_LABELS[name]))
        canvas.restoreState()
        canvas.setFillColor(black)
        canvas.setFont(SERIF_BOLD, 11)
        canvas.drawCentredString(width / 2, 30 * mm, _(
            "Crosshairs are 20 mm from the edges of the page; measure where they are printed."))
        canvas.showPage()
        canvas.save()
