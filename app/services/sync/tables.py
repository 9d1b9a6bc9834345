"""Which tables travel, who may change them, and how their values are written in a package.

Travelling tables are discovered from the ORM (every class with ``SyncMixin``), so tables
other parts of the program add travel too. Ownership is by table name: the level above
sets the plan, criteria, scoring schemes, targets, units, decisions and awards; every other
travelling table holds the records of the unit that owns them (candidates, assessments,
village scores, replication …), which the level above never overwrites silently.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from functools import cache

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
)

from app.models.base import VERSION_COLUMNS, Base, SyncMixin

# Tables whose rows the level above decides (changed by a commune only where the row is
# the commune's own, e.g. its own criteria set of plan III.2).
UPPER_TABLES = frozenset({
    "admin_units", "lead_agencies", "movements", "phases", "milestones", "model_types",
    "criteria_sets", "criteria", "targets", "decisions", "awards", "scoring_schemes",
    "scoring_criteria",
})
# Columns naming the unit a row belongs to, in the order they are asked.
UNIT_COLUMNS = ("owner_unit_code", "unit_code", "village_code")
LOCAL_COLUMNS = ("change_seq",)  # never travels: the position of a change in this file


@cache
def travelling_tables() -> dict[str, Table]:
    """Every table of a SyncMixin class, parents before children."""
    import app.models  # noqa: F401 - registers every table

    names = {m.local_table.name for m in Base.registry.mappers
             if issubclass(m.class_, SyncMixin) and isinstance(m.local_table, Table)}
    return {t.name: t for t in Base.metadata.sorted_tables if t.name in names}


def seeded_clause(table: Table):  # noqa: ANN201 - SQL clause
    """Rows seeded identically in every office (plan, units: version 1 of no installation,
    a name-derived UUID), which no package needs to carry."""
    from sqlalchemy import and_, func

    return and_(table.c.row_version == 1, table.c.version_site == "",
                func.substr(table.c.id, 15, 1) == "5")


def is_upper(table_name: str) -> bool:
    return table_name in UPPER_TABLES


def data_columns(table: Table) -> list[str]:
    """Columns a person compares (no version book-keeping, no timestamps)."""
    skip = {*VERSION_COLUMNS, "updated_at", "created_at", "id"}
    return [c.name for c in table.columns if c.name not in skip]


def travelling_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.name not in LOCAL_COLUMNS]


def row_unit(row) -> str | None:  # noqa: ANN001 - a dict or a RowMapping
    for name in UNIT_COLUMNS:
        value = row.get(name)
        if value:
            return str(value)
    return None


@cache
def _spec(table: Table) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """(travelling columns, columns holding dates or times, columns holding files)."""
    names = tuple(travelling_columns(table))
    timed = frozenset(c.name for c in table.columns if isinstance(c.type, Date | DateTime))
    binary = frozenset(c.name for c in table.columns if isinstance(c.type, LargeBinary))
    return names, timed, binary


def to_json(table: Table, row, files: dict[str, bytes], *,  # noqa: ANN001 - dict or RowMapping
            inline: bool = False) -> dict:
    """A database row as the JSON object of a package (binary content goes to ``files``;
    ``inline`` also keeps it in the object, for the conflict history)."""
    import hashlib

    names, timed, binary = _spec(table)
    out = {name: row.get(name) for name in names}
    for name in timed:
        value = out.get(name)
        if value is not None:
            out[name] = value.isoformat()
    for name in binary:
        value = out.get(name)
        if value is not None:
            content = bytes(value)
            digest = hashlib.sha256(content).hexdigest()
            files[digest] = content
            out[name] = {"file": digest, "b64": b64(content)} if inline else {"file": digest}
    return out


class BadValue(ValueError):
    """A value of a package row that does not fit its column."""


def _check_bool(name: str, value: object, files: dict[str, bytes]) -> object:
    if not isinstance(value, bool):
        raise BadValue(name)
    return value


def _check_int(name: str, value: object, files: dict[str, bytes]) -> object:
    if type(value) is not int or abs(value) > 2 ** 63:
        raise BadValue(name)
    return value


def _check_float(name: str, value: object, files: dict[str, bytes]) -> object:
    if type(value) not in (int, float):
        raise BadValue(name)
    return value


def _check_datetime(name: str, value: object, files: dict[str, bytes]) -> object:
    if not isinstance(value, str):
        raise BadValue(name)
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadValue(name) from exc


def _check_date(name: str, value: object, files: dict[str, bytes]) -> object:
    if not isinstance(value, str):
        raise BadValue(name)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadValue(name) from exc


def _check_file(name: str, value: object, files: dict[str, bytes]) -> object:
    digest = value.get("file") if isinstance(value, dict) else None
    if isinstance(value, dict) and isinstance(value.get("b64"), str) and digest not in files:
        try:
            files[str(digest)] = base64.b64decode(value["b64"], validate=True)
        except ValueError as exc:
            raise BadValue(name) from exc
    if not isinstance(digest, str) or digest not in files:
        raise BadValue(name)
    return files[digest]


def _string_check(length: int | None):  # noqa: ANN202
    limit = length * 4 if length else None

    def check(name: str, value: object, files: dict[str, bytes]) -> object:
        if not isinstance(value, str) or (limit is not None and len(value) > limit):
            raise BadValue(name)
        return value

    return check


def _checker(type_: object):  # noqa: ANN202
    if isinstance(type_, Boolean):
        return _check_bool
    if isinstance(type_, Integer):
        return _check_int
    if isinstance(type_, Float | Numeric):
        return _check_float
    if isinstance(type_, DateTime):
        return _check_datetime
    if isinstance(type_, Date):
        return _check_date
    if isinstance(type_, LargeBinary):
        return _check_file
    if isinstance(type_, String | Text):
        return _string_check(getattr(type_, "length", None))
    return None


@cache
def _checks(table: Table) -> tuple[dict, frozenset[str]]:
    """Per column (checker, nullable, required), and the names allowed in a row."""
    out = {}
    for c in table.columns:
        if c.name in LOCAL_COLUMNS:
            continue
        required = c.default is None and c.server_default is None and not c.nullable
        out[c.name] = (_checker(c.type), bool(c.nullable), required)
    return out, frozenset(out)


def from_json(table: Table, obj: object, files: dict[str, bytes]) -> dict:
    """A package row checked against the table's columns and turned into database values."""
    if not isinstance(obj, dict):
        raise BadValue("not an object")
    checks, allowed = _checks(table)
    if not allowed.issuperset(obj):
        raise BadValue(f"unknown column {sorted(set(obj) - allowed)[0]}")
    row_id = obj.get("id")
    if not isinstance(row_id, str) or not 0 < len(row_id) <= 36:
        raise BadValue("id")
    out: dict = {}
    for name, (check, nullable, required) in checks.items():
        if name not in obj:
            if required:
                raise BadValue(f"missing {name}")
            continue
        value = obj[name]
        if value is None:
            if not nullable:
                raise BadValue(f"{name} empty")
            out[name] = None
        elif check is None:
            raise BadValue(name)
        else:
            out[name] = check(name, value, files)
    return out


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
