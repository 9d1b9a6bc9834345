"""The plan as users read it: model types with criteria, targets against results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from app.codes import KIND_FIELDS
from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    Candidate,
    CandidateKind,
    CriteriaSet,
    LeadAgency,
    Milestone,
    ModelType,
    Movement,
    Phase,
    Status,
    StatusChange,
    Target,
    UnitLevel,
    UnitTarget,
)
from app.services.access import require_unit
from app.services.units import ancestor_among, scope_codes

REGISTERED_STATUSES = (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                       Status.RECOGNISED, Status.REPLICATING)
RECOGNISED_STATUSES = (Status.RECOGNISED, Status.REPLICATING)

# Target column → the candidate kind it counts (None: any kind).
TARGET_KINDS: dict[str, str | None] = {
    "collectives": CandidateKind.COLLECTIVE,
    "individuals": CandidateKind.INDIVIDUAL,
    "households": CandidateKind.HOUSEHOLD,
    "cooperatives": CandidateKind.COOPERATIVE,
    "coop_groups": CandidateKind.COOP_GROUP,
    "examples": None,
}


def current_criteria_set(model_type: ModelType, on: date | None = None,
                         unit_codes: list[str] | None = None) -> CriteriaSet | None:
    """The criteria set of ``model_type`` in force on ``on``: the newest version valid on
    that date, preferring a set of the given units (nearest first) over the plan's."""
    on = on or date.today()
    owners: list[str | None] = [*(unit_codes or []), None]
    for owner in owners:
        sets = [s for s in model_type.criteria_sets
                if s.owner_unit_code == owner and not s.deleted and s.valid_from <= on
                and (s.valid_to is None or s.valid_to >= on)]
        if sets:
            return max(sets, key=lambda s: s.version)
    return None


def model_types_with_criteria(session: Session, on: date | None = None,
                              unit_codes: list[str] | None = None) -> list[dict[str, Any]]:
    """Every model type with the criteria set in force (for ``list model-types``): the
    plan's, or the nearest of ``unit_codes``' own sets when there is one."""
    types = session.scalars(
        select(ModelType).where(ModelType.deleted.is_(False)).order_by(ModelType.sort_order)
        .options(selectinload(ModelType.criteria_sets).selectinload(CriteriaSet.criteria))
    ).all()
    out = []
    for mt in types:
        cset = current_criteria_set(mt, on, unit_codes)
        out.append({
            "code": mt.code, "section": mt.section, "name": mt.name,
            "subject_group": mt.subject_group,
            "criteria_set": {"id": cset.id, "version": cset.version,
                             "valid_from": cset.valid_from.isoformat(),
                             "min_passed": cset.min_passed,
                             "owner_unit_code": cset.owner_unit_code} if cset else None,
            "criteria": [
                {"code": c.code, "text": c.text, "required": c.required,
                 # the kinds of candidate the item applies to; empty: every kind
                 "subjects": [k for k in c.subjects.split(",") if k]}
                for c in (cset.criteria if cset else []) if not c.deleted
            ],
        })
    return out


# KIND_FIELDS (app.codes): the target columns, in the order shown.


@dataclass(frozen=True)
class Window:
    """The dates a count covers: registered and recognised on or after ``start`` and on or
    before ``cutoff`` (either open when None), from the dated status history."""

    start: date | None = None
    cutoff: date | None = None


def phase_window(session: Session, phase_code: str | None) -> Window:
    """A phase's dates (GD1: 01/01/2021–11/06/2023); no phase: the whole plan."""
    phases = session.scalars(select(Phase).where(Phase.deleted.is_(False))
                             .order_by(Phase.start_date)).all()
    if phase_code:
        wanted = [p for p in phases if p.code == phase_code]
        if not wanted:
            raise InputError(N_("There is no phase {code} in the plan (GD1 or GD2)."),
                             code=phase_code)
        return Window(wanted[0].start_date, wanted[0].end_date)
    if not phases:
        return Window()
    return Window(phases[0].start_date, phases[-1].end_date)


def review_window(session: Session, kind: str) -> Window:
    """What a review covers: the interim review (sơ kết) from the plan's start to its
    milestone (11/06/2023), the final review (tổng kết) the whole plan (to 31/12/2025)."""
    whole = phase_window(session, None)
    if kind == "so_ket":
        due = session.scalar(select(Milestone.due_date).where(
            Milestone.kind == "so_ket", Milestone.deleted.is_(False))
            .order_by(Milestone.due_date))
        return Window(whole.start, due or whole.cutoff)
    return whole


