"""Vietnamese dates: reading what people type, writing what documents need."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.errors import InputError
from app.i18n import N_

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_partial_date(value: object, *, earliest: int = 1900,
                       latest: int | None = None) -> tuple[date | None, int | None]:
    """Read a date typed as "05/03/1980", "1980-03-05", "03/1980", "1980" or an Excel date.

    Returns (full date or None, year or None). Raises InputError for impossible dates.
    """
    latest = latest or date.today().year
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        result: tuple[date | None, int | None] = (value, value.year)
    elif isinstance(value, (int, float)) and float(value).is_integer():
        result = (None, int(value))
    else:
        raw = str(value).strip()
        m = _DMY.match(raw) or None
        try:
            if m:
                d = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                result = (d, d.year)
            elif (m := _YMD.match(raw)):
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                result = (d, d.year)
            elif (m := _YEAR.match(raw)):
                result = (None, int(m.group(1)))
            elif (m := _MY.match(raw)):
                if not 1 <= int(m.group(1)) <= 12:
                    raise ValueError(raw)
                result = (None, int(m.group(2)))
            else:
                raise ValueError(raw)
        except ValueError as exc:
            raise InputError(N_("\"{value}\" is not a date. Write it as day/month/year "
                                "(05/03/1980) or only the year (1980)."), value=raw) from exc
    year = result[1]
    if year is not None and not earliest <= year <= latest:
        raise InputError(N_("The year {year} is not possible here (it must be between "
                            "{earliest} and {latest})."), year=year, earliest=earliest,
                         latest=latest)
    return result


def format_date(d: date | None) -> str:
    """dd/mm/yyyy, as dates are shown in the program."""
    return d.strftime("%d/%m/%Y") if d else ""
