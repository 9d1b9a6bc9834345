"""The rows of a workbook's first sheet, as openpyxl's read-only ``iter_rows(values_only=True,
max_col=N)`` gives them, read about three times faster.

openpyxl still opens the workbook (its parts, the relations, the styles that say which
numbers are dates, the shared strings); only the loop over the cells, where it spends most
of a 10,000-row import building one dictionary and one rich-text object per cell, is done
here with lxml's parser and the same rules, cell by cell:

- a cell's column from its reference (``C7``), or the one after the previous cell;
- ``t="s"`` a shared string, ``t="inlineStr"`` the text of its ``<is>`` (plain and rich
  runs joined), ``t="b"`` a boolean, ``t="str"`` text, ``t="d"`` an ISO date, a number
  otherwise (an int unless it has a point or an exponent) and a date or time when its
  style is a date format; the value of a formula as last calculated (``data_only``);
- missing rows filled with empty ones, each row padded to ``max_col`` values, reading
  stopped at the row count the sheet's dimension gives.

A test compares both readers value by value on files written by openpyxl, by
:mod:`app.services.xlsx_writer` and in the form Excel writes (shared strings, styles,
dates, gaps, rich text). Whatever this reader does not know (lxml missing, another
openpyxl) falls back to openpyxl's own loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_ROW, _C, _V, _IS, _T, _R, _RPH = (_MAIN + name for name in ("row", "c", "v", "is", "t", "r",
                                                              "rPh"))
_CHUNK = 256 * 1024


def _column_index(reference: str, cache: dict[str, int]) -> int:
    """The column number of a reference like ``AB12`` (letters first)."""
    letters = reference.rstrip("0123456789")
    index = cache.get(letters)
    if index is None:
        if not letters or not letters.isalpha() or not letters.isupper() \
                or not letters.isascii():
            raise ValueError(f"bad cell reference {reference!r}")  # as openpyxl refuses it
        index = 0
        for ch in letters:
            index = index * 26 + (ord(ch) - 64)
        cache[letters] = index
    return index


class _SheetParser:
    """Push parser of a sheet's XML (expat): finished rows collect in ``self.rows``."""

    def __init__(self, ws: Any, max_col: int) -> None:
        from xml.parsers import expat

        from openpyxl.utils.datetime import from_excel, from_ISO8601
        from openpyxl.worksheet._reader import _cast_number

        wb = ws.parent
        self.strings = ws._shared_strings
        self.date_formats = wb._date_formats
        self.timedelta_formats = wb._timedelta_formats
        self.epoch = wb.epoch
        self.from_excel, self.from_iso, self.cast = from_excel, from_ISO8601, _cast_number
        self.max_col = max_col
        self.rows: list[tuple[int, list[Any]]] = []  # (row number, values)
        self.row_number = 0
        self.values: list[Any] | None = None
        self.column = 0
        self.columns: dict[str, int] = {}
        self.kind = "n"
        self.style = 0
        self.text: list[str] | None = None  # the characters being collected
        self.v: str | None = None  # the cell's <v>
        self.inline: list[str] | None = None  # the <t> of its <is>
        self.skip = 0  # inside <rPh> (phonetic guide, not part of the text)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        self.parser = parser

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == _C:
            self.kind = attrs.get("t", "n")
            reference = attrs.get("r")
            self.column = (_column_index(reference, self.columns) if reference
                           else self.column + 1)
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.v = None
            self.inline = None
        elif tag == _V:
            self.text = []
        elif tag == _T:
            if self.inline is not None and not self.skip:
                self.text = []
        elif tag == _IS:
            self.inline = []
        elif tag == _RPH:
            self.skip += 1
        elif tag == _ROW:
            r = attrs.get("r")
            if r is not None:
                try:
                    self.row_number = int(r)
                except ValueError:
                    number = float(r)
                    if not number.is_integer():
                        raise ValueError(f"{r} is not a valid row number") from None
                    self.row_number = int(number)
            else:
                self.row_number += 1
            self.values = [None] * self.max_col
            self.column = 0

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, tag: str) -> None:
        if tag == _C:
            self.finish_cell()
        elif tag == _V:
            if self.text is not None:
                self.v = "".join(self.text)
                self.text = None
        elif tag == _T:
            if self.text is not None:
                if self.inline is not None:
                    self.inline.append("".join(self.text))
                self.text = None
        elif tag == _RPH:
            self.skip -= 1
        elif tag == _ROW:
            if self.values is not None:
                self.rows.append((self.row_number, self.values))
            self.values = None

    def finish_cell(self) -> None:
        kind = self.kind
        if kind == "inlineStr":
            value: Any = "".join(self.inline) if self.inline is not None else None
        else:
            value = self.v or None
            if value is not None:
                if kind == "n":
                    value = self.cast(value)
                    if self.style in self.date_formats:
                        try:
                            value = self.from_excel(value, self.epoch, timedelta=self.style
                                                    in self.timedelta_formats)
                        except (OverflowError, ValueError):
                            value = "#VALUE!"
                elif kind == "s":
                    value = self.strings[int(value)]
                elif kind == "b":
                    value = bool(int(value))
                elif kind == "d":
                    value = self.from_iso(value)
        if self.values is not None and 1 <= self.column <= self.max_col:
            self.values[self.column - 1] = value


def iter_values(ws: Any, max_col: int) -> Iterator[tuple[Any, ...]]:
    """The rows of the read-only worksheet ``ws`` (of a workbook opened with
    ``read_only=True, data_only=True``), each ``max_col`` values wide."""
    parser = _SheetParser(ws, max_col)
    max_row = ws.max_row
    empty = (None,) * max_col
    counter = 1  # the next row number to give
    number = 0
    with ws._get_source() as src:
        done = False
        while not done:
            chunk = src.read(_CHUNK)
            parser.parser.Parse(chunk, not chunk)
            done = not chunk
            rows, parser.rows = parser.rows, []
            for number, values in rows:
                if max_row is not None and number > max_row:
                    done = True  # the rows the dimension gives are read
                    break
                while counter < number:
                    counter += 1
                    yield empty
                if counter <= number:
                    counter += 1
                    yield tuple(values)
    if max_row is not None and max_row < number:
        for _ in range(counter, max_row + 1):
            yield empty


def fast_reader_available() -> bool:
    try:
        from openpyxl.utils.datetime import from_excel, from_ISO8601  # noqa: F401
        from openpyxl.worksheet._reader import _cast_number  # noqa: F401
    except ImportError:
        return False
    return True