def dated_candidates(unit_code: str | None = None) -> Any:
    """Every candidate (of ``unit_code``'s scope) with the first date it was registered
    and the first date it was recognised, from the status history read once (one
    GROUP BY, not a lookup per candidate); a candidate without history counts from its
    current status and status date."""
    sc, c = StatusChange, Candidate
    history = (select(
        sc.candidate_id.label("candidate_id"),
        func.min(case((sc.to_status.in_(REGISTERED_STATUSES), sc.changed_on))).label("reg"),
        func.min(case((sc.to_status.in_(RECOGNISED_STATUSES), sc.changed_on))).label("rec"))
        .where(sc.deleted.is_(False)).group_by(sc.candidate_id))
    scope = select(scope_codes(unit_code).c.code) if unit_code else None
    if scope is not None:
        history = history.where(sc.candidate_id.in_(
            select(c.id).where(c.unit_code.in_(scope))))
    firsts = history.subquery("firsts")

    def fallback(statuses: tuple[str, ...]) -> Any:
        return case((c.status.in_(statuses), c.status_date), else_=None)

    stmt = (select(
        c.id.label("id"), c.lead_agency_id.label("agency"), c.movement_id.label("movement"),
        c.kind.label("kind"), c.unit_code.label("unit"), c.model_type_id.label("model_type"),
        func.coalesce(firsts.c.reg, fallback(REGISTERED_STATUSES), type_=Date
                      ).label("registered_on"),
        func.coalesce(firsts.c.rec, fallback(RECOGNISED_STATUSES), type_=Date
                      ).label("recognised_on"))
        .outerjoin(firsts, firsts.c.candidate_id == c.id)
        .where(c.deleted.is_(False)))
    if scope is not None:
        stmt = stmt.where(c.unit_code.in_(scope))
    return stmt.subquery("dated")


def _within(value: Any, window: Window) -> Any:
    conditions = [value.is_not(None)]
    if window.start:
        conditions.append(value >= window.start)
    if window.cutoff:
        conditions.append(value <= window.cutoff)
    return and_(*conditions)


Counts = dict[tuple[str | None, str | None, str, str | None], tuple[int, int]]


def in_window(day: date | None, window: Window) -> bool:
    """Whether a date falls in the window (the Python side of :func:`_within`)."""
    return day is not None and (window.start is None or day >= window.start) and (
        window.cutoff is None or day <= window.cutoff)


def kind_counts(session: Session, window: Window, unit_code: str | None = None,
                by_unit: bool = False,
                target: tuple[str, str] | None = None) -> Counts:
    """Registered and recognised candidates per (lead agency, movement, kind[, unit]).

    The one place targets are counted (the Tổng hợp tab, ``list targets`` and the reviews
    all call it). "Registered" is every candidate whose registration is dated in the
    window, whatever happened to it later (judged "không đạt" or withdrawn: it was
    registered); "recognised" every candidate recognised in the window. ``unit_code``
    limits the count to that unit's scope (:func:`scope_codes`). The counts come from the
    dated counts kept with the register (:mod:`app.services.dated_counts`), of one (lead
    agency id, movement id) ``target`` when given."""
    from app.services import dated_counts

    return dated_counts.kind_counts(session, window.start, window.cutoff, unit_code,
                                    by_unit, target)


def minimums_of(row: Target | UnitTarget | None) -> dict[str, int]:
    """The minimums a target (or a unit's own target) names, per kind, in table order."""
    if row is None:
        return {}
    return {k: getattr(row, f"min_{k}") for k in KIND_FIELDS if getattr(row, f"min_{k}")}


def _count_for(counts: Counts, agency_id: str, movement_id: str, kind_field: str,
               which: int) -> int:
    kind = TARGET_KINDS[kind_field]
    return sum(v[which] for (a, m, k, _u), v in counts.items()
               if a == agency_id and m == movement_id and (kind is None or k == kind))


def judges_province_targets(session: Session, unit_code: str | None) -> bool:
    """Whether the province's minimums are this unit's to meet: the whole register or a
    province; a commune or a former district only contributes (plan IV.1)."""
    if not unit_code:
        return True
    level = session.scalar(select(AdminUnit.level).where(AdminUnit.code == unit_code))
    return level == UnitLevel.PROVINCE


