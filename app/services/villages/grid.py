"""The scoring grid of a commune and year: loading it, checking and saving what is typed.

The grid is plain data (:class:`Grid`): the window keeps it, recomputes a village with
the engine on every key press and sends each accepted value to :func:`save_value`, which
checks it again, writes it, and stores every village's result (the commune's own rates
can change with one village's statistics).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import AdminUnit, ScoringCriterion, UnitLevel, VillageScore, VillageScoreItem
from app.models.villages import AreaClass, ItemKind, ReviewState, VillageReview
from app.services import access
from app.services.villages import engine, schemes, settings
from app.services.villages.engine import Item, Result, Rules

SELF, COUNCIL = "self", "council"
ASSESSORS = (SELF, COUNCIL)
# Statistics stored in their own columns; the others go into ``extra_stats``.
STAT_COLUMNS = ("households", "poor_households", "near_poor_households", "cultural_households",
                "working_age", "employed")
STAT_LABELS = {
    "households": N_("Households"),
    "poor_households": N_("Poor households"),
    "near_poor_households": N_("Near-poor households"),
    "cultural_households": N_("Cultural families"),
    "working_age": N_("Working-age people"),
    "employed": N_("With jobs"),
    "school_age": N_("School-age children"),
    "at_school": N_("At school"),
    "civilised_households": N_("Civilised-custom households"),
    "social_evils": N_("Social-evil cases"),
    "serious_crimes": N_("Serious crimes"),
}
# part → whole it may not exceed
_NOT_ABOVE = {"poor_households": "households", "near_poor_households": "households",
              "cultural_households": "households", "civilised_households": "households",
              "employed": "working_age", "at_school": "school_age"}
EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.REVIEWED, ReviewState.POSTED)


@dataclass
class VillageRow:
    """One village of the grid."""

    code: str
    name: str
    area_class: str
    stats: dict[str, float | None] = field(default_factory=dict)
    values: dict[str, dict[str, float | None]] = field(
        default_factory=lambda: {SELF: {}, COUNCIL: {}})
    votes_for: int | None = None
    result: dict[str, Result] = field(default_factory=dict)
    stored_points: dict[str, float | None] = field(default_factory=dict)
    # A result stored without item values (a file from before the items existed).
    stored_passed: bool | None = None


@dataclass
class Grid:
    """A commune's villages against a scheme for one year."""

    commune_code: str
    commune_name: str
    year: int
    rules: Rules
    state: str
    rows: list[VillageRow]
    stat_keys: list[str]
    present: int | None = None  # at the review meeting, once held
    approval: float = 0.6  # share of those present who must vote for a village

    def row(self, code: str) -> VillageRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise InputError(N_("The village {village} is not in this commune."), village=code)

    def recompute(self) -> None:
        """Every village's result for both assessors (the commune rates may change)."""
        refs = engine.commune_references(self.rules, [r.stats for r in self.rows])
        for r in self.rows:
            if r.stored_passed is not None and not any(r.values.get(COUNCIL, {}).values()):
                status = engine.DAT if r.stored_passed else engine.KHONG_DAT
                for who in ASSESSORS:
                    r.result[who] = Result(status, r.stored_points.get(who), [], [])
                continue
            for who in ASSESSORS:
                r.result[who] = engine.evaluate(self.rules, r.area_class, r.values[who],
                                                r.stats, refs)
            if self.present:
                engine.apply_votes(r.result[COUNCIL], r.votes_for, self.present, self.approval)

    def stat_keys_of(self) -> list[str]:
        return self.stat_keys


def used_stats(rules: Rules) -> list[str]:
    """The statistics the scheme uses, households always first."""
    used = {"households"}
    for item in rules.items:
        for key in (item.stat_key, item.base_key):
            if key is not None:
                used.update(engine.DERIVED.get(key, (key,)))
    return [k for k in STAT_LABELS if k in used]


def villages_of(session: Session, commune_code: str) -> list[AdminUnit]:
    return list(session.scalars(select(AdminUnit).where(
        AdminUnit.parent_code == commune_code, AdminUnit.level == UnitLevel.VILLAGE,
        AdminUnit.deleted.is_(False)).order_by(AdminUnit.code)))


