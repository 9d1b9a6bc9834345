"""Reference data seeded when a database is created: the plan and the administrative units.

Seeded rows get stable UUIDs derived from their codes, so the same plan seeded in two
offices has the same keys and sync packages between them merge instead of duplicating.
Seeding is idempotent: running it again adds nothing twice.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    CriteriaSet,
    Criterion,
    LeadAgency,
    Milestone,
    ModelType,
    Movement,
    Phase,
    Setting,
    Target,
    UnitLevel,
)
from app.models.criteria_revisions import add_criteria_revisions
from app.paths import resources_dir

_NAMESPACE = uuid.UUID("6f1c8e0a-3b1e-4f55-9d1c-5a0d7e4b2c11")
PLAN_FILE = "plan/ke_hoach_2021_2025.json"
UNITS_FILE = "units/gia_lai.csv"


def stable_id(kind: str, code: str) -> str:
    """The UUID every office gives the seeded row ``kind``/``code``."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{code}"))


@dataclass
class SeedResult:
    """How many rows seeding added (0 everywhere on a second run)."""

    added: int = 0
    units: int = 0


def _get_or_add(session: Session, cls: type, row_id: str, result: SeedResult, **values: object):
    row = session.get(cls, row_id)
    if row is None:
        row = cls(id=row_id, **values)
        session.add(row)
        result.added += 1
    return row


def seed_plan(session: Session, result: SeedResult | None = None) -> SeedResult:
    """Seed agencies, movements, phases, milestones, model types, criteria and targets."""
    result = result or SeedResult()
    data = json.loads((resources_dir() / PLAN_FILE).read_text(encoding="utf-8"))
    valid_from = date.fromisoformat(data["valid_from"])

    agencies: dict[str, LeadAgency] = {}
    for i, a in enumerate(data["agencies"]):
        agencies[a["code"]] = _get_or_add(
            session, LeadAgency, stable_id("agency", a["code"]), result,
            code=a["code"], name=text.clean(a["name"]), short_name=text.clean(a["short"]),
            sort_order=i,
        )
    movements: dict[str, Movement] = {}
    for i, m in enumerate(data["movements"]):
        movements[m["code"]] = _get_or_add(
            session, Movement, stable_id("movement", m["code"]), result,
            code=m["code"], name=text.clean(m["name"]), sort_order=i,
            lead_agency_id=stable_id("agency", m["agency"]) if m["agency"] else None,
        )
    for p in data["phases"]:
        phase = _get_or_add(
            session, Phase, stable_id("phase", p["code"]), result,
            code=p["code"], name=text.clean(p["name"]),
            start_date=date.fromisoformat(p["start"]), end_date=date.fromisoformat(p["end"]),
        )
        for ms in p["milestones"]:
            _get_or_add(
                session, Milestone, stable_id("milestone", ms["code"]), result,
                code=ms["code"], phase_id=phase.id, name=text.clean(ms["name"]),
                kind=ms["kind"], due_year=ms["year"],
                due_date=date.fromisoformat(ms["due"]) if ms["due"] else None,
            )
    for i, mt in enumerate(data["model_types"]):
        model_type = _get_or_add(
            session, ModelType, stable_id("model_type", mt["code"]), result,
            code=mt["code"], section=mt["section"], name=text.clean(mt["name"]),
            subject_group=mt["group"], sort_order=i,
            movement_id=stable_id("movement", mt["movement"]) if mt["movement"] else None,
        )
        set_id = stable_id("criteria_set", f"{mt['code']}:plan:1")
        if session.get(CriteriaSet, set_id) is None:
            cset = CriteriaSet(
                id=set_id, model_type_id=model_type.id, version=1, valid_from=valid_from,
                title=text.clean(f"{mt['code']}. {mt['name']}"), source="plan",
                min_passed=mt.get("min_passed"),
            )
            session.add(cset)
            result.added += 1
            for pos, item in enumerate(mt["criteria"], start=1):
                entry = item if isinstance(item, dict) else {"text": item}
                cset.criteria.append(Criterion(
                    id=stable_id("criterion", f"{mt['code']}:plan:1:{pos}"),
                    position=pos, code=f"{mt['code']}.{pos}", text=text.clean(entry["text"]),
                    required=entry.get("required", True),
                ))
                result.added += 1
    for t in data["targets"]:
        _get_or_add(
            session, Target, stable_id("target", f"{t['agency']}:{t['movement']}"), result,
            lead_agency_id=agencies[t["agency"]].id, movement_id=movements[t["movement"]].id,
            phase_id=None,
            min_collectives=t.get("collectives", 0), min_individuals=t.get("individuals", 0),
            min_households=t.get("households", 0), min_cooperatives=t.get("cooperatives", 0),
            min_coop_groups=t.get("coop_groups", 0), min_examples=t.get("examples", 0),
            note=text.clean(t.get("note", "")),
        )
    session.flush()
    result.added += add_criteria_revisions(session.connection(), valid_from)
    return result


