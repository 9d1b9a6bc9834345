"""Everything the program knows about one candidate, for its detail view and for editing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    Award,
    Candidate,
    Decision,
    LeadAgency,
    ModelType,
    Movement,
    Phase,
)
from app.services.access import require_unit
from app.services.assessments import PastAssessment, assessment_history
from app.services.evidence import EvidenceInfo, list_evidence
from app.services.lifecycle import history
from app.services.register import CandidateInput
from app.services.replication import ActivityInfo, activities_for
from app.short_code import short_code_of


@dataclass
class HistoryLine:
    changed_on: date
    from_status: str | None
    to_status: str
    user_name: str
    reason: str


@dataclass
class AwardLine:
    year: int
    form: str
    title: str
    decision_number: str | None
    decision_date: date | None
    register_number: int | None
    status: str
    id: str = ""


@dataclass
class CandidateDetail:
    id: str
    name: str
    kind: str
    status: str
    unit_name: str
    facts: list[tuple[str, str]]  # (field key, value) in display order; keys labelled by UI
    summary: str
    history: list[HistoryLine] = field(default_factory=list)
    assessments: list[PastAssessment] = field(default_factory=list)
    activities: list[ActivityInfo] = field(default_factory=list)
    evidence: list[EvidenceInfo] = field(default_factory=list)
    awards: list[AwardLine] = field(default_factory=list)


def _code(session: Session, model: Any, row_id: str | None) -> str | None:
    return session.scalar(select(model.code).where(model.id == row_id)) if row_id else None


def _name(session: Session, model: Any, row_id: str | None) -> str:
    return (session.scalar(select(model.name).where(model.id == row_id)) or "") if row_id else ""


def candidate_input(session: Session, candidate_id: str) -> CandidateInput:
    """The stored candidate as the form edits it."""
    c = session.get(Candidate, candidate_id)
    if c is None or c.deleted:
        raise InputError(N_("This candidate no longer exists."))
    return CandidateInput(
        kind=c.kind, unit_code=c.unit_code, display_name=c.display_name, ho=c.ho or "",
        ten_dem=c.ten_dem or "", ten=c.ten or "", gender=c.gender, birth_year=c.birth_year,
        birth_date=c.birth_date, ethnicity=c.ethnicity, position=c.position or "",
        workplace=c.workplace or "", org_kind=c.org_kind or "", head_name=c.head_name or "",
        members_count=c.members_count, registration_no=c.registration_no or "",
        revenue=c.revenue, movement_code=_code(session, Movement, c.movement_id),
        model_type_code=_code(session, ModelType, c.model_type_id),
        lead_agency_code=_code(session, LeadAgency, c.lead_agency_id),
        phase_code=_code(session, Phase, c.phase_id), year=c.year, summary=c.summary,
        status=c.status, id=c.id)


def candidate_detail(session: Session, candidate_id: str) -> CandidateDetail:
    c = session.get(Candidate, candidate_id)
    if c is None or c.deleted:
        raise InputError(N_("This candidate no longer exists."))
    require_unit(session, c.unit_code)
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == c.unit_code))
    model = session.get(ModelType, c.model_type_id) if c.model_type_id else None
    birth = (c.birth_date.strftime("%d/%m/%Y") if c.birth_date
             else str(c.birth_year) if c.birth_year else "")
    facts = [
        # the short code the Excel files carry in their first column (issue 7 point 8)
        ("short_code", c.short_code or short_code_of(c.id)),
        ("unit", unit.full_name if unit else c.unit_code),
        ("model_type", f"{model.code} – {model.name}" if model else ""),
        ("movement", _name(session, Movement, c.movement_id)),
        ("lead_agency", _name(session, LeadAgency, c.lead_agency_id)),
        ("phase", _name(session, Phase, c.phase_id)),
        ("year", str(c.year or "")),
        ("birth", birth), ("gender", c.gender or ""), ("ethnicity", c.ethnicity or ""),
        ("position", c.position or ""), ("workplace", c.workplace or ""),
        ("org_kind", c.org_kind or ""), ("head_name", c.head_name or ""),
        ("members_count", str(c.members_count) if c.members_count is not None else ""),
        ("registration_no", c.registration_no or ""),
        ("revenue", f"{c.revenue:,}".replace(",", ".") if c.revenue is not None else ""),
    ]
    facts = [(k, v) for k, v in facts if v]
    awards = [AwardLine(a.year, a.form, a.title, d.number if d else None,
                        d.signed_on if d else None, a.register_number, a.status, a.id)
              for a, d in session.execute(
                  select(Award, Decision).outerjoin(Decision, Decision.id == Award.decision_id)
                  .where(Award.candidate_id == c.id, Award.deleted.is_(False))
                  .order_by(Award.year.desc()))]
    return CandidateDetail(
        id=c.id, name=c.display_name, kind=c.kind, status=c.status,
        unit_name=unit.full_name if unit else c.unit_code, facts=facts, summary=c.summary,
        history=[HistoryLine(h.changed_on, h.from_status, h.to_status, h.user_name, h.reason)
                 for h in history(session, c.id)],
        assessments=assessment_history(session, c.id),
        activities=activities_for(session, c.id),
        evidence=list_evidence(session, c.id), awards=awards)