def targets_report(session: Session, phase_code: str | None = None, *,
                   unit_code: str | None = None, window: Window | None = None
                   ) -> list[dict[str, Any]]:
    """Each target, judged per kind: met only when every kind the target names reaches
    its own minimum with recognised examples.

    For the province (or no unit) the minimums are the plan's. For a commune or former
    district (``unit_code``) the counts are what the unit contributed to the province
    departments' targets; the minimums are the unit's own (``unit_targets``) and only
    those are judged; without them ``met`` is None (no verdict)."""
    if unit_code:
        require_unit(session, unit_code)
    window = window or phase_window(session, phase_code)
    counts = kind_counts(session, window, unit_code)
    province = judges_province_targets(session, unit_code)
    own: dict[str, UnitTarget] = {}
    if unit_code and not province:
        own = {u.target_id: u for u in session.scalars(select(UnitTarget).where(
            UnitTarget.unit_code == unit_code, UnitTarget.deleted.is_(False)))}
    targets = session.execute(
        select(Target, LeadAgency, Movement)
        .join(LeadAgency, LeadAgency.id == Target.lead_agency_id)
        .join(Movement, Movement.id == Target.movement_id)
        .where(Target.deleted.is_(False))
        .order_by(LeadAgency.sort_order)
    ).all()
    out = []
    for target, agency, movement in targets:
        plan_minimums = minimums_of(target)
        minimums = plan_minimums if province else minimums_of(own.get(target.id))
        kinds = list(plan_minimums) + [k for k in minimums if k not in plan_minimums]
        reg = {k: _count_for(counts, agency.id, movement.id, k, 0) for k in kinds}
        rec = {k: _count_for(counts, agency.id, movement.id, k, 1) for k in kinds}
        per_kind = {k: {"minimum": minimums.get(k), "registered": reg[k],
                        "recognised": rec[k],
                        "met": rec[k] >= minimums[k] if k in minimums else None}
                    for k in kinds}
        out.append({
            "id": target.id,
            "lead_agency_code": agency.code, "lead_agency": agency.name,
            "movement_code": movement.code, "movement": movement.name,
            "phase": phase_code,
            "scope": "province" if province else "unit",
            "unit_code": unit_code,
            "plan_minimums": plan_minimums,
            "minimums": minimums, "registered": reg, "recognised": rec,
            "per_kind": per_kind,
            "met": all(rec[k] >= v for k, v in minimums.items()) if minimums else None,
            "note": target.note,
        })
    return out


def target_breakdown(session: Session, target_id: str, parent_code: str,
                     phase_code: str | None = None) -> list[dict[str, Any]]:
    """A target's registered and recognised examples, per kind it names, under each unit
    directly below ``parent_code`` (province → districts → communes), for the drill-down."""
    target = session.get(Target, target_id)
    if target is None:
        return []
    kinds = list(minimums_of(target))
    counts = kind_counts(session, phase_window(session, phase_code), parent_code, by_unit=True,
                         target=(target.lead_agency_id, target.movement_id))
    from app.services.dated_counts import unit_tree

    tree = unit_tree(session)  # kept while the units are unchanged
    parents = tree.parents
    children = session.execute(
        select(AdminUnit.code, AdminUnit.unit_type, AdminUnit.name, AdminUnit.valid_to)
        .where(AdminUnit.parent_code == parent_code, AdminUnit.deleted.is_(False))
        .order_by(AdminUnit.sort_key)).all()
    rows: dict[str, dict[str, Any]] = {
        c.code: {"code": c.code, "name": f"{c.unit_type} {c.name}".strip(),
                 "retired": c.valid_to is not None, "registered": 0, "recognised": 0,
                 "by_kind": {k: [0, 0] for k in kinds}, "has_children": False}
        for c in children}
    for its_parent in parents.values():
        if its_parent in rows:
            rows[its_parent]["has_children"] = True
    successors = tree.successors
    for (agency, movement, kind, unit), (reg, rec) in counts.items():
        if agency != target.lead_agency_id or movement != target.movement_id:
            continue
        code = ancestor_among(parents, unit, rows)  # the child of parent_code
        if code is None and unit in successors:  # a merged unit: counted for its successor
            code = ancestor_among(parents, successors[unit], rows)
        if code is None:
            continue
        for k in kinds:
            if TARGET_KINDS[k] in (None, kind):
                rows[code]["by_kind"][k][0] += reg
                rows[code]["by_kind"][k][1] += rec
                rows[code]["registered"] += reg
                rows[code]["recognised"] += rec
    return list(rows.values())


def office_targets(session: Session, office_code: str | None,
                   phase_code: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The Tổng hợp tab of an office: (the office's unit name, :func:`targets_report` for
    its scope). A province office judges the plan's minimums; a commune's or former
    district's office sees its contribution and its own minimums; a village office (or
    none) the whole register."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == office_code)) \
        if office_code else None
    if unit is None or unit.level == UnitLevel.VILLAGE:
        return "", targets_report(session, phase_code)
    return unit.full_name, targets_report(session, phase_code, unit_code=unit.code)
