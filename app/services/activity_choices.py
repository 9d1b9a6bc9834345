"""What the replication-activity dialog starts from: the examples it features and the unit
it defaults to (the candidate's, or the unit that took it over in 2025)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AdminUnit, Candidate
from app.services.access import unit_filter


@dataclass
class ActivityStart:
    featured: list[tuple[str, str, str]]  # (candidate id, name, unit code), Vietnamese order
    default_unit: str | None


def activity_start(session: Session, candidate_ids: list[str],
                   office_unit: str | None) -> ActivityStart:
    """The chosen candidates (those the acting account may see) and the default unit:
    the first candidate's, or the office's; a unit merged away in 2025 gives its successor
    (activities happen now)."""
    stmt = select(Candidate).where(Candidate.id.in_(candidate_ids), Candidate.deleted.is_(False))
    scope = unit_filter(session, Candidate.unit_code)
    if scope is not None:
        stmt = stmt.where(scope)
    featured = [(c.id, c.display_name, c.unit_code)
                for c in session.scalars(stmt.order_by(Candidate.sort_key))]
    default = featured[0][2] if featured else office_unit
    for _hop in range(3):
        unit = session.scalar(select(AdminUnit).where(AdminUnit.code == default))
        if unit is None or unit.valid_to is None or not unit.successor_code:
            break
        default = unit.successor_code
    return ActivityStart(featured, default)
