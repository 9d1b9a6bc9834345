"""Who sends to whom: the route follows the unit tree in force on the day.

Before 1/7/2025 a commune sends to its district and a district to the province; since
then a commune sends to the province (districts are gone). A district installation of the
old structure can still hand its data to the province.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import AdminUnit, UnitLevel

REFORM = date(2025, 7, 1)
RANK = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2, UnitLevel.VILLAGE: 3}


def _units(session: Session) -> dict[str, AdminUnit]:
    return {u.code: u for u in session.scalars(select(AdminUnit))}


def _in_force(units: dict[str, AdminUnit], code: str, on: date) -> str:
    """``code`` or, when that unit was retired before ``on``, its successor (followed)."""
    seen = set()
    while code in units and code not in seen:
        seen.add(code)
        unit = units[code]
        if unit.valid_to is not None and unit.valid_to < on and unit.successor_code:
            code = unit.successor_code
            continue
        break
    return code


def default_recipient(session: Session, sender: str, on: date | None = None) -> str:
    """The office a package of ``sender`` goes to on ``on`` (today by default)."""
    on = on or date.today()
    units = _units(session)
    unit = units.get(sender)
    if unit is None:
        raise InputError(N_("Unknown unit code {code}."), code=sender)
    if unit.level == UnitLevel.PROVINCE:
        raise InputError(N_("The province sends to a chosen office: give --to CODE."))
    code: str | None = unit.parent_code
    while code and code in units:
        parent = units[code]
        if parent.level == UnitLevel.PROVINCE or (on < REFORM and parent.level == UnitLevel.DISTRICT):
            return _in_force(units, code, on)
        code = parent.parent_code
    raise InputError(N_("No office above unit {code} was found in the unit list."), code=sender)


def kind_between(session: Session, sender: str, recipient: str) -> str:
    """"up" when the recipient is at a higher level than the sender, else "down"."""
    units = _units(session)
    s, r = units.get(sender), units.get(recipient)
    if s is None or r is None:
        return "up"
    return "up" if RANK.get(r.level, 9) < RANK.get(s.level, 9) else "down"


def subtree(session: Session, root: str) -> set[str]:
    """``root`` and every unit below it (both structures), for what an office may send."""
    children: dict[str, list[str]] = {}
    rows = session.execute(select(AdminUnit.code, AdminUnit.parent_code, AdminUnit.level)).all()
    if any(code == root and level == UnitLevel.PROVINCE for code, _p, level in rows):
        return {code for code, _p, _l in rows}  # the province: both structures
    for code, parent, _level in rows:
        if parent:
            children.setdefault(parent, []).append(code)
    out, todo = set(), [root]
    while todo:
        code = todo.pop()
        if code in out:
            continue
        out.add(code)
        todo.extend(children.get(code, ()))
    return out