def commune_of(session: Session, commune_code: str) -> AdminUnit:
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == commune_code))
    if unit is None or unit.level != UnitLevel.COMMUNE:
        raise InputError(N_("{code} is not a commune."), code=commune_code)
    return unit


def review_state(session: Session, commune_code: str, year: int) -> str:
    state = session.scalar(select(VillageReview.state).where(
        VillageReview.commune_code == commune_code, VillageReview.year == year))
    return state or ReviewState.DRAFT


def _rules_for(session: Session, commune_code: str, year: int, state: str) -> Rules:
    """The scheme of the year; once past scoring, the one the year was scored with."""
    if state != ReviewState.DRAFT:
        stored = session.scalar(select(VillageScore.scheme_id).join(
            AdminUnit, AdminUnit.code == VillageScore.village_code).where(
            AdminUnit.parent_code == commune_code, VillageScore.year == year).limit(1))
        if stored:
            return schemes.load_rules(session, stored)
    return schemes.load_rules(session, schemes.scheme_for_year(session, year).id)


def load_grid(session: Session, commune_code: str, year: int) -> Grid:
    """The grid of ``commune_code`` for ``year`` with every village's result."""
    access.require_unit(session, commune_code)
    commune = commune_of(session, commune_code)
    state = review_state(session, commune_code, year)
    rules = _rules_for(session, commune_code, year, state)
    villages = villages_of(session, commune_code)
    scores = {s.village_code: s for s in session.scalars(select(VillageScore).where(
        VillageScore.village_code.in_([v.code for v in villages]), VillageScore.year == year,
        VillageScore.deleted.is_(False)))}
    by_id = {i.id: i.code for i in rules.items}
    # Plain rows, not ORM objects: a commune of 200 villages has about 8,000 values.
    items: dict[str, list[tuple[str, str, float | None]]] = {}
    if scores:
        for score_id, criterion_id, assessor, value in session.execute(select(
                VillageScoreItem.score_id, VillageScoreItem.criterion_id,
                VillageScoreItem.assessor, VillageScoreItem.value).where(
                VillageScoreItem.score_id.in_([s.id for s in scores.values()]),
                VillageScoreItem.deleted.is_(False))):
            items.setdefault(score_id, []).append((criterion_id, assessor, value))
        # Values typed under an earlier version of the scheme follow their item's code.
        unknown = {c for rows_ in items.values() for c, _w, _v in rows_} - set(by_id)
        if unknown:
            older = dict(session.execute(select(ScoringCriterion.id, ScoringCriterion.code)
                                         .where(ScoringCriterion.id.in_(unknown))).all())
            for rows_ in items.values():
                rows_.sort(key=lambda r: r[0] in by_id)  # the current version's last: it wins
            by_id = {**older, **by_id}
    rows = []
    for v in villages:
        row = VillageRow(v.code, v.full_name, v.area_type or AreaClass.ORDINARY)
        score = scores.get(v.code)
        if score is not None:
            row.area_class = score.area_class or row.area_class
            row.stats = _stats_of(score)
            row.votes_for = score.votes_for
            row.stored_points = {SELF: score.self_score, COUNCIL: score.reviewed_score}
            if not items.get(score.id):
                row.stored_passed = score.passed
            for criterion_id, assessor, value in items.get(score.id, []):
                code = by_id.get(criterion_id)
                if code is not None:
                    row.values.setdefault(assessor, {})[code] = value
        elif v.households is not None:
            row.stats = {"households": float(v.households)}
        rows.append(row)
    grid = Grid(commune.code, commune.full_name, year, rules, state, rows, used_stats(rules))
    review = session.scalar(select(VillageReview).where(
        VillageReview.commune_code == commune_code, VillageReview.year == year))
    if review is not None and state != ReviewState.DRAFT:
        grid.present = review.present
    grid.approval = settings.load(session).approval
    grid.recompute()
    return grid


def _stats_of(score: VillageScore) -> dict[str, float | None]:
    stats: dict[str, float | None] = {k: (None if getattr(score, k) is None
                                          else float(getattr(score, k)))
                                      for k in STAT_COLUMNS}
    for k, v in json.loads(score.extra_stats or "{}").items():
        stats[k] = None if v is None else float(v)
    return stats


