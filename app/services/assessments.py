"""Checking candidates against the criteria of their model type, and editing criteria sets.

An assessment uses the criteria set in force on its date (the unit's own set first, then the
plan's). Every assessment is kept, since the plan asks for regular checks. Editing a set
that an assessment already used makes a new version; old assessments keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    Assessment,
    AssessmentItem,
    Candidate,
    CriteriaSet,
    Criterion,
    EvidenceFile,
    ModelType,
    Verdict,
)
from app.services.access import require_unit
from app.services.evidence import add_evidence
from app.services.plan import current_criteria_set


@dataclass
class ChecklistItem:
    criterion_id: str
    code: str
    text: str
    required: bool
    verdict: str = Verdict.PENDING
    note: str = ""
    evidence: list[Path] = field(default_factory=list)  # files to keep with this verdict


@dataclass
class Checklist:
    """The criteria a candidate is assessed against, with any verdicts already given."""

    candidate_id: str
    candidate_name: str
    criteria_set_id: str
    version: int
    title: str
    min_passed: int | None
    items: list[ChecklistItem]


def unit_chain(session: Session, unit_code: str) -> list[str]:
    chain, code = [], unit_code
    while code:
        chain.append(code)
        code = session.scalar(select(AdminUnit.parent_code).where(AdminUnit.code == code))
    return chain


def checklist_for(session: Session, candidate_id: str, on: date | None = None) -> Checklist:
    """The criteria set in force for the candidate on ``on`` as an empty checklist."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.deleted:
        raise InputError(N_("This candidate no longer exists."))
    require_unit(session, candidate.unit_code)
    if not candidate.model_type_id:
        raise InputError(N_("Choose the candidate's model type before assessing it."))
    model_type = session.scalar(
        select(ModelType).where(ModelType.id == candidate.model_type_id)
        .options(selectinload(ModelType.criteria_sets).selectinload(CriteriaSet.criteria)))
    if model_type is None:
        raise InputError(N_("Choose the candidate's model type before assessing it."))
    cset = current_criteria_set(model_type, on, unit_chain(session, candidate.unit_code))
    if cset is None:
        raise InputError(N_("Model type {code} has no criteria in force on that date."),
                         code=model_type.code)
    # Only the items the plan gives this kind of candidate (3.1.10: the collective clause
    # for collectives, the household clauses for households).
    return Checklist(candidate.id, candidate.display_name, cset.id, cset.version, cset.title,
                     cset.min_passed, [ChecklistItem(c.id, c.code, c.text, c.required)
                                       for c in cset.criteria
                                       if not c.deleted and c.applies_to(candidate.kind)])


def compute_result(items: list[ChecklistItem], min_passed: int | None) -> str:
    """đạt when every required criterion is met (or at least ``min_passed`` are); an item
    marked "không áp dụng" is left out of the judgement."""
    items = [i for i in items if i.verdict != Verdict.NOT_APPLICABLE]
    met = sum(1 for i in items if i.verdict == Verdict.MET)
    if min_passed:
        if met >= min_passed:
            return Verdict.MET
        pending = sum(1 for i in items if i.verdict == Verdict.PENDING)
        return Verdict.PENDING if met + pending >= min_passed else Verdict.NOT_MET
    required = [i for i in items if i.required]
    if any(i.verdict == Verdict.NOT_MET for i in required):
        return Verdict.NOT_MET
    if all(i.verdict == Verdict.MET for i in required):
        return Verdict.MET
    return Verdict.PENDING


def save_assessment(session: Session, checklist: Checklist, *, on: date, assessor: str = "",
                    note: str = "") -> Assessment:
    """Store a new assessment with its verdicts; return it."""
    if on > date.today():
        raise InputError(N_("The assessment date cannot be in the future."))
    valid = {i.criterion_id for i in checklist.items}
    known = set(session.scalars(select(Criterion.id).where(
        Criterion.criteria_set_id == checklist.criteria_set_id)))
    if not valid <= known:
        raise InputError(N_("The criteria changed while you were assessing; open the "
                            "checklist again."))
    candidate = session.get(Candidate, checklist.candidate_id)
    if candidate is not None:
        require_unit(session, candidate.unit_code, write=True)
    assessment = Assessment(
        candidate_id=checklist.candidate_id, criteria_set_id=checklist.criteria_set_id,
        assessed_on=on, assessor=text.clean(assessor), note=text.clean(note),
        result=compute_result(checklist.items, checklist.min_passed),
        owner_unit_code=candidate.owner_unit_code if candidate else None,
    )
    for item in checklist.items:
        if item.verdict not in (Verdict.MET, Verdict.NOT_MET, Verdict.PENDING,
                                Verdict.NOT_APPLICABLE):
            raise InputError(N_("Unknown verdict \"{value}\"."), value=item.verdict)
        if item.verdict == Verdict.NOT_APPLICABLE and not text.clean(item.note):
            raise InputError(N_("Criterion {code} is marked \"not applicable\": write the "
                                "reason in its note."), code=item.code)
        assessment.items.append(AssessmentItem(criterion_id=item.criterion_id,
                                               verdict=item.verdict, note=text.clean(item.note),
                                               owner_unit_code=assessment.owner_unit_code))
    session.add(assessment)
    session.flush()
    by_criterion = {i.criterion_id: i for i in assessment.items}
    for item in checklist.items:
        for path in item.evidence:  # a bad file refuses the whole assessment
            add_evidence(session, checklist.candidate_id, path,
                         assessment_item_id=by_criterion[item.criterion_id].id)
    return assessment


