"""Small layout tools shared by the writers: atomic output files and line wrapping."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

# One place writes every output file (temporary name, fsync, rename; Vietnamese messages).
from app.outputs import atomic_output

__all__ = ["atomic_output", "wrap_lines", "fit_lines", "fit_box", "balance_lines"]


# Width of each word at size 1, per font: a TrueType string's width is the sum of its
# glyphs' widths times the size (ReportLab applies no kerning), so a line's width is the sum
# of its words' and spaces' widths. Measuring each word once instead of every candidate
# line again made wrapping several times faster (a thousand certificates wrap each field
# at up to ten sizes).
_UNIT_WIDTHS: dict[tuple[str, str], float] = {}
_CACHE_LIMIT = 200_000


def _unit_width(word: str, font: str) -> float:
    key = (font, word)
    width = _UNIT_WIDTHS.get(key)
    if width is None:
        if len(_UNIT_WIDTHS) > _CACHE_LIMIT:
            _UNIT_WIDTHS.clear()
        width = _UNIT_WIDTHS[key] = stringWidth(word, font, 1.0)
    return width


def _fits(line: str, sum_width: float, font: str, size: float, width: float) -> bool:
    estimate = sum_width * size
    if abs(estimate - width) <= 1e-6 * max(width, 1.0):  # too close to call: measure
        return stringWidth(line, font, size) <= width
    return estimate <= width


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, at spaces.

    A single word wider than ``width`` stays on its own line (callers check widths).
    """
    lines: list[str] = []
    current = ""
    current_width = 0.0
    space = _unit_width(" ", font)
    for word in text.split():
        word_width = _unit_width(word, font)
        if not current:
            current, current_width = word, word_width
            continue
        candidate_width = current_width + space + word_width
        candidate = f"{current} {word}"
        if _fits(candidate, candidate_width, font, size, width):
            current, current_width = candidate, candidate_width
        else:
            lines.append(current)
            current, current_width = word, word_width
    if current:
        lines.append(current)
    return lines


def line_fits(line: str, font: str, size: float, width: float) -> bool:
    """Whether ``line`` (words separated by single spaces) is at most ``width`` points."""
    words = line.split(" ")
    total = sum(_unit_width(w, font) for w in words) + _unit_width(" ", font) * (len(words) - 1)
    return _fits(line, total, font, size, width)


def fit_lines(text: str, font: str, width: float, max_lines: int, sizes: tuple[float, float],
              step: float = 0.5) -> tuple[float, list[str]] | None:
    """The largest size in ``sizes`` (largest, smallest) at which ``text`` fits.

    Fitting means at most ``max_lines`` lines, each no wider than ``width``. Returns
    (size, lines), or ``None`` when even the smallest size does not fit.
    """
    size, smallest = sizes
    while size >= smallest - 1e-6:
        lines = wrap_lines(text, font, size, width)
        if len(lines) <= max_lines and all(line_fits(ln, font, size, width) for ln in lines):
            return size, lines
        size -= step
    return None


def fit_box(text: str, font: str, width: float, height: float, sizes: tuple[float, float],
            leading: float = 1.2, step: float = 0.5) -> tuple[float, list[str]] | None:
    """The largest size at which ``text`` wraps into a box ``width`` × ``height`` points."""
    size, smallest = sizes
    while size >= smallest - 1e-6:
        max_lines = max(int((height + 1e-6) // (size * leading)), 1)
        found = fit_lines(text, font, width, max_lines, (size, size))
        if found is not None:
            return found
        size -= step
    return None


def balance_lines(lines: list[str], font: str, size: float, width: float) -> list[str]:
    """Re-wrap ``lines`` to the same count but as even as possible.

    Centred texts read badly with a last line of one or two words ("… giai đoạn /
    2021–2025"); the narrowest width that keeps the line count gives even lines.
    """
    if len(lines) < 2:
        return lines
    text = " ".join(lines)
    low, high = width / len(lines), width
    best = lines
    for _step in range(10):
        middle = (low + high) / 2
        trial = wrap_lines(text, font, size, middle)
        if len(trial) <= len(lines) and all(line_fits(t, font, size, width) for t in trial):
            best, high = trial, middle
        else:
            low = middle
    return best


# The rule under the summary (trích yếu) and under the issuing body: between 1/3 and 1/2
# of the line it sits under (Decree 30, annex I).
RULE_SHARE = 0.4


def rule_under(text: str, font: str, size: float, width: float) -> float:
    """The length of the rule under ``text`` wrapped at ``width`` points: a share of its
    last line, the one the rule sits under."""
    lines = wrap_lines(text, font, size, width) if text.strip() else []
    if not lines:
        return 0.0
    return RULE_SHARE * stringWidth(lines[-1], font, size)
