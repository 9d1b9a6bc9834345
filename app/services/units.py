"""The administrative tree as the program shows it."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.models import AdminUnit


@dataclass
class UnitNode:
    """A unit with its children, for tree views and filters."""

    code: str
    name: str
    unit_type: str
    level: str
    retired: bool
    children: list[UnitNode] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.unit_type} {self.name}".strip()


# The two-level structure (province → commune/ward) in force since 1/7/2025.
REFORM_DATE = date(2025, 7, 1)
STRUCTURE_2025 = "2025"             # tỉnh → xã, phường (since 1/7/2025)
STRUCTURE_BEFORE = "before_2025"    # tỉnh → huyện → xã (until 30/6/2025)


def structures(session: Session) -> dict[str, str]:
    """Each unit's structure: its own dates, or (villages) those of the unit above."""
    rows = {code: (parent, valid_from, valid_to) for code, parent, valid_from, valid_to in
            session.execute(select(AdminUnit.code, AdminUnit.parent_code,
                                   AdminUnit.valid_from, AdminUnit.valid_to))}
    out: dict[str, str] = {}

    def of(code: str | None, depth: int = 0) -> str:
        if code is None or code not in rows or depth > 8:
            return STRUCTURE_2025
        if code in out:
            return out[code]
        parent, valid_from, valid_to = rows[code]
        if valid_to is not None and valid_to < REFORM_DATE:
            found = STRUCTURE_BEFORE
        elif valid_from is not None and valid_from >= REFORM_DATE:
            found = STRUCTURE_2025
        else:
            found = of(parent, depth + 1)
        out[code] = found
        return found

    for code in rows:
        of(code)
    return out


def successor_in_force(session: Session, code: str) -> AdminUnit | None:
    """The unit in force that took over ``code`` (following successors); None when the
    unit is itself in force or was dissolved without one (the former districts)."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == code))
    seen: set[str] = set()
    while unit is not None and unit.valid_to is not None and unit.successor_code \
            and unit.code not in seen:
        seen.add(unit.code)
        unit = session.scalar(select(AdminUnit).where(AdminUnit.code == unit.successor_code))
    if unit is None or unit.code == code or unit.valid_to is not None:
        return None
    return unit


def list_units(session: Session, parent: str | None = None) -> list[dict[str, Any]]:
    """Units for ``list units``: the program's key (``code``), the official code, and the
    structure each belongs to (``2025``: tỉnh → xã; ``before_2025``: tỉnh → huyện → xã)."""
    stmt = select(AdminUnit).where(AdminUnit.deleted.is_(False))
    if parent:
        stmt = stmt.where(AdminUnit.parent_code == parent)
    stmt = stmt.order_by(AdminUnit.level, AdminUnit.sort_key)
    structure = structures(session)
    return [{"code": u.code, "official_code": u.official_code or u.code.split("-")[0],
             "name": u.name, "unit_type": u.unit_type, "level": u.level,
             "parent_code": u.parent_code, "structure": structure.get(u.code, STRUCTURE_2025),
             "in_force": u.valid_to is None,
             "valid_from": u.valid_from, "valid_to": u.valid_to,
             "successor_code": u.successor_code} for u in session.scalars(stmt)]


def unit_tree(session: Session, root_code: str | None = None,
              include_retired: bool = True) -> list[UnitNode]:
    """The units as a forest in Vietnamese order; below ``root_code`` when given."""
    rows = session.execute(
        select(AdminUnit.code, AdminUnit.name, AdminUnit.unit_type, AdminUnit.level,
               AdminUnit.parent_code, AdminUnit.valid_to)
        .where(AdminUnit.deleted.is_(False)).order_by(AdminUnit.sort_key)
    ).all()
    nodes = {r.code: UnitNode(r.code, r.name, r.unit_type, r.level, r.valid_to is not None)
             for r in rows if include_retired or r.valid_to is None}
    roots = []
    for r in rows:
        node = nodes.get(r.code)
        if node is None:
            continue
        parent = nodes.get(r.parent_code) if r.parent_code else None
        if parent is not None:
            parent.children.append(node)
        elif root_code is None:
            roots.append(node)
    if root_code is not None:
        return [nodes[root_code]] if root_code in nodes else []
    return roots


def unit_label(session: Session, code: str | None) -> str:
    if not code:
        return ""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == code))
    return unit.full_name if unit else code


def office_caption(session: Session, code: str) -> tuple[str, str]:
    """The office's name and its official code (never the internal key such as
    "23764-2025" that keeps a reused code apart from the unit it replaced)."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == code))
    if unit is None:
        return code, code
    return unit.full_name, unit.official_code or code


def parent_map(session: Session) -> dict[str, str | None]:
    """Every unit's parent, to climb the tree in Python (a few thousand rows)."""
    return {code: parent for code, parent in session.execute(
        select(AdminUnit.code, AdminUnit.parent_code))}


def ancestor_among(parents: dict[str, str | None], code: str | None,
                   wanted: Container[str]) -> str | None:
    """``code`` or the nearest unit above it that is in ``wanted`` (e.g. the district a
    village belongs to, when counting per district); None if none is."""
    while code is not None and code not in wanted:
        code = parents.get(code)
    return code


def scope_codes(unit_code: str) -> Any:
    """A recursive CTE of ``unit_code`` and every unit it answers for: the units below
    it and, for a unit of the structure in force, the retired units it succeeded (a
    commune formed on 1/7/2025 answers for the records of the communes merged into it),
    each with what is below them. Set-based, so a province's scope never becomes a list
    of thousands of codes in an ``IN``."""
    base = select(AdminUnit.code.label("code")).where(AdminUnit.code == unit_code)
    scope = base.cte("unit_scope", recursive=True)
    below = aliased(AdminUnit)
    scope = scope.union(
        select(below.code).where(
            (below.parent_code == scope.c.code) | (below.successor_code == scope.c.code)))
    return scope


def in_scope(column: Any, unit_code: str) -> Any:
    """``column IN (the scope of unit_code)``, for a where clause."""
    scope = scope_codes(unit_code)
    return column.in_(select(scope.c.code))
