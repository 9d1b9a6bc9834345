"""The figures of an interim (sơ kết) or final (tổng kết) review for one unit, and the
paragraphs the user edited for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    Award,
    Candidate,
    CandidateDates,
    Decision,
    ModelType,
    ReportText,
    UnitLevel,
    VillageScore,
)
from app.services.access import require_unit
from app.services.awards import AwardStatus, UnitLines
from app.services.labels import AWARD_FORM_LABELS, label
from app.services.plan import (
    _within,
    judges_province_targets,
    review_window,
    targets_report,
)
from app.services.units import ancestor_among, in_scope, parent_map

PERIODS = {"so_ket": (2021, 2023), "tong_ket": (2021, 2025)}


@dataclass
class ReviewFigures:
    unit_code: str
    unit_name: str          # "Xã Ia Kha"
    unit_in_text: str       # "xã Ia Kha", as written inside a sentence
    place: str              # "Ia Kha": the place in the date line of its documents
    authority_name: str     # "ỦY BAN NHÂN DÂN XÃ IA KHA"
    kind: str
    period: tuple[int, int]
    cutoff: date | None = None
    judges_province_targets: bool = True
    examples_by_model_type: list[tuple[str, int, int]] = field(default_factory=list)
    examples_by_unit: list[tuple[str, int, int]] = field(default_factory=list)
    # targets_report rows (per kind, judged only against the minimums that are the unit's)
    targets: list[dict[str, Any]] = field(default_factory=list)
    awards_by_form: list[tuple[str, int]] = field(default_factory=list)
    villages_by_year: list[tuple[int, int, int]] = field(default_factory=list)
    named_examples: list[tuple[str, str, str]] = field(default_factory=list)
    proposed: list[tuple[str, str, str, str]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


def authority_of(unit: AdminUnit) -> str:
    """"ỦY BAN NHÂN DÂN XÃ IA KHA" for the people's committee of a unit."""
    return f"ỦY BAN NHÂN DÂN {unit.full_name}".upper()


def authority_places(session: Session) -> dict[str, str]:
    """Each people's committee's name → the place in its documents' date line
    ("ỦY BAN NHÂN DÂN XÃ IA DÊR" → "Ia Dêr"; the province → "Gia Lai"); a unit in force
    wins over a retired one of the same name."""
    units = session.scalars(select(AdminUnit).where(
        AdminUnit.deleted.is_(False), AdminUnit.level != UnitLevel.VILLAGE)
        .order_by(AdminUnit.valid_to.is_(None))).all()
    return {authority_of(u): place_of(u) for u in units}


def _unit_names(session: Session) -> Any:
    """A unit as a review's table names it: a village with its commune ("Tổ dân phố 1,
    xã Ia Sao"), never a bare "1"; a commune or district by its full name."""
    units = {code: (f"{unit_type} {name}".strip(), parent, level)
             for code, unit_type, name, parent, level in session.execute(
                 select(AdminUnit.code, AdminUnit.unit_type, AdminUnit.name,
                        AdminUnit.parent_code, AdminUnit.level))}

    def name_of(code: str) -> str:
        full, parent, level = units.get(code, (code, None, ""))
        if level == UnitLevel.VILLAGE and parent in units:
            above = units[parent][0]
            return f"{full}, {above[:1].lower()}{above[1:]}"
        return full

    return name_of


def place_of(unit: AdminUnit) -> str:
    """The place in the date line of a unit's documents: "Gia Lai" for the province,
    "Ia Dêr" for the commune of Ia Dêr."""
    return unit.name


