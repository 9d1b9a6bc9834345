"""The plan as users read it: model types with criteria, targets against results."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AdminUnit,
    CandidateKind,
    CriteriaSet,
    LeadAgency,
    ModelType,
    Movement,
    Phase,
    Status,
    Target,
)
from app.services.counts import count_candidates_by
from app.services.units import ancestor_among, parent_map

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
                {"code": c.code, "text": c.text, "required": c.required}
                for c in (cset.criteria if cset else []) if not c.deleted
            ],
        })
    return out


def _counts(session: Session, statuses: tuple[str, ...],
            phase_id: str | None = None) -> dict[tuple[str | None, str | None, str], int]:
    phase = {"phase_id": phase_id} if phase_id else {}
    return count_candidates_by(session, ("lead_agency_id", "movement_id", "kind"),
                               statuses=statuses, **phase)


def targets_report(session: Session, phase_code: str | None = None) -> list[dict[str, Any]]:
    """Each target with its minimums and the registered and recognised counts."""
    phase_id = None
    if phase_code:
        phase_id = session.scalar(select(Phase.id).where(Phase.code == phase_code))
    registered = _counts(session, REGISTERED_STATUSES, phase_id)
    recognised = _counts(session, RECOGNISED_STATUSES, phase_id)
    targets = session.execute(
        select(Target, LeadAgency, Movement)
        .join(LeadAgency, LeadAgency.id == Target.lead_agency_id)
        .join(Movement, Movement.id == Target.movement_id)
        .where(Target.deleted.is_(False))
        .order_by(LeadAgency.sort_order)
    ).all()
    out = []
    for target, agency, movement in targets:
        minimums = {
            "collectives": target.min_collectives, "individuals": target.min_individuals,
            "households": target.min_households, "cooperatives": target.min_cooperatives,
            "coop_groups": target.min_coop_groups, "examples": target.min_examples,
        }
        minimums = {k: v for k, v in minimums.items() if v}

        def count(table: dict[tuple[str | None, str | None, str], int], kind: str | None,
                  agency_id: str = agency.id, movement_id: str = movement.id) -> int:
            return sum(n for (a, m, k), n in table.items()
                       if a == agency_id and m == movement_id and (kind is None or k == kind))

        reg = {k: count(registered, TARGET_KINDS[k]) for k in minimums}
        rec = {k: count(recognised, TARGET_KINDS[k]) for k in minimums}
        out.append({
            "id": target.id,
            "lead_agency_code": agency.code, "lead_agency": agency.name,
            "movement_code": movement.code, "movement": movement.name,
            "phase": phase_code,
            "minimums": minimums, "registered": reg, "recognised": rec,
            "met": all(rec[k] >= v for k, v in minimums.items()),
            "note": target.note,
        })
    return out


def target_breakdown(session: Session, target_id: str, parent_code: str,
                     phase_code: str | None = None) -> list[dict[str, Any]]:
    """A target's registered and recognised examples under each unit directly below
    ``parent_code`` (province → districts → communes), for the drill-down."""
    target = session.get(Target, target_id)
    if target is None:
        return []
    kinds = {TARGET_KINDS[k] for k, v in (
        ("collectives", target.min_collectives), ("individuals", target.min_individuals),
        ("households", target.min_households), ("cooperatives", target.min_cooperatives),
        ("coop_groups", target.min_coop_groups), ("examples", target.min_examples)) if v}
    phase: dict[str, Any] = {}
    if phase_code:
        phase["phase_id"] = session.scalar(select(Phase.id).where(Phase.code == phase_code)) or "?"
    counted = count_candidates_by(
        session, ("unit_code", "status"), lead_agency_id=target.lead_agency_id,
        movement_id=target.movement_id, statuses=REGISTERED_STATUSES,
        kinds=None if None in kinds else [k for k in kinds if k], **phase)
    parents = parent_map(session)
    children = session.execute(
        select(AdminUnit.code, AdminUnit.unit_type, AdminUnit.name, AdminUnit.valid_to)
        .where(AdminUnit.parent_code == parent_code, AdminUnit.deleted.is_(False))
        .order_by(AdminUnit.sort_key)).all()
    rows = {c.code: {"code": c.code, "name": f"{c.unit_type} {c.name}".strip(),
                     "retired": c.valid_to is not None, "registered": 0, "recognised": 0,
                     "has_children": False} for c in children}
    for its_parent in parents.values():
        if its_parent in rows:
            rows[its_parent]["has_children"] = True
    for (unit_code, status), n in counted.items():
        code = ancestor_among(parents, unit_code, rows)  # the child of parent_code
        if code is None:
            continue
        rows[code]["registered"] += n
        if status in RECOGNISED_STATUSES:
            rows[code]["recognised"] += n
    return list(rows.values())
