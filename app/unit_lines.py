"""A unit and its parents as a certificate writes them ("Thôn Plei Ngol, xã Ia Kha, huyện
Ia Grai"), from the rows of ``admin_units``; plain Python, so the quick certificate path
of the CLI (``app.reports.quick_certificates``) and the services share one rule.
``app.services.awards.UnitLines`` reads the rows through the ORM."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

PROVINCE = "province"  # app.models.UnitLevel.PROVINCE (a test checks they agree)


class UnitLineBook:
    """Built from (code, unit_type, name, parent_code, level) and (code, valid_from,
    valid_to, successor_code) rows; all units read once, for lists of thousands of awards."""

    def __init__(self, units: Iterable[tuple[str, str, str, str | None, str]],
                 dates: Iterable[tuple[str, date | None, date | None, str | None]]) -> None:
        self._units = {code: (f"{unit_type} {name}".strip(), parent, level)
                       for code, unit_type, name, parent, level in units}
        self._cache: dict[str | None, str] = {}
        self._dates: dict[str, tuple[date | None, str | None]] = {}
        self._from: dict[str, date | None] = {}
        for code, valid_from, valid_to, successor in dates:
            self._dates[code] = (valid_to, successor)
            self._from[code] = valid_from

    def on(self, unit_code: str | None, day: date) -> str:
        """The line in the structure in force on ``day``: a unit merged away before
        ``day`` is named by its successor, and after the reform of 1/7/2025 (no district
        level) the line ends with the province: "xã Ia Dêr, tỉnh Gia Lai"."""
        if unit_code not in self._units:
            return ""
        parts: list[str] = []
        code: str | None = unit_code
        while code in self._units and len(parts) < 4:
            valid_to, successor = self._dates.get(code, (None, None))
            if valid_to is not None and valid_to < day and successor in self._units:
                code = successor
                continue
            name, parent, level = self._units[code]
            parts.append(name if not parts else name[:1].lower() + name[1:])
            if level == PROVINCE:
                break
            code = parent
        reform = self._reform()
        if reform is None or day < reform:
            # before the reform the province was left out, as on the certificates of the time
            parts = [p for i, p in enumerate(parts) if i == 0 or not p.startswith("tỉnh ")]
        return ", ".join(parts)

    def _reform(self) -> date | None:
        """The day the province's structure of today began (1/7/2025), looked up once."""
        if not hasattr(self, "_reform_day"):
            self._reform_day = min((d for c, d in self._from.items() if d is not None
                                    and self._units[c][2] == PROVINCE), default=None)
        return self._reform_day

    def __call__(self, unit_code: str | None) -> str:
        if unit_code not in self._cache:
            parts: list[str] = []
            code = unit_code
            while code in self._units and len(parts) < 3:
                name, parent, level = self._units[code]
                if level == PROVINCE:
                    break
                parts.append(name if not parts else name[:1].lower() + name[1:])
                code = parent
            self._cache[unit_code] = ", ".join(parts)
        return self._cache[unit_code]
