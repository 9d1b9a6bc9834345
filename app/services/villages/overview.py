"""What the window lists: the communes to choose from, and the 25 November deadline note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.models import AdminUnit, UnitLevel
from app.models.villages import ReviewState, VillageReview
from app.services.villages.rollup import communes_under

DEADLINE = (11, 25)  # the review is finished before 25 November


@dataclass(frozen=True)
class CommuneChoice:
    code: str
    label: str
    villages: int


def commune_choices(session: Session, office: str | None) -> list[CommuneChoice]:
    """Communes below the office, those with villages first."""
    communes = communes_under(session, office)
    village = aliased(AdminUnit)
    counts = dict(session.execute(select(village.parent_code, func.count()).where(
        village.level == UnitLevel.VILLAGE, village.deleted.is_(False))
        .group_by(village.parent_code)).all())
    out = [CommuneChoice(c.code, c.full_name, counts.get(c.code, 0)) for c in communes]
    return sorted(out, key=lambda c: c.villages == 0)


@dataclass(frozen=True)
class DeadlineNote:
    """The year's review deadline and the communes (with villages) not yet decided."""

    year: int
    deadline: date
    pending: list[str]
    total: int


def deadline_note(session: Session, office: str | None, today: date | None = None) -> DeadlineNote:
    today = today or date.today()
    year = today.year
    states = dict(session.execute(select(VillageReview.commune_code, VillageReview.state)
                                  .where(VillageReview.year == year)).all())
    # Only the communes with villages are read (not every commune of the province).
    with_villages = [CommuneChoice(c.code, c.full_name, 1)
                     for c in communes_under(session, office, with_villages=True)]
    pending = [c.label for c in with_villages
               if states.get(c.code, ReviewState.DRAFT) not in (ReviewState.DECIDED,
                                                                ReviewState.LOCKED)]
    return DeadlineNote(year, date(year, *DEADLINE), pending, len(with_villages))


def scored_years(session: Session, commune_code: str) -> list[int]:
    """The years the commune's villages have scores for (for the Excel export of all years)."""
    from app.models import VillageScore

    village = aliased(AdminUnit)
    return list(session.scalars(select(VillageScore.year).join(
        village, village.code == VillageScore.village_code).where(
        village.parent_code == commune_code, VillageScore.deleted.is_(False))
        .group_by(VillageScore.year).order_by(VillageScore.year)))
