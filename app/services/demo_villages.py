"""The demo's village scoring: five years per village, scored by the shipped schemes.

2021–2023 under the 100-point scheme (points per item), 2024–2025 under the Decree 86
framework with the example thresholds a province would enter; both assessments, the
statistics, the meeting's votes, the results computed by the engine, and each
commune-year's procedure: decided and locked, except a quarter of the communes whose 2025
review is still under way (so the Tổng hợp tab has communes not yet done).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.models import VillageScore, VillageScoreItem
from app.models.villages import (
    AreaClass,
    ItemKind,
    ReviewState,
    VillageReview,
    VillageReviewEvent,
)
from app.services.bulk_insert import insert_rows, insert_tuples
from app.services.villages import schemes
from app.services.villages.engine import Rules
from app.services.villages.grid import COUNCIL, SELF, STAT_COLUMNS, Grid, VillageRow

CHUNK = 2000
EXAMPLE_THRESHOLDS: dict[str, dict[str, float | None]] = {
    "I.1": {AreaClass.ORDINARY: 70, AreaClass.DIFFICULT: 60, AreaClass.URBAN: 80},
    "I.3": {AreaClass.ORDINARY: 20, AreaClass.DIFFICULT: 30, AreaClass.URBAN: 10},
    "II.2": {AreaClass.ORDINARY: 95, AreaClass.DIFFICULT: 90, AreaClass.URBAN: 98},
    "II.3": {AreaClass.ORDINARY: 70, AreaClass.DIFFICULT: 60, AreaClass.URBAN: 80},
    "II.4": {AreaClass.ORDINARY: 80, AreaClass.DIFFICULT: 70, AreaClass.URBAN: 85},
}


ITEM_COLUMNS = ("id", "score_id", "criterion_id", "assessor", "value", "points", "met",
                "owner_unit_code", "deleted", "created_at", "updated_at")


def _bulk(session: Session, model: type, rows: list[dict]) -> None:
    insert_rows(session, model, rows)


def _stats(rng: random.Random, households: int, quality: float) -> dict[str, float | None]:
    working = int(households * rng.uniform(1.9, 2.5))
    school = int(households * rng.uniform(0.5, 0.8))
    poor = int(households * max(0.01, rng.uniform(0.02, 0.26) - quality * 0.1))
    return {
        "households": float(households), "poor_households": float(poor),
        "near_poor_households": float(int(households * rng.uniform(0.02, 0.08))),
        "cultural_households": float(int(households * min(0.98, rng.uniform(0.5, 0.8) + quality * 0.2))),
        "working_age": float(working),
        "employed": float(int(working * min(0.97, rng.uniform(0.55, 0.8) + quality * 0.2))),
        "school_age": float(school),
        "at_school": float(int(school * min(1.0, rng.uniform(0.88, 0.97) + quality * 0.05))),
        "civilised_households": float(int(households * min(0.99, rng.uniform(0.65, 0.85) + quality * 0.15))),
        "social_evils": float(rng.random() < 0.06), "serious_crimes": float(rng.random() < 0.02),
    }


def _values(rng: random.Random, rules: Rules, quality: float) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for item in rules.items:
        if item.kind == ItemKind.POINTS:
            top = item.max_points or 0
            out[item.code] = float(round(top * min(1.0, max(0.3, rng.gauss(quality, 0.12)))))
        elif item.kind == ItemKind.YES_NO:
            out[item.code] = 1.0 if rng.random() < 0.9 + quality * 0.09 else 0.0
        elif item.kind == ItemKind.DISQUALIFIER:
            out[item.code] = 1.0 if rng.random() < 0.01 else 0.0
    return out


def generate(session: Session, rng: random.Random, ids: Callable[[], str],
             villages: list[dict], years: tuple[int, ...]) -> int:
    """Score every demo village for ``years``; returns the number of yearly scores."""
    return insert(session, make(rng, ids, villages, prepare(session, years)))


def prepare(session: Session, years: tuple[int, ...]) -> dict[int, Rules]:
    """The shipped schemes with the example thresholds: each year's rules."""
    schemes.ensure_shipped(session)
    nd86 = schemes.scheme_for_year(session, 2024)
    schemes.set_thresholds(session, nd86.id, EXAMPLE_THRESHOLDS)
    return {y: schemes.load_rules(session, schemes.scheme_for_year(session, y).id)
            for y in years}


Made = tuple[list[dict], list[tuple], list[dict], list[dict]]


