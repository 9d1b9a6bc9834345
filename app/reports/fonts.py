"""The embedded serif fonts used by every PDF (Liberation Serif: Times New Roman metrics).

Decree 30/2020 asks for Times New Roman; Liberation Serif has the same metrics, covers
Vietnamese and may be embedded, so printed pages look the same on every computer.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import fonts_dir

__all__ = ["SERIF", "SERIF_BOLD", "SERIF_ITALIC", "SERIF_BOLD_ITALIC", "FAMILY", "register_fonts"]

FAMILY = "LiberationSerif"
SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the four faces and their family with ReportLab (only the first call works)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(FAMILY, normal=SERIF, bold=SERIF_BOLD,
                                      italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC)
        # Paragraph markup (<b>, <i>) looks faces up through these mappings.
        addMapping(FAMILY, 0, 0, SERIF)
        addMapping(FAMILY, 1, 0, SERIF_BOLD)
        addMapping(FAMILY, 0, 1, SERIF_ITALIC)
        addMapping(FAMILY, 1, 1, SERIF_BOLD_ITALIC)
        _registered = True