# --- checking ---------------------------------------------------------------------------


def check_value(item: Item, value: float | None, village: str) -> None:
    """Refuse a value outside what the item allows, naming the village and the item."""
    if value is None:
        return
    if item.kind == ItemKind.POINTS:
        top = item.max_points or 0
        if not 0 <= value <= top:
            raise InputError(N_("{village}, item {item}: points must be between 0 and {max}."),
                             village=village, item=item.code, max=engine.fmt(top))
    elif item.kind in (ItemKind.YES_NO, ItemKind.DISQUALIFIER):
        if value not in (0, 1):
            raise InputError(N_("{village}, item {item}: type 1 (yes) or 0 (no)."),
                             village=village, item=item.code)
    elif value < 0:
        raise InputError(N_("{village}, item {item}: the value cannot be negative."),
                         village=village, item=item.code)
    elif item.kind in (ItemKind.SHARE_MIN, ItemKind.RATE_MAX) and value > 100:
        raise InputError(N_("{village}, item {item}: a share cannot be above 100 %."),
                         village=village, item=item.code)


def check_stats(stats: dict[str, float | None], village: str) -> None:
    """Refuse negative counts and parts larger than their whole."""
    for key, value in stats.items():
        if value is not None and value < 0:
            raise InputError(N_("{village}, {item}: a count cannot be negative."),
                             village=village, item=_label(key))
        if value is not None and value != int(value):
            raise InputError(N_("{village}, {item}: type a whole number."),
                             village=village, item=_label(key))
    for part, whole in _NOT_ABOVE.items():
        p, w = stats.get(part), stats.get(whole)
        if p is not None and w is not None and p > w:
            raise InputError(N_("{village}, {item}: {value} is more than {whole} ({total})."),
                             village=village, item=_label(part), value=engine.fmt(p),
                             whole=_label(whole), total=engine.fmt(w))
    poor, near, total = (stats.get("poor_households"), stats.get("near_poor_households"),
                         stats.get("households"))
    if poor is not None and near is not None and total is not None and poor + near > total:
        raise InputError(N_("{village}: poor and near-poor households together are more "
                            "than the households."), village=village)


def _label(key: str) -> str:
    from app.i18n import _

    return _(STAT_LABELS.get(key, key))


def check_editable(state: str, year: int) -> None:
    if state not in EDITABLE_STATES:
        raise InputError(N_("The review of {year} is decided or locked: its results cannot "
                            "change. Unlock it first (with a reason)."), year=year)


# --- saving -----------------------------------------------------------------------------


@dataclass
class Entry:
    """One typed value: an item (``item`` set, by ``assessor``), a statistic or the votes."""

    village_code: str
    item: str | None = None
    stat: str | None = None
    votes: bool = False
    value: float | None = None
    assessor: str = COUNCIL


def apply_entry(grid: Grid, entry: Entry) -> None:
    """Check ``entry`` and put it in the grid (nothing changed when refused)."""
    check_editable(grid.state, grid.year)
    row = grid.row(entry.village_code)
    if entry.item is not None:
        item = next((i for i in grid.rules.items if i.code == entry.item), None)
        if item is None:
            raise InputError(N_("Unknown item {item} in the scheme."), item=entry.item)
        if entry.assessor not in ASSESSORS:
            raise InputError(N_("Unknown assessor {value}."), value=entry.assessor)
        check_value(item, entry.value, row.name)
        row.values.setdefault(entry.assessor, {})[item.code] = entry.value
    elif entry.stat is not None:
        if entry.stat not in STAT_LABELS:
            raise InputError(N_("Unknown statistic {value}."), value=entry.stat)
        stats = dict(row.stats)
        stats[entry.stat] = entry.value
        check_stats(stats, row.name)
        row.stats = stats
    elif entry.votes:
        if entry.value is not None and (entry.value < 0 or entry.value != int(entry.value)):
            raise InputError(N_("{village}: the votes must be a whole number, not negative."),
                             village=row.name)
        row.votes_for = None if entry.value is None else int(entry.value)


