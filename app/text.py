"""Vietnamese text rules, used everywhere text is stored, sorted or searched.

- ``clean``: NFC, trimmed, inner whitespace collapsed, typographic apostrophes folded to "'".
- ``fold``: the search form: lower case, no diacritics, "đ" → "d", apostrophes and
  punctuation dropped, so "nguyen thi anh" finds "Nguyễn Thị Ánh Tuyết" and "hlan" finds
  "Ksor H'Lan". Stored beside the text in a ``*_search`` column and matched with ``LIKE``
  in SQL (SQLite's ``LIKE`` folds ASCII case only, so both sides are folded first).
- ``sort_key``: the CLDR "vi" order as a plain string that SQLite can ``ORDER BY`` and
  index: letters first (a ă â b c d đ e ê …), tones only break ties
  (none < huyền < hỏi < ngã < sắc < nặng), then case.
- ``person_sort_key``: people by tên, then tên đệm, then họ, each part compared whole
  (letters, then tones, then case) before the next part is looked at, so every "Anh"
  comes before every "Ánh" whatever the tên đệm.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "clean",
    "clean_optional",
    "fold",
    "search_terms",
    "sort_key",
    "person_sort_key",
    "split_person_name",
    "like_pattern",
    "prefix_pattern",
]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
_SPACES = re.compile(r"\s+")

# Combining marks: those that make a new letter, and the five tones.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Alphabet order; f j w z are not Vietnamese letters but occur in names and loan words,
# and take their place in the Latin order.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
# Primary weights are printable so keys stay readable when debugging: digits sort before
# letters, letters get "A".. in alphabet order; a space is the lowest weight, so "An" < "An Khê".
_PRIMARY = {letter: chr(0x41 + i) for i, letter in enumerate(_ALPHABET)}
_PRIMARY.update({str(d): chr(0x30 + d) for d in range(10)})
_SPACE_WEIGHT = "!"
_PART_SEPARATOR = " "  # lower than every weight: shorter part sorts first
_LEVEL_SEPARATOR = "\x01"
# Between the complete keys of a person's name parts. Two part keys that agree on their
# letters have the same length, so the separator is only ever compared with itself: a
# part equal at every level lets the next part decide.
_NAME_PART_SEPARATOR = "\x01"


def clean(value: str | None) -> str:
    """Return the stored form of a piece of text: NFC, trimmed, single spaces, "'"."""
    if value is None:
        return ""
    value = value if type(value) is str else str(value)
    return _clean_short(value) if len(value) <= _REMEMBERED else _clean(value)


_REMEMBERED = 200  # the longest text whose clean and folded forms are remembered


def _clean(value: str) -> str:
    text = unicodedata.normalize("NFC", value.translate(_APOSTROPHES))
    return _SPACES.sub(" ", text).strip()


# An import cleans the same units, kinds, genders and ethnic groups on every row, about
# thirty cells a row: short texts' clean forms are remembered.
_clean_short = lru_cache(maxsize=32768)(_clean)


def clean_multiline(value: str | None) -> str:
    """Like :func:`clean` for text with paragraphs: each line cleaned, blank lines kept
    single, so a report paragraph edited in the window keeps its breaks."""
    lines = [clean(line) for line in str(value or "").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def clean_optional(value: str | None) -> str | None:
    """Like :func:`clean` but keep "no value" as ``None``."""
    text = clean(value)
    return text or None


def fold(value: str | None) -> str:
    """Return the search form: lower case, no diacritics, only letters, digits, spaces.

    A word with an apostrophe is kept whole ("h'lan" → "hlan") and the part after the
    apostrophe is added as a word of its own, so that "lan" finds "Ksor H'Lan" as a word
    start, as "hlan" and "h'lan" do."""
    cleaned = clean(value)
    return _fold_short(cleaned) if len(cleaned) <= _REMEMBERED else _fold(cleaned)


def _fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    extra = [w.rsplit("'", 1)[1] for w in text.split(" ") if "'" in w.strip("'")]
    if extra:
        text = " ".join([text, *extra])
    decomposed = unicodedata.normalize("NFD", text)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            out.append(ch)
        elif ch == "'":
            continue  # "h'lan" and "hlan" are the same search
        else:
            out.append(" ")
    return _SPACES.sub(" ", "".join(out)).strip()


# The same words come back in an import's every row and in every search.
_fold_short = lru_cache(maxsize=32768)(_fold)


def search_terms(query: str | None) -> list[str]:
    """Split a search box entry into folded words; every word must match."""
    return [t for t in fold(query).split(" ") if t]


def like_pattern(term: str) -> str:
    """A ``LIKE`` pattern for a folded term (folded text holds no % or _ but escape anyway)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def prefix_pattern(term: str) -> str:
    """A ``LIKE`` pattern matching text that starts with the folded ``term``."""
    return like_pattern(term)[1:]


