"""Registering candidates: normalised storage, validation and duplicate warnings."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    Candidate,
    CandidateKind,
    LeadAgency,
    ModelType,
    Movement,
    Phase,
    Status,
    StatusChange,
    SubjectGroup,
)
from app.models.base import new_uuid
from app.services.access import require_unit
from app.services.labels import ETHNIC_ALIASES, ETHNIC_GROUPS

PEOPLE = (CandidateKind.INDIVIDUAL,)


@dataclass
class CandidateInput:
    """What the form or an Excel row gives for one candidate (codes, not ids)."""

    kind: str
    unit_code: str
    display_name: str = ""
    ho: str = ""
    ten_dem: str = ""
    ten: str = ""
    gender: str | None = None
    birth_year: int | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    position: str = ""
    workplace: str = ""
    org_kind: str = ""
    head_name: str = ""
    members_count: int | None = None
    registration_no: str = ""
    revenue: int | None = None
    movement_code: str | None = None
    model_type_code: str | None = None
    lead_agency_code: str | None = None
    phase_code: str | None = None
    year: int | None = None
    summary: str = ""
    status: str = Status.DISCOVERED
    id: str | None = None  # set when editing


@dataclass
class SaveResult:
    """The saved candidate and the warnings shown before saving."""

    candidate_id: str
    created: bool
    duplicates: list[str] = field(default_factory=list)


@functools.cache
def _folded_groups() -> dict[str, str]:
    return {text.fold(name): name for name in ETHNIC_GROUPS}


def normalise_ethnicity(value: str | None) -> str | None:
    """The official name of an ethnic group ("Jrai" → "Gia Rai"); InputError if unknown."""
    value = text.clean(value)
    if not value:
        return None
    folded = text.fold(value)
    name = _folded_groups().get(folded)
    if name:
        return name
    alias = ETHNIC_ALIASES.get(folded.replace(" ", ""))
    if alias:
        return alias
    raise InputError(N_("\"{value}\" is not one of the 54 official ethnic groups."), value=value)


def _people_names(data: CandidateInput) -> tuple[str, str, str, str]:
    ho, dem, ten = text.clean(data.ho), text.clean(data.ten_dem), text.clean(data.ten)
    display = text.clean(data.display_name)
    if not (ho or ten) and display:
        ho, dem, ten = text.split_person_name(display)
    if not display:
        display = " ".join(p for p in (ho, dem, ten) if p)
    return ho, dem, ten, display


def _cached(session: Session, key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
    """Reference lookups repeated for every row of an import, asked once per session."""
    cache = session.info.setdefault("dhtt_lookups", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _lookup(session: Session, model: Any, code: str | None, message: str) -> str | None:
    if not code:
        return None
    row_id = _cached(session, (model.__name__, code),
                     lambda: session.scalar(select(model.id).where(model.code == code)))
    if row_id is None:
        raise InputError(message, code=code)
    return row_id


def _phase_of_year(session: Session, year: int | None) -> str | None:
    """The phase a year falls in, when the form or the Excel row gives none."""
    if not year:
        return None
    return _cached(session, ("phase_of_year", year), lambda: session.scalar(
        select(Phase.id).where(func.extract("year", Phase.start_date) <= year,
                               func.extract("year", Phase.end_date) >= year)
        .order_by(Phase.start_date.desc()).limit(1)))


def validate(session: Session, data: CandidateInput) -> dict[str, object]:
    """Check ``data`` and return the column values to store."""
    if data.kind not in CandidateKind.ALL:
        raise InputError(N_("Unknown kind of candidate \"{kind}\"."), kind=data.kind)
    unit_code = text.clean(data.unit_code)
    unit = _cached(session, ("AdminUnit", unit_code), lambda: session.scalar(
        select(AdminUnit).where(AdminUnit.code == unit_code)))
    if unit is None:
        raise InputError(N_("There is no administrative unit with code {code}."),
                         code=data.unit_code)
    values: dict[str, object] = {"kind": data.kind, "unit_code": unit.code}
    if data.kind in PEOPLE:
        ho, dem, ten, display = _people_names(data)
        if not ten:
            raise InputError(N_("Write the person's given name (tên)."))
        values.update(ho=ho or None, ten_dem=dem or None, ten=ten, display_name=display,
                      sort_key=text.person_sort_key(ho, dem, ten))
    else:
        display = text.clean(data.display_name)
        if not display:
            raise InputError(N_("Write the name of the collective, household or cooperative."))
        values.update(display_name=display, sort_key=text.sort_key(display))
        if data.kind == CandidateKind.HOUSEHOLD and text.clean(data.head_name):
            h, d, t = text.split_person_name(data.head_name)
            values["sort_key"] = text.person_sort_key(h, d, t)
    for number in (data.members_count, data.revenue, data.birth_year):
        if number is not None and number < 0:
            raise InputError(N_("Members, revenue and birth year cannot be negative "
                                "(found {value})."), value=number)
    if data.birth_date and data.birth_year and data.birth_date.year != data.birth_year:
        raise InputError(N_("The birth date and the birth year do not agree."))
    if data.gender not in (None, "", "nam", "nu"):
        raise InputError(N_("Gender must be nam or nu."))
    model_type_id = _lookup(session, ModelType, data.model_type_code,
                            N_("There is no model type {code}."))
    if model_type_id:
        group = _cached(session, ("ModelType.subject_group", model_type_id),
                        lambda: session.scalar(select(ModelType.subject_group)
                                               .where(ModelType.id == model_type_id)))
        wanted = SubjectGroup.INDIVIDUAL if data.kind in PEOPLE else SubjectGroup.COLLECTIVE
        if group != wanted:
            raise InputError(N_("Model type {code} is not for this kind of candidate."),
                             code=data.model_type_code)
    movement_id = _lookup(session, Movement, data.movement_code, N_("There is no movement {code}."))
    agency_id = _lookup(session, LeadAgency, data.lead_agency_code,
                        N_("There is no lead agency {code}."))
    if agency_id is None and movement_id:
        agency_id = _cached(session, ("Movement.lead_agency_id", movement_id),
                            lambda: session.scalar(select(Movement.lead_agency_id)
                                                   .where(Movement.id == movement_id)))
    names = " ".join(str(v) for v in (values["display_name"], data.head_name) if v)
    values.update(
        gender=data.gender or None,
        birth_year=data.birth_year or (data.birth_date.year if data.birth_date else None),
        birth_date=data.birth_date, ethnicity=normalise_ethnicity(data.ethnicity),
        position=text.clean_optional(data.position), workplace=text.clean_optional(data.workplace),
        org_kind=text.clean_optional(data.org_kind), head_name=text.clean_optional(data.head_name),
        members_count=data.members_count, registration_no=text.clean_optional(data.registration_no),
        revenue=data.revenue, model_type_id=model_type_id, movement_id=movement_id,
        lead_agency_id=agency_id,
        phase_id=(_lookup(session, Phase, data.phase_code, N_("There is no phase {code}."))
                  or _phase_of_year(session, data.year)),
        year=data.year, summary=text.clean(data.summary), name_search=text.fold(names),
        owner_unit_code=unit.code,
    )
    return values


def find_duplicates(session: Session, values: dict[str, object],
                    exclude_id: str | None = None) -> list[Candidate]:
    """Candidates that seem to be the same person or collective already registered."""
    conditions = [Candidate.deleted.is_(False), Candidate.unit_code == values["unit_code"],
                  Candidate.name_search == values["name_search"]]
    if values["kind"] in PEOPLE and values.get("birth_year"):
        conditions.append(Candidate.birth_year == values["birth_year"])
    if exclude_id:
        conditions.append(Candidate.id != exclude_id)
    return list(session.scalars(select(Candidate).where(and_(*conditions))))


@dataclass
class RegisteredKeys:
    """What the duplicate rule of :func:`find_duplicates` compares, for many names at once:
    the check of a whole import in a few queries instead of one per row."""

    with_birth_year: set[tuple[str, str, int | None]] = field(default_factory=set)
    names: set[tuple[str, str]] = field(default_factory=set)

    def add(self, values: dict[str, Any]) -> None:
        self.with_birth_year.add((values["name_search"], values["unit_code"],
                                  values.get("birth_year")))
        self.names.add((values["name_search"], values["unit_code"]))

    def __contains__(self, values: dict[str, Any]) -> bool:
        if values["kind"] in PEOPLE and values.get("birth_year"):
            return (values["name_search"], values["unit_code"],
                    values["birth_year"]) in self.with_birth_year
        return (values["name_search"], values["unit_code"]) in self.names


def registered_keys(session: Session, names: Iterable[str]) -> RegisteredKeys:
    """The keys of every registered candidate whose folded name is one of ``names``."""
    wanted = list(set(names))
    keys = RegisteredKeys()
    for start in range(0, len(wanted), 500):
        for name, unit, birth_year in session.execute(
                select(Candidate.name_search, Candidate.unit_code, Candidate.birth_year)
                .where(Candidate.deleted.is_(False),
                       Candidate.name_search.in_(wanted[start:start + 500]))):
            keys.with_birth_year.add((name, unit, birth_year))
            keys.names.add((name, unit))
    return keys


def save_candidate(session: Session, data: CandidateInput, *, user: str = "",
                   allow_duplicate: bool = False, on: date | None = None,
                   flush: bool = True) -> SaveResult:
    """Create or update a candidate. Raises DuplicateWarning unless ``allow_duplicate``.
    ``flush=False`` leaves the rows pending, for imports that write thousands at once."""
    return save_validated(session, data, validate(session, data), user=user,
                          allow_duplicate=allow_duplicate, on=on, flush=flush)


def save_validated(session: Session, data: CandidateInput, values: dict[str, object], *,
                   user: str = "", allow_duplicate: bool = False, on: date | None = None,
                   flush: bool = True) -> SaveResult:
    """:func:`save_candidate` with ``values`` from :func:`validate` already (an import
    checks each row once, in its preview); the account's scope is checked here."""
    require_unit(session, str(values["unit_code"]), write=True)
    # A bulk import (flush=False) checked duplicates in its preview already.
    duplicates = (find_duplicates(session, values, exclude_id=data.id)
                  if flush or not allow_duplicate else [])
    if duplicates and not allow_duplicate:
        raise DuplicateWarning([d.display_name for d in duplicates])
    if data.id:
        candidate = session.get(Candidate, data.id)
        if candidate is None or candidate.deleted:
            raise InputError(N_("This candidate no longer exists."))
        require_unit(session, candidate.unit_code, write=True)
        for key, value in values.items():
            setattr(candidate, key, value)
        created = False
    else:
        # The id is made here, not at flush, so an import of thousands of rows is
        # written in one batch at the end instead of a round trip per row.
        candidate = Candidate(id=new_uuid(), status=data.status or Status.DISCOVERED, **values)
        candidate.status_date = on or date.today()
        session.add(candidate)
        session.add(StatusChange(candidate_id=candidate.id, from_status=None,
                                 to_status=candidate.status, changed_on=candidate.status_date,
                                 user_name=text.clean(user), reason="",
                                 owner_unit_code=candidate.owner_unit_code))
        created = True
    if flush:
        session.flush()
    return SaveResult(candidate.id, created, [d.display_name for d in duplicates])


class DuplicateWarning(InputError):
    """The candidate seems registered already; the user may save anyway."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(N_("This seems to be registered already: {names}. Save anyway?"),
                         names=", ".join(names))
        self.names = names