def save_entries(session: Session, commune_code: str, year: int,
                 entries: list[Entry]) -> Grid:
    """Check and save typed values (all or nothing); returns the recomputed grid."""
    access.require_unit(session, commune_code, write=True)
    grid = load_grid(session, commune_code, year)
    schemes.check_year(schemes.scheme_for_year(session, year), year)
    for entry in entries:
        apply_entry(grid, entry)
    grid.recompute()
    store_grid(session, grid, {e.village_code for e in entries})
    return grid


def save_value(session: Session, commune_code: str, year: int, entry: Entry) -> Grid:
    """Check and save one typed value."""
    return save_entries(session, commune_code, year, [entry])


def store_grid(session: Session, grid: Grid, touched: set[str]) -> None:
    """Write the touched villages' values and every village's result."""
    scores = {s.village_code: s for s in session.scalars(select(VillageScore).where(
        VillageScore.village_code.in_([r.code for r in grid.rows]),
        VillageScore.year == grid.year))}
    criteria = {c.code: c.id for c in session.scalars(select(ScoringCriterion).where(
        ScoringCriterion.scheme_id == grid.rules.id))}
    kinds = {i.code: i.kind for i in grid.rules.items}
    for row in grid.rows:
        score = scores.get(row.code)
        if score is None:
            if row.code not in touched:
                continue
            score = VillageScore(village_code=row.code, year=grid.year, scheme_id=grid.rules.id,
                                 stage=grid.state, owner_unit_code=grid.commune_code,
                                 area_class=row.area_class)
            session.add(score)
            session.flush()
        score.deleted = False
        moved = score.scheme_id != grid.rules.id  # a draft year now scored by a newer version
        score.scheme_id = grid.rules.id
        if row.code in touched or moved:
            _write_values(session, score, row, criteria, kinds)
        _write_result(score, row)
    session.flush()


def _write_values(session: Session, score: VillageScore, row: VillageRow,
                  criteria: dict[str, str], kinds: dict[str, str]) -> None:
    for key in STAT_COLUMNS:
        value = row.stats.get(key)
        setattr(score, key, None if value is None else int(value))
    score.extra_stats = json.dumps({k: v for k, v in row.stats.items()
                                    if k not in STAT_COLUMNS and v is not None}, sort_keys=True)
    score.votes_for = row.votes_for
    existing = {(i.criterion_id, i.assessor): i for i in session.scalars(
        select(VillageScoreItem).where(VillageScoreItem.score_id == score.id))}
    for who, values in row.values.items():
        for code, value in values.items():
            criterion = criteria.get(code)
            if criterion is None:
                continue
            item = existing.get((criterion, who))
            if item is None:
                item = VillageScoreItem(score_id=score.id, criterion_id=criterion, assessor=who,
                                        owner_unit_code=score.owner_unit_code)
                session.add(item)
            item.value = value
            item.points = value if kinds.get(code) == ItemKind.POINTS else None
    current = set(criteria.values())
    for (criterion, _who), item in existing.items():
        if criterion not in current and not item.deleted:
            item.deleted = True  # replaced by the same item of the newer version


def _write_result(score: VillageScore, row: VillageRow) -> None:
    council, own = row.result[COUNCIL], row.result[SELF]
    score.reviewed_score = council.points
    score.self_score = own.points
    score.passed = None if council.status == engine.CHUA_CHAM else council.status == engine.DAT
    score.self_passed = None if own.status == engine.CHUA_CHAM else own.status == engine.DAT
    score.failed = json.dumps([f.as_json() for f in council.failed], ensure_ascii=False)
    score.area_class = row.area_class


def village_result_json(row: VillageRow, rules: Rules, stage: str) -> dict:
    """A village as ``villages score --json`` prints it."""
    result = row.result[COUNCIL]
    return {"village_code": row.code, "village_name": row.name, "result": result.status,
            "points": result.points if rules.mode == "points" and result.status != engine.CHUA_CHAM else None,
            "failed_items": [f.as_json() for f in result.failed + result.missing],
            "stage": stage}


def today() -> date:
    return date.today()
