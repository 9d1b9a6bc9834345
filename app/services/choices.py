"""The short lists the window offers in its drop-downs (model types, movements, lead
agencies, phases, years), asked of the services so the window writes no query itself."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Candidate, LeadAgency, ModelType, Movement, Phase
from app.services.access import unit_filter


@dataclass(frozen=True)
class ModelTypeChoice:
    code: str           # "3.2.2a"
    name: str
    subject_group: str


def model_types(session: Session) -> list[ModelTypeChoice]:
    """The plan's model types in the plan's order."""
    return [ModelTypeChoice(m.code, m.name, m.subject_group)
            for m in session.scalars(select(ModelType).order_by(ModelType.sort_order))]


def movements(session: Session) -> list[tuple[str, str]]:
    """(name, code) of the emulation movements, in the plan's order."""
    return [(m.name, m.code) for m in session.scalars(
        select(Movement).order_by(Movement.sort_order))]


def lead_agencies(session: Session) -> list[tuple[str, str]]:
    """(name, code) of the lead agencies, in the plan's order."""
    return [(a.name, a.code) for a in session.scalars(
        select(LeadAgency).order_by(LeadAgency.sort_order))]


def phases(session: Session) -> list[tuple[str, str]]:
    """(name, code) of the plan's phases, in time order."""
    return [(p.name, p.code) for p in session.scalars(select(Phase).order_by(Phase.start_date))]


def register_years(session: Session) -> list[int]:
    """The years candidates were registered in (newest first), among the acting account's
    units."""
    stmt = select(Candidate.year).where(Candidate.year.is_not(None), Candidate.deleted.is_(False))
    scope = unit_filter(session, Candidate.unit_code)
    if scope is not None:
        stmt = stmt.where(scope)
    return [y for y in session.scalars(stmt.distinct().order_by(Candidate.year.desc())) if y]


def candidate_heading(session: Session, candidate_id: str) -> tuple[str, str]:
    """(name, status) of a candidate, refused with a message when another window deleted
    it since it was shown."""
    from app.errors import InputError
    from app.i18n import N_
    from app.services.access import require_unit

    c = session.get(Candidate, candidate_id)
    if c is None or c.deleted:
        raise InputError(N_("This candidate no longer exists."))
    require_unit(session, c.unit_code)
    return c.display_name, c.status
