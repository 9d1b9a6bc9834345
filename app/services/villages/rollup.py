"""Roll-up of the village titles: per commune and year, for the province or a district.

Counts what the reviews count (``village_scores.passed``), so the province view, the
commune grids and the reviews' "villages văn hóa by year" table agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from app.models import AdminUnit, UnitLevel, VillageScore
from app.services import access


@dataclass
class CommuneFigures:
    """A commune's village titles in one year, against the year before."""

    commune_code: str
    commune_name: str
    villages: int
    scored: int
    passed: int
    previous_passed: int | None
    gained: list[str]
    lost: list[str]
    households: int
    cultural_households: int

    @property
    def share(self) -> float | None:
        return round(100 * self.passed / self.scored, 1) if self.scored else None

    @property
    def change(self) -> int | None:
        return None if self.previous_passed is None else self.passed - self.previous_passed

    @property
    def cultural_share(self) -> float | None:
        return (round(100 * self.cultural_households / self.households, 1)
                if self.households else None)

    def as_json(self) -> dict:
        return {"commune_code": self.commune_code, "commune_name": self.commune_name,
                "villages": self.villages, "scored": self.scored, "passed": self.passed,
                "share": self.share, "change": self.change, "gained": self.gained,
                "lost": self.lost, "cultural_households": self.cultural_households,
                "cultural_share": self.cultural_share}


def communes_under(session: Session, unit_code: str | None,
                   with_villages: bool = False) -> list[AdminUnit]:
    """Communes below ``unit_code`` (a district, the province or a commune itself); with
    ``with_villages``, only those that have villages (a province has some 1,700 communes
    old and new, a few hundred of them with villages)."""
    stmt = select(AdminUnit).where(AdminUnit.level == UnitLevel.COMMUNE,
                                   AdminUnit.deleted.is_(False))
    if with_villages:
        village = aliased(AdminUnit)
        stmt = stmt.where(AdminUnit.code.in_(
            select(village.parent_code).where(village.level == UnitLevel.VILLAGE,
                                              village.deleted.is_(False))))
    if unit_code:
        unit = session.scalar(select(AdminUnit).where(AdminUnit.code == unit_code))
        if unit is not None and unit.level == UnitLevel.COMMUNE:
            stmt = stmt.where(AdminUnit.code == unit_code)
        elif unit is not None and unit.level == UnitLevel.DISTRICT:
            stmt = stmt.where(AdminUnit.parent_code == unit_code)
    return list(session.scalars(stmt.order_by(AdminUnit.sort_key)))


def rollup(session: Session, year: int, unit_code: str | None = None,
           only_with_villages: bool = True) -> list[CommuneFigures]:
    """Per commune below ``unit_code``: villages, scored, passed, change, gained and lost."""
    access.require_unit(session, unit_code)
    communes = {c.code: c for c in communes_under(session, unit_code)}
    village = aliased(AdminUnit)
    counts = dict(session.execute(
        select(village.parent_code, func.count()).where(
            village.level == UnitLevel.VILLAGE, village.deleted.is_(False),
            village.parent_code.in_(list(communes)))
        .group_by(village.parent_code)).all())
    rows = session.execute(
        select(village.parent_code, village.code, village.unit_type, village.name,
               VillageScore.year, VillageScore.passed, VillageScore.households,
               VillageScore.cultural_households)
        .join(village, village.code == VillageScore.village_code)
        .where(VillageScore.deleted.is_(False), VillageScore.year.in_((year, year - 1)),
               village.parent_code.in_(list(communes)))).all()
    now: dict[str, dict[str, bool | None]] = {}
    before: dict[str, dict[str, bool | None]] = {}
    names: dict[str, str] = {}
    homes: dict[str, list[int]] = {}
    for parent, code, unit_type, name, y, passed, households, cultural in rows:
        if parent is None:
            continue
        (now if y == year else before).setdefault(parent, {})[code] = passed
        names[code] = f"{unit_type} {name}"
        if y == year:
            h = homes.setdefault(parent, [0, 0])
            h[0] += households or 0
            h[1] += cultural or 0
    out = []
    for code, commune in communes.items():
        if only_with_villages and not counts.get(code):
            continue
        current, previous = now.get(code, {}), before.get(code)
        n_passed = sum(1 for p in current.values() if p)
        gained = [names[v] for v, p in current.items() if p and previous is not None
                  and not previous.get(v)]
        lost = [names[v] for v, p in (previous or {}).items() if p and not current.get(v)]
        out.append(CommuneFigures(
            code, commune.full_name, counts.get(code, 0),
            sum(1 for p in current.values() if p is not None), n_passed,
            None if previous is None else sum(1 for p in previous.values() if p),
            gained, lost, *homes.get(code, [0, 0])))
    return out


def totals_by_year(session: Session, unit_code: str | None, years: range) -> list[tuple[int, int, int]]:
    """(year, villages scored, passed) over the communes below ``unit_code``, for a chart."""
    access.require_unit(session, unit_code)
    codes = [c.code for c in communes_under(session, unit_code)]
    village = aliased(AdminUnit)
    return [(y, n, p or 0) for y, n, p in session.execute(
        select(VillageScore.year, func.count(VillageScore.passed),
               func.sum(case((VillageScore.passed.is_(True), 1), else_=0)))
        .join(village, village.code == VillageScore.village_code)
        .where(VillageScore.deleted.is_(False), village.parent_code.in_(codes),
               VillageScore.year >= years.start, VillageScore.year < years.stop)
        .group_by(VillageScore.year).order_by(VillageScore.year))]


def scopes(session: Session, office: str | None) -> list[tuple[str | None, str]]:
    """What the roll-up can cover: the office's whole area, then each district below it
    (the district level, until 2025)."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == office)) if office else None
    out: list[tuple[str | None, str]] = [(office, unit.full_name if unit else "Tỉnh Gia Lai")]
    if unit is None or unit.level == UnitLevel.PROVINCE:
        parent = unit.code if unit else None
        out += [(d.code, d.full_name) for d in session.scalars(select(AdminUnit).where(
            AdminUnit.level == UnitLevel.DISTRICT, AdminUnit.deleted.is_(False),
            AdminUnit.parent_code == parent if parent else AdminUnit.parent_code.is_not(None))
            .order_by(AdminUnit.sort_key))]
    return out