@dataclass
class PastAssessment:
    id: str
    assessed_on: date
    assessor: str
    result: str
    version: int
    items: list[tuple[str, str, str]]  # (criterion code, text, verdict)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # criterion code -> files


def assessment_history(session: Session, candidate_id: str) -> list[PastAssessment]:
    """Every assessment of the candidate, newest first, with the criteria of its version."""
    out = []
    for a in session.scalars(select(Assessment).where(Assessment.candidate_id == candidate_id)
                             .order_by(Assessment.assessed_on.desc(), Assessment.created_at.desc())
                             .options(selectinload(Assessment.items))):
        cset = session.get(CriteriaSet, a.criteria_set_id)
        criteria = {c.id: c for c in session.scalars(
            select(Criterion).where(Criterion.criteria_set_id == a.criteria_set_id))}
        ordered = sorted(a.items, key=lambda i: criteria[i.criterion_id].position)
        items = [(criteria[i.criterion_id].code, criteria[i.criterion_id].text, i.verdict)
                 for i in ordered]
        files: dict[str, list[str]] = {}
        item_codes = {i.id: criteria[i.criterion_id].code for i in a.items}
        for item_id, name in session.execute(
                select(EvidenceFile.assessment_item_id, EvidenceFile.file_name)
                .where(EvidenceFile.assessment_item_id.in_(list(item_codes)),
                       EvidenceFile.deleted.is_(False))):
            if item_id in item_codes:
                files.setdefault(item_codes[item_id], []).append(name)
        out.append(PastAssessment(a.id, a.assessed_on, a.assessor, a.result,
                                  cset.version if cset else 0, items, files))
    return out


# --- editing criteria ----------------------------------------------------------------------

@dataclass
class CriterionInput:
    text: str
    required: bool = True


def set_in_use(session: Session, criteria_set_id: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Assessment)
                               .where(Assessment.criteria_set_id == criteria_set_id)))


def edit_criteria(session: Session, criteria_set_id: str, criteria: list[CriterionInput], *,
                  on: date | None = None, min_passed: int | None = None) -> CriteriaSet:
    """Replace a set's criteria; a set already used by an assessment gets a new version."""
    cleaned = [CriterionInput(text.clean(c.text), c.required) for c in criteria]
    if not cleaned or any(not c.text for c in cleaned):
        raise InputError(N_("Every criterion needs a text, and a set needs at least one."))
    if min_passed is not None and not 1 <= min_passed <= len(cleaned):
        raise InputError(N_("The minimum number of criteria met must be between 1 and {n}."),
                         n=len(cleaned))
    old = session.get(CriteriaSet, criteria_set_id)
    if old is None:
        raise InputError(N_("This criteria set no longer exists."))
    model_code = session.scalar(select(ModelType.code).where(ModelType.id == old.model_type_id))
    on = on or date.today()
    if set_in_use(session, old.id):
        new_version = (session.scalar(select(func.max(CriteriaSet.version)).where(
            CriteriaSet.model_type_id == old.model_type_id,
            CriteriaSet.owner_unit_code.is_(old.owner_unit_code)
            if old.owner_unit_code is None else
            CriteriaSet.owner_unit_code == old.owner_unit_code)) or 0) + 1
        target = CriteriaSet(model_type_id=old.model_type_id, version=new_version,
                             title=old.title, valid_from=on, min_passed=min_passed,
                             source=old.source, owner_unit_code=old.owner_unit_code)
        old.valid_to = on
        session.add(target)
        session.flush()
    else:
        target = old
        target.min_passed = min_passed
        for c in list(target.criteria):
            session.delete(c)
        session.flush()
    for pos, item in enumerate(cleaned, start=1):
        target.criteria.append(Criterion(position=pos, code=f"{model_code}.{pos}",
                                         text=item.text, required=item.required,
                                         owner_unit_code=target.owner_unit_code))
    session.flush()
    return target


def add_unit_criteria(session: Session, model_type_code: str, unit_code: str,
                      extra: list[CriterionInput], on: date | None = None) -> CriteriaSet:
    """A unit's own set for a model type: the plan's criteria plus its own (plan III.2)."""
    model_type = session.scalar(select(ModelType).where(ModelType.code == model_type_code)
                                .options(selectinload(ModelType.criteria_sets)))
    if model_type is None:
        raise InputError(N_("There is no model type {code}."), code=model_type_code)
    on = on or date.today()
    base = current_criteria_set(model_type, on)
    existing = current_criteria_set(model_type, on, [unit_code])
    if existing is not None and existing.owner_unit_code == unit_code:
        current = [CriterionInput(c.text, c.required) for c in existing.criteria]
        return edit_criteria(session, existing.id, current + extra, on=on,
                             min_passed=existing.min_passed)
    cset = CriteriaSet(model_type_id=model_type.id, version=1, valid_from=on,
                       title=base.title if base else model_type.name, source="unit",
                       owner_unit_code=unit_code)
    session.add(cset)
    session.flush()
    items = [CriterionInput(c.text, c.required) for c in (base.criteria if base else [])] + extra
    for pos, c in enumerate(items, start=1):
        cleaned = text.clean(c.text)
        if not cleaned:
            raise InputError(N_("Every criterion needs a text, and a set needs at least one."))
        cset.criteria.append(Criterion(position=pos, code=f"{model_type.code}.{pos}",
                                       text=cleaned, required=c.required,
                                       owner_unit_code=unit_code))
    session.flush()
    return cset
