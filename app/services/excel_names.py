"""Names as well as codes in an imported Excel file: "Xã Ia Dêr", "Xã Ia Dêr (23785)",
"3.2.2a – Gia đình văn hóa…", a movement's name; and the file of refused rows to correct and
import again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import text
from app.models import AdminUnit, ModelType, Movement, UnitLevel
from app.services.access import unit_filter

_CODE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z.\-]+)\)\s*$")


def unit_caption(label: str, official_code: str) -> str:
    """How a unit is written in our files' drop-downs: "Xã Ia Dêr (23785)"."""
    return f"{label} ({official_code})" if official_code else label


@dataclass
class _Unit:
    code: str
    official: str
    folded_label: str   # "xa ia der"
    folded_name: str    # "ia der"
    current: bool
    level: str


class NameResolver:
    """Turns the names a person typed or picked into the codes the register stores; a value
    that is already a code passes unchanged. Read once per file."""

    def __init__(self, session: Session) -> None:
        stmt = select(AdminUnit.code, AdminUnit.official_code, AdminUnit.unit_type,
                      AdminUnit.name, AdminUnit.valid_to, AdminUnit.level
                      ).where(AdminUnit.deleted.is_(False))
        scope = unit_filter(session, AdminUnit.code)
        if scope is not None:
            stmt = stmt.where(scope)
        self.units = [_Unit(code, official or code.split("-", 1)[0],
                            text.fold(f"{unit_type} {name}"), text.fold(name), valid_to is None,
                            level)
                      for code, official, unit_type, name, valid_to, level in session.execute(stmt)]
        self.unit_codes = {u.code for u in self.units}
        self.unit_names = {code: f"{unit_type} {name}".strip() for code, unit_type, name in
                           session.execute(select(AdminUnit.code, AdminUnit.unit_type,
                                                  AdminUnit.name))}
        self.models = {code: name for code, name in session.execute(
            select(ModelType.code, ModelType.name))}
        self.movements = {code: name for code, name in session.execute(
            select(Movement.code, Movement.name))}

    def unit(self, value: str) -> str:
        if not value or value in self.unit_codes:
            return value
        name, code = value, ""
        match = _CODE_IN_BRACKETS.match(value)
        if match:
            name, code = match.group("name"), match.group("code")
            if code in self.unit_codes and not name:
                return code
        folded = text.fold(name)
        found = [u for u in self.units
                 if (not code or code in (u.code, u.official))
                 and (not folded or folded in (u.folded_label, u.folded_name))]
        if not found and code:
            found = [u for u in self.units if code in (u.code, u.official)]
        # The structure in force first; villages only when nothing else has that name.
        found.sort(key=lambda u: (not u.current, u.level == UnitLevel.VILLAGE))
        if found and (len(found) == 1 or found[0].current != found[1].current
                      or (found[0].level == UnitLevel.VILLAGE) != (found[1].level
                                                                 == UnitLevel.VILLAGE)):
            return found[0].code
        return value  # unknown or ambiguous: the register's check says so

    def model_type(self, value: str) -> str:
        if not value or value in self.models:
            return value
        head = re.split(r"\s+[–-]\s+", value, maxsplit=1)[0].strip()
        if head in self.models:
            return head
        folded = text.fold(value)
        named = [code for code, name in self.models.items() if text.fold(name) == folded]
        return named[0] if len(named) == 1 else value

    def movement(self, value: str) -> str:
        if not value or value in self.movements:
            return value
        folded = text.fold(value)
        named = [code for code, name in self.movements.items() if text.fold(name) == folded]
        return named[0] if len(named) == 1 else value

    def resolve(self, raw: dict[str, Any]) -> dict[str, Any]:
        """``raw`` with unit, model type and movement names replaced by their codes."""
        out = dict(raw)
        for fld, resolve in (("unit_code", self.unit), ("model_type_code", self.model_type),
                             ("movement_code", self.movement)):
            cell = out.get(fld)
            if isinstance(cell, str):
                out[fld] = resolve(text.clean(cell))
        return out


def write_refused_rows(path: Path | str, header: list[Any], rows: list[tuple[list[Any], str]],
                       reason_header: str, sheet_title: str) -> int:
    """The refused rows as they were in the file, with a last column saying why, to correct
    and import again (the import ignores the extra column)."""
    from app.services.excel import _write_whole
    from app.services.xlsx_writer import write_table

    path = Path(path)
    cells = [[*(c if c is not None else "" for c in row), reason] for row, reason in rows]
    width = max([len(header)] + [len(r) - 1 for r, _reason in rows])
    full_header = [*(str(h) if h is not None else "" for h in header),
                   *[""] * (width - len(header)), reason_header]
    widths = [14.0] * width + [60.0]
    _write_whole(path, lambda tmp: write_table(tmp, sheet_title, full_header, cells, widths))
    return len(rows)