# --- administrative units --------------------------------------------------------------------

UNIT_COLUMNS = ("code", "name", "unit_type", "level", "parent_code")


@dataclass
class UnitRow:
    code: str
    name: str
    unit_type: str
    level: str
    parent_code: str | None
    valid_from: date | None = None
    valid_to: date | None = None
    successor_code: str | None = None
    official_code: str | None = None


def _parse_date(value: str | None, where: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(N_("{where}: the date \"{value}\" is not a date (use YYYY-MM-DD)."),
                         where=where, value=value) from exc


# A unit code as the official lists write them ("64", "622", "23557"); never something Excel
# would run ("=HYPERLINK(…)", "+1", "@SUM"), never text that is not a code.
UNIT_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,19}")


def read_unit_rows(path: Path) -> list[UnitRow]:
    """Read a unit list from CSV (UTF-8) or Excel (.xlsx); raise InputError on bad rows."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            raw = [[("" if c is None else str(c)) for c in r] for r in wb.active.iter_rows(values_only=True)]
            wb.close()
        else:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                raw = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise InputError(N_("Cannot read the unit list {path}: {error}. Save it as UTF-8 CSV "
                            "or Excel (.xlsx) and try again."), path=str(path), error=str(exc)) from exc
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(N_("Cannot read the unit list {path}: {error}. Save it as UTF-8 CSV "
                            "or Excel (.xlsx) and try again."), path=str(path), error=str(exc)) from exc
    if not raw:
        raise InputError(N_("The unit list {path} is empty."), path=str(path))
    header = [text.fold(h).replace(" ", "_") for h in raw[0]]
    missing = [c for c in UNIT_COLUMNS if c not in header]
    if missing:
        raise InputError(N_("The unit list {path} lacks the columns: {columns}."),
                         path=str(path), columns=", ".join(missing))
    idx = {name: header.index(name) for name in header}
    rows = []
    for n, r in enumerate(raw[1:], start=2):
        if not any(cell.strip() for cell in r):
            continue
        def get(col: str, r: list[str] = r) -> str:
            return text.clean(r[idx[col]]) if col in idx and idx[col] < len(r) else ""
        where = f"{path.name}, dòng {n}"
        level = get("level").lower()
        if level not in UnitLevel.ALL:
            raise InputError(N_("{where}: unknown level \"{value}\" (use province, district, "
                                "commune or village)."), where=where, value=level)
        if not get("code") or not get("name"):
            raise InputError(N_("{where}: every unit needs a code and a name."), where=where)
        for column in ("code", "parent_code", "successor_code"):
            if get(column) and not UNIT_CODE.fullmatch(get(column)):
                raise InputError(N_("{where}: \"{value}\" is not a unit code (letters, digits, "
                                    "dots and dashes, starting with a letter or a digit, at "
                                    "most 20)."), where=where, value=get(column))
        rows.append(UnitRow(
            code=get("code"), name=get("name"), unit_type=get("unit_type"), level=level,
            parent_code=get("parent_code") or None,
            valid_from=_parse_date(get("valid_from"), where),
            valid_to=_parse_date(get("valid_to"), where),
            successor_code=get("successor_code") or None,
        ))
    return rows


def load_units(session: Session, rows: list[UnitRow]) -> int:
    """Add the units not yet present (by code); return how many were added.

    Parents must exist already or come earlier in ``rows``; otherwise nothing is added.
    """
    existing = set(session.scalars(select(AdminUnit.code)))
    pre_reform = set(session.scalars(select(AdminUnit.code).where(
        (AdminUnit.valid_from.is_(None)) | (AdminUnit.valid_from < REFORM_DATE))))
    rows = _separate_reused_codes(rows, pre_reform)
    known = set(existing)
    for row in rows:
        if row.parent_code and row.parent_code not in known:
            raise InputError(N_("Unit {code} ({name}) names the parent unit {parent}, which is "
                                "not in the database or earlier in the list."),
                             code=row.code, name=row.name, parent=row.parent_code)
        known.add(row.code)
    added = 0
    for row in rows:
        if row.code in existing:
            continue
        session.add(AdminUnit(
            id=stable_id("unit", row.code), code=row.code, name=row.name,
            official_code=row.official_code or row.code,
            unit_type=row.unit_type, level=row.level, parent_code=row.parent_code,
            valid_from=row.valid_from, valid_to=row.valid_to, successor_code=row.successor_code,
            name_search=text.fold(f"{row.unit_type} {row.name}"), sort_key=text.sort_key(row.name),
            owner_unit_code=row.parent_code,
        ))
        existing.add(row.code)
        added += 1
    session.flush()
    return added


REFORM_DATE = date(2025, 7, 1)


def _separate_reused_codes(rows: list[UnitRow], pre_reform: set[str]) -> list[UnitRow]:
    """Give post-reform units whose official code an older unit still holds a key of their own.

    A new commune formed on 1/7/2025 often kept the code of one of the communes merged into
    it; the old unit stays (retired) so old records keep it, and the new one is keyed
    ``<code>-2025``. Parent and successor references are rewritten to match.
    """
    old_codes = set(pre_reform) | {r.code for r in rows
                                 if not (r.valid_from and r.valid_from >= REFORM_DATE)}
    renamed: dict[str, str] = {}
    for r in rows:
        if r.valid_from and r.valid_from >= REFORM_DATE and r.code in old_codes:
            renamed[r.code] = f"{r.code}-2025"
    if not renamed:
        return rows
    out = []
    for r in rows:
        new_era = bool(r.valid_from and r.valid_from >= REFORM_DATE)
        code = renamed.get(r.code, r.code) if new_era else r.code
        parent = renamed.get(r.parent_code, r.parent_code) if new_era and r.parent_code else r.parent_code
        successor = renamed.get(r.successor_code, r.successor_code) if r.successor_code else None
        out.append(UnitRow(code=code, name=r.name, unit_type=r.unit_type, level=r.level,
                           parent_code=parent, valid_from=r.valid_from, valid_to=r.valid_to,
                           successor_code=successor, official_code=r.code))
    return out


def seed_units(session: Session) -> int:
    """Load the official units of Gia Lai shipped with the program."""
    return load_units(session, read_unit_rows(resources_dir() / UNITS_FILE))


# --- the office this installation belongs to -------------------------------------------------

OFFICE_UNIT_KEY = "office_unit_code"


def office_unit_code(session: Session) -> str | None:
    row = session.get(Setting, OFFICE_UNIT_KEY)
    return row.value if row and row.value else None


def set_office_unit(session: Session, code: str) -> AdminUnit:
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == code))
    if unit is None:
        raise InputError(N_("There is no administrative unit with code {code}. "
                            "See the list with: dhtt list units"), code=code)
    row = session.get(Setting, OFFICE_UNIT_KEY)
    if row is None:
        session.add(Setting(key=OFFICE_UNIT_KEY, value=code))
    else:
        row.value = code
    return unit


def initialise(session: Session, office_code: str | None) -> SeedResult:
    """Seed the units and the plan, and record this office's unit (idempotent)."""
    result = SeedResult()
    result.units = seed_units(session)
    seed_plan(session, result)
    if office_code:
        set_office_unit(session, office_code)
    return result
