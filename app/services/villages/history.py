"""Years in a row: each village's title year by year, and the Giấy khen candidates.

A village that held the title for the setting's number of consecutive years (5) is a
candidate, unless it was already honoured for a window overlapping this one (honoured
for 2021–2025 means not again for 2022–2026). At most the setting's share (15 %) of the
eligible villages is proposed, ranked by the votes of the last year, at least one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import Award, AwardForm, VillageScore
from app.services import access
from app.services.awards import propose_award
from app.services.villages import grid, settings


@dataclass
class VillageHistory:
    """A village's title year by year and its run of consecutive years up to ``year``."""

    code: str
    name: str
    years: dict[int, bool | None]
    consecutive: int
    honoured_years: list[int]
    votes: int | None


@dataclass
class HonourCandidate:
    """A village eligible for a Giấy khen for the window ``first``–``last``."""

    code: str
    name: str
    first: int
    last: int
    votes: int | None
    proposed: bool  # within the cap


def consecutive_years(years: dict[int, bool | None], up_to: int) -> int:
    """How many years in a row, ending with ``up_to``, the village held the title."""
    n = 0
    while years.get(up_to - n) is True:
        n += 1
    return n


def window_overlaps(honoured: list[int], last: int, length: int) -> bool:
    """Whether a window ending ``last`` overlaps one already honoured (same length)."""
    return any(abs(last - h) < length for h in honoured)


def commune_history(session: Session, commune_code: str, year: int) -> list[VillageHistory]:
    """Every village of the commune with its title by year and its run up to ``year``."""
    access.require_unit(session, commune_code)
    villages = grid.villages_of(session, commune_code)
    codes = [v.code for v in villages]
    years: dict[str, dict[int, bool | None]] = {c: {} for c in codes}
    votes: dict[str, int | None] = {}
    for code, y, passed, v in session.execute(select(
            VillageScore.village_code, VillageScore.year, VillageScore.passed,
            VillageScore.votes_for).where(VillageScore.village_code.in_(codes),
                                          VillageScore.deleted.is_(False))):
        years[code][y] = passed
        if y == year:
            votes[code] = v
    honoured: dict[str, list[int]] = {c: [] for c in codes}
    for award_village, y in session.execute(select(Award.village_code, Award.year).where(
            Award.village_code.in_(codes), Award.form == AwardForm.GIAY_KHEN,
            Award.deleted.is_(False))):
        if award_village is not None:
            honoured[award_village].append(y)
    return [VillageHistory(v.code, v.full_name, years[v.code],
                           consecutive_years(years[v.code], year), sorted(honoured[v.code]),
                           votes.get(v.code)) for v in villages]


def honour_candidates(session: Session, commune_code: str, year: int) -> list[HonourCandidate]:
    """The villages eligible for the higher honour in ``year``, the first ones proposed."""
    conf = settings.load(session)
    length = conf.honour_years
    eligible = [h for h in commune_history(session, commune_code, year)
                if h.consecutive >= length and not window_overlaps(h.honoured_years, year, length)]
    eligible.sort(key=lambda h: (-(h.votes or 0), h.code))
    cap = max(1, math.floor(conf.honour_cap * len(eligible))) if eligible else 0
    return [HonourCandidate(h.code, h.name, year - length + 1, year, h.votes, i < cap)
            for i, h in enumerate(eligible)]


def propose_honours(session: Session, commune_code: str, year: int) -> list[str]:
    """Propose a Giấy khen for the candidates within the cap (one click); returns award ids."""
    access.require_unit(session, commune_code, write=True)
    chosen = [c for c in honour_candidates(session, commune_code, year) if c.proposed]
    if not chosen:
        raise InputError(N_("No village of this commune has the title for enough years in a "
                            "row this year."))
    return [propose_award(session, year=year, village_code=c.code, form=AwardForm.GIAY_KHEN,
                          title="Thôn văn hóa tiêu biểu",
                          achievement=f"Đạt danh hiệu văn hóa {length_text(c)} liên tục "
                          f"({c.first}–{c.last})") for c in chosen]


def length_text(c: HonourCandidate) -> str:
    return f"{c.last - c.first + 1} năm"