def _letter_weights(text: str) -> tuple[str, str, str]:
    """Primary (letters), secondary (tones) and tertiary (case) weights of one text: each
    word's weights (remembered: the same họ and tên đệm come back on every other row of
    an import), spaces weighing in the letters only."""
    words = [_word_weights(word) for word in clean(text).split(" ")]
    if len(words) == 1:
        return words[0]
    return (_SPACE_WEIGHT.join(w[0] for w in words), "".join(w[1] for w in words),
            "".join(w[2] for w in words))


@lru_cache(maxsize=65536)
def _word_weights(text: str) -> tuple[str, str, str]:
    """:func:`_letter_weights` of a text without spaces (or with: the rule is the same)."""
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    for ch in text:
        if ch.isspace():
            primary.append(_SPACE_WEIGHT)
            continue
        lower = ch.lower()
        cases.append("1" if ch != lower else "0")
        if lower == "đ":
            primary.append(_PRIMARY["đ"])
            tones.append("0")
            continue
        parts = unicodedata.normalize("NFD", lower)
        base, marks = parts[0], parts[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == _BREVE and base == "a":
                letter = "ă"
            elif mark == _CIRCUMFLEX and base in "aeo":
                letter = base + "\u0302"
                letter = unicodedata.normalize("NFC", letter)
            elif mark == _HORN and base in "ou":
                letter = unicodedata.normalize("NFC", base + _HORN)
        weight = _PRIMARY.get(letter)
        if weight is None:
            if not base.isalnum():
                continue  # punctuation and apostrophes do not order names
            # Other scripts: after every Vietnamese letter, by code point.
            weight = "~" + base
        primary.append(weight)
        tones.append(str(tone))
    return "".join(primary), "".join(tones), "".join(cases)


def _compose(parts: list[str]) -> str:
    weights = [_letter_weights(p) for p in parts]
    return _LEVEL_SEPARATOR.join(
        _PART_SEPARATOR.join(w[level] for w in weights) for level in range(3)
    )


def sort_key(value: str | None) -> str:
    """A string whose plain (binary) order is the Vietnamese order of ``value``."""
    return _compose([value or ""])


def person_sort_key(ho: str | None, ten_dem: str | None, ten: str | None) -> str:
    """Sort key for a person: tên (given name) first, then tên đệm, then họ; each part's
    whole key (letters, tones, case) before the next part's."""
    return _NAME_PART_SEPARATOR.join(_part_key(part or "") for part in (ten, ten_dem, ho))


# The same họ and tên đệm (and most tên) come back on row after row of an import.
@lru_cache(maxsize=32768)
def _part_key(part: str) -> str:
    return _compose([part])


def split_person_name(full_name: str) -> tuple[str, str, str]:
    """Split "Nguyễn Thị Ánh Tuyết" into (họ, tên đệm, tên).

    The last word is the tên and the first the họ, which also fits Jrai names
    ("Ksor H'Lan": họ Ksor, tên H'Lan) and Bahnar names ("Đinh Văn Ngơr").
    A single word is a tên alone.
    """
    words = clean(full_name).split(" ")
    words = [w for w in words if w]
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]