def review_figures(session: Session, unit_code: str, kind: str) -> ReviewFigures:
    """The figures of a review as they stood at its cut-off: registrations and
    recognitions dated in the review's window (status history), awards decided in it
    (decision dates), proposals made for its years, over the unit's scope."""
    if kind not in PERIODS:
        raise InputError(N_("Unknown report \"{kind}\" (so-ket or tong-ket)."), kind=kind)
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == unit_code))
    if unit is None:
        raise InputError(N_("There is no administrative unit with code {code}. "
                            "See the list with: dhtt list units"), code=unit_code)
    if unit.level == UnitLevel.VILLAGE:
        raise InputError(N_("Reviews are written by communes, districts and the province, "
                            "not by villages."))
    require_unit(session, unit.code)
    year_from, year_to = PERIODS[kind]
    window = review_window(session, kind)
    c = Candidate
    in_text = f"{unit.unit_type.lower()} {unit.name}".strip()
    f = ReviewFigures(unit.code, unit.full_name, in_text, place_of(unit), authority_of(unit),
                      kind, (year_from, year_to), window.cutoff,
                      judges_province_targets(session, unit.code))

    # Registrations and recognitions dated in the window, grouped in SQL over the dates
    # kept with the register (candidate_dates: each live candidate's first registration
    # and recognition, the same dates plan.dated_candidates reads from the history).
    d = CandidateDates
    scoped = in_scope(d.unit_code, unit.code)
    registered = func.sum(case((_within(d.registered_on, window), 1), else_=0))
    recognised = func.sum(case((_within(d.recognised_on, window), 1), else_=0))
    counted = (_within(d.registered_on, window) | _within(d.recognised_on, window))

    def grouped(column: Any) -> dict[str | None, list[int]]:
        return {key or None: [int(r), int(n)] for key, r, n in session.execute(
            select(column, registered, recognised).where(scoped, counted).group_by(column))}

    by_model = grouped(d.model_type_id)
    by_unit = grouped(d.unit_code)
    f.examples_by_model_type = [
        (f"{mt.code} – {mt.name}", by_model[mt.id][0], by_model[mt.id][1])
        for mt in session.scalars(
            select(ModelType).where(ModelType.id.in_([k for k in by_model if k]))
            .order_by(ModelType.sort_order))]

    # Below the unit: its children (districts, communes), each with everything under it.
    parents = parent_map(session)
    successors = dict(session.execute(select(AdminUnit.code, AdminUnit.successor_code)
                                      .where(AdminUnit.successor_code.is_not(None))).all())
    children = {u.code: u.full_name for u in session.scalars(
        select(AdminUnit).where(AdminUnit.parent_code == unit.code,
                                AdminUnit.level != UnitLevel.VILLAGE)
        .order_by(AdminUnit.sort_key))}
    per_child: dict[str, list[int]] = {code: [0, 0] for code in children}
    for unit_code_, (reg, rec) in by_unit.items():
        code = ancestor_among(parents, unit_code_, per_child)
        if code is None and unit_code_ in successors:
            code = ancestor_among(parents, successors[unit_code_], per_child)
        if code is not None:
            per_child[code][0] += reg
            per_child[code][1] += rec
    f.examples_by_unit = [(children[code], reg, rec) for code, (reg, rec) in per_child.items()
                          if reg or rec]

    f.targets = targets_report(session, unit_code=unit.code, window=window)

    decided_in_window = _within(Decision.signed_on, window)
    f.awards_by_form = [
        (label(AWARD_FORM_LABELS, form), n) for form, n in session.execute(
            select(Award.form, func.count())
            .join(Candidate, Candidate.id == Award.candidate_id)
            .join(Decision, Decision.id == Award.decision_id)
            .where(Award.deleted.is_(False), Award.status == AwardStatus.DECIDED,
                   in_scope(Candidate.unit_code, unit.code), decided_in_window)
            .group_by(Award.form).order_by(Award.form))]

    village = aliased(AdminUnit)
    villages = select(village.code).where(village.level == UnitLevel.VILLAGE,
                                          in_scope(village.code, unit.code))
    f.villages_by_year = [
        (year, int(total), int(passed or 0)) for year, total, passed in session.execute(
            select(VillageScore.year, func.count(),
                   func.sum(case((VillageScore.passed.is_(True), 1), else_=0)))
            .where(VillageScore.deleted.is_(False), VillageScore.village_code.in_(villages),
                   VillageScore.year >= year_from, VillageScore.year <= year_to)
            .group_by(VillageScore.year).order_by(VillageScore.year))]

    where = _unit_names(session)
    latest = session.execute(
        select(d.candidate_id, d.unit_code, d.model_type_id)
        .where(scoped, _within(d.recognised_on, window))
        .order_by(d.recognised_on.desc(), d.candidate_id).limit(12)).all()
    models = dict(session.execute(select(ModelType.id, ModelType.code)).all())
    names = dict(session.execute(select(c.id, c.display_name).where(
        c.id.in_([r.candidate_id for r in latest]))).all())
    f.named_examples = [(names[r.candidate_id], where(r.unit_code),
                         models.get(r.model_type_id or "", "")) for r in latest]
    f.named_examples.sort(key=lambda row: text.sort_key(row[0]))

    unit_line = UnitLines(session)
    f.proposed = [
        (a.recipient_name, a.recipient_unit or unit_line(candidate_unit),
         label(AWARD_FORM_LABELS, a.form), a.achievement)
        for a, candidate_unit in session.execute(
            select(Award, Candidate.unit_code)
            .join(Candidate, Candidate.id == Award.candidate_id)
            .where(Award.deleted.is_(False), Award.status == AwardStatus.PROPOSED,
                   in_scope(Candidate.unit_code, unit.code),
                   Award.year >= year_from, Award.year <= year_to)
            # Ties (a household and a person of the same name) in the order the scan of
            # the scope's candidates gave them before the awards were found by their own
            # index (migration 0010): by unit, then by when they were entered.
            .order_by(Candidate.sort_key, Candidate.unit_code, literal_column("candidates.rowid"),
                      literal_column("awards.rowid")).limit(500))]
    f.texts = saved_texts(session, unit.code, kind)
    return f


def saved_texts(session: Session, unit_code: str, kind: str) -> dict[str, str]:
    return {r.section: r.text for r in session.scalars(select(ReportText).where(
        ReportText.unit_code == unit_code, ReportText.report_kind == kind,
        ReportText.deleted.is_(False))) if r.text}


def save_texts(session: Session, unit_code: str, kind: str, texts: dict[str, Any]) -> None:
    """Keep the paragraphs the user edited; an emptied paragraph goes back to the draft."""
    existing = {r.section: r for r in session.scalars(select(ReportText).where(
        ReportText.unit_code == unit_code, ReportText.report_kind == kind))}
    for section, value in texts.items():
        cleaned = text.clean_multiline(value)
        row = existing.get(section)
        if row is None:
            if cleaned:
                session.add(ReportText(unit_code=unit_code, report_kind=kind, section=section,
                                       text=cleaned, owner_unit_code=unit_code))
        else:
            row.text = cleaned
            row.deleted = not cleaned
