"""A unit's own minimums for the plan's targets (plan IV.1: each unit makes its own
implementation plan). Judged like the province's, per kind, in the unit's reviews and
Tổng hợp tab; the province's minimums stay the province's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import AdminUnit, LeadAgency, Movement, Target, UnitLevel, UnitTarget
from app.services.access import require_unit
from app.services.plan import KIND_FIELDS

FIELD_LABELS = {
    "collectives": N_("minimum of collectives"), "individuals": N_("minimum of individuals"),
    "households": N_("minimum of households"), "cooperatives": N_("minimum of cooperatives"),
    "coop_groups": N_("minimum of cooperative groups"), "examples": N_("minimum of examples"),
}


def _whole_number(kind: str, value: Any) -> int:
    """A minimum as a whole number ≥ 0; InputError naming the field otherwise."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        number = value
    else:
        raw = str(value if value is not None else "").strip()
        if not raw.isdigit() and not (raw.startswith("-") and raw[1:].isdigit()):
            raise InputError(N_("{field}: \"{value}\" is not a whole number."),
                             field=FIELD_LABELS[kind], value=raw)
        number = int(raw)
    if number < 0:
        raise InputError(N_("{field} cannot be negative ({value})."),
                         field=FIELD_LABELS[kind], value=str(number))
    return number


def find_target(session: Session, agency_code: str, movement_code: str | None = None) -> Target:
    """The plan's target of a lead agency (and movement, when it has several)."""
    stmt = (select(Target).join(LeadAgency, LeadAgency.id == Target.lead_agency_id)
            .join(Movement, Movement.id == Target.movement_id)
            .where(LeadAgency.code == agency_code, Target.deleted.is_(False)))
    if movement_code:
        stmt = stmt.where(Movement.code == movement_code)
    targets = session.scalars(stmt).all()
    if len(targets) != 1:
        raise InputError(N_("There is no target of lead agency {agency}. See the list with: "
                            "dhtt list targets"), agency=agency_code)
    return targets[0]


def set_unit_minimums(session: Session, unit_code: str, target_id: str,
                      minimums: dict[str, Any]) -> UnitTarget:
    """Set a commune's or district's own minimums for one target; every value is checked
    before anything is written."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == unit_code))
    if unit is None:
        raise InputError(N_("There is no administrative unit with code {code}. "
                            "See the list with: dhtt list units"), code=unit_code)
    if unit.level in (UnitLevel.PROVINCE, UnitLevel.VILLAGE):
        raise InputError(N_("Own minimums are set by communes and districts; the province's "
                            "are those of the plan."))
    require_unit(session, unit_code, write=True)
    unknown = set(minimums) - set(KIND_FIELDS)
    if unknown:
        raise InputError(N_("Unknown kind of minimum: {kind}."), kind=sorted(unknown)[0])
    values = {k: _whole_number(k, v) for k, v in minimums.items()}
    if session.get(Target, target_id) is None:
        raise InputError(N_("This target no longer exists."))
    row = session.scalar(select(UnitTarget).where(UnitTarget.unit_code == unit_code,
                                                  UnitTarget.target_id == target_id))
    if row is None:
        row = UnitTarget(unit_code=unit_code, target_id=target_id, owner_unit_code=unit_code,
                         **{f"min_{k}": 0 for k in KIND_FIELDS})
        session.add(row)
    for k, v in values.items():
        setattr(row, f"min_{k}", v)
    row.deleted = not any(getattr(row, f"min_{k}") for k in KIND_FIELDS)
    session.flush()
    return row