def make(rng: random.Random, ids: Callable[[], str], villages: list[dict],
         rules_by_year: dict[int, Rules]) -> Made:
    """The scores, their items, the reviews and their events (no database: the demo makes
    them while the database builds the candidates' indexes)."""
    years = tuple(rules_by_year)
    by_commune: dict[str, list[dict]] = {}
    for v in villages:
        by_commune.setdefault(v["parent_code"], []).append(v)
    quality = {v["code"]: rng.uniform(0.6, 0.95) for v in villages}
    scores: list[dict] = []
    items: list[tuple] = []
    reviews: list[dict] = []
    events: list[dict] = []
    for n, (commune, members) in enumerate(sorted(by_commune.items())):
        for year in years:
            rules = rules_by_year[year]
            state = ReviewState.LOCKED
            if year == max(years) and n % 4 == 3:
                state = ReviewState.DRAFT if n % 8 == 3 else ReviewState.REVIEWED
            present = rng.randint(12, 20)
            rows = []
            for v in members:
                q = min(1.0, quality[v["code"]] + (year - 2021) * 0.01)
                row = VillageRow(v["code"], f"{v['unit_type']} {v['name']}", v["area_type"])
                row.stats = _stats(rng, v["households"], q)
                row.values = {COUNCIL: _values(rng, rules, q)}
                row.values[SELF] = {k: (min(x + 1, _max(rules, k)) if x is not None and
                                        rng.random() < 0.2 else x)
                                    for k, x in row.values[COUNCIL].items()}
                row.votes_for = (None if state == ReviewState.DRAFT
                                 else rng.randint(int(present * 0.5), present))
                rows.append(row)
            g = Grid(commune, "", year, rules, state, rows, [],
                     present=None if state == ReviewState.DRAFT else present)
            g.recompute()
            decided = state in (ReviewState.DECIDED, ReviewState.LOCKED)
            number = f"{rng.randint(1, 300):02d}/QĐ-UBND"
            meeting = date(year, 11, rng.randint(5, 15))
            decided_on = date(year, 12, rng.randint(1, 20))
            at = datetime(year, 11, 1)
            kinds = [(item.code, item.id, item.kind == ItemKind.POINTS) for item in rules.items]
            for row in rows:
                scores.append(_score_row(ids(), row, g, year, state, meeting,
                                         number if decided else None,
                                         decided_on if decided else None, commune))
                score_id = scores[-1]["id"]
                for who in (SELF, COUNCIL):
                    given = row.values[who]
                    for code, criterion_id, points in kinds:
                        if code in given:
                            value = given[code]
                            items.append((ids(), score_id, criterion_id, who, value,
                                          value if points else None, None, commune, False,
                                          at, at))
            review_id = ids()
            reviews.append({
                "id": review_id, "commune_code": commune, "year": year, "state": state,
                "meeting_on": None if state == ReviewState.DRAFT else meeting,
                "meeting_place": "Hội trường Ủy ban nhân dân xã",
                "chair": "Nguyễn Văn Hùng", "secretary": "Rơ Châm H'Bia",
                "invited": present + rng.randint(0, 4), "present": present,
                "voting_method": "Biểu quyết giơ tay", "posted_place": "Nhà văn hóa các thôn"
                if decided else "", "posted_from": date(year, 11, 16) if decided else None,
                "posted_to": date(year, 11, 26) if decided else None, "objections": "",
                "decision_number": number if decided else "",
                "decided_on": decided_on if decided else None,
                "authority": "Chủ tịch Ủy ban nhân dân cấp huyện" if year < 2025
                else "Chủ tịch Ủy ban nhân dân cấp xã",
                "owner_unit_code": commune, "deleted": False,
                "created_at": datetime(year, 10, 1), "updated_at": datetime(year, 12, 20)})
            previous = ReviewState.DRAFT
            for step in ReviewState.ORDER[1:ReviewState.ORDER.index(state) + 1]:
                events.append({"id": ids(), "review_id": review_id, "from_state": previous,
                               "to_state": step, "at": datetime(year, 11, 20), "user_name": "demo",
                               "reason": "", "owner_unit_code": commune, "deleted": False,
                               "created_at": datetime(year, 11, 20),
                               "updated_at": datetime(year, 11, 20)})
                previous = step
    return scores, items, reviews, events


def insert(session: Session, made: Made) -> int:
    """Write what :func:`make` made; returns the number of yearly scores."""
    scores, items, reviews, events = made
    _bulk(session, VillageScore, scores)
    insert_tuples(session, VillageScoreItem, ITEM_COLUMNS, items)
    _bulk(session, VillageReview, reviews)
    _bulk(session, VillageReviewEvent, events)
    return len(scores)


def _max(rules: Rules, code: str) -> float:
    item = next(i for i in rules.items if i.code == code)
    return item.max_points if item.kind == ItemKind.POINTS and item.max_points else 1.0


def _score_row(score_id: str, row: VillageRow, g: Grid, year: int, state: str, meeting: date,
               number: str | None, decided_on: date | None, commune: str) -> dict:
    council, own = row.result[COUNCIL], row.result[SELF]
    out = {
        "id": score_id, "village_code": row.code, "year": year, "scheme_id": g.rules.id,
        "self_score": own.points, "reviewed_score": council.points,
        "passed": None if council.status == "chua_cham" else council.status == "dat",
        "self_passed": None if own.status == "chua_cham" else own.status == "dat",
        "failed": json.dumps([f.as_json() for f in council.failed], ensure_ascii=False),
        "stage": state, "reviewed_on": None if state == ReviewState.DRAFT else meeting,
        "decision_number": number if council.status == "dat" else None,
        "decided_on": decided_on if council.status == "dat" else None, "note": "",
        "extra_stats": json.dumps({k: v for k, v in row.stats.items() if k not in STAT_COLUMNS},
                                  sort_keys=True),
        "votes_for": row.votes_for, "area_class": row.area_class,
        "owner_unit_code": commune, "deleted": False,
        "created_at": datetime(year, 11, 1), "updated_at": datetime(year, 12, 20)}
    for key in STAT_COLUMNS:
        value = row.stats.get(key)
        out[key] = None if value is None else int(value)
    return out
