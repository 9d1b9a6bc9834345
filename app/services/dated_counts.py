"""Registered and recognised candidates in a window, from the dated counts
(:mod:`app.models.dated_counts`) instead of every candidate's history.

A window [start, cutoff] is cut into its whole months, summed from ``dated_totals`` (the
whole register) or ``dated_counts`` (a unit's scope, or per unit), and the days at its
ends, counted from ``candidate_dates`` by its date indexes. The figures are those of
:func:`app.services.plan.dated_candidates` counted by hand (a test compares them).
"""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

Key = tuple[str | None, str | None, str, str | None]

Scope = frozenset[str]


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def split(start: date | None, cutoff: date | None
          ) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """(first and last whole month, or None when there is none; the day ranges outside
    them), every bound inclusive and as stored (``YYYY-MM`` and ``YYYY-MM-DD``)."""
    if start is not None and cutoff is not None and start > cutoff:
        return None, []
    days: list[tuple[date, date]] = []
    if start is None:
        low = "0000-00"
    elif start.day == 1:
        low = _month(start)
    else:
        end = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        days.append((start, min(end, cutoff) if cutoff else end))
        following = end + timedelta(days=1)
        low = _month(following)
        if cutoff is not None and following > cutoff:
            return None, [(a.isoformat(), b.isoformat()) for a, b in days]
    if cutoff is None:
        high = "9999-99"
    else:
        last = calendar.monthrange(cutoff.year, cutoff.month)[1]
        if cutoff.day == last:
            high = _month(cutoff)
        else:
            begin = date(cutoff.year, cutoff.month, 1)
            if start is not None:
                begin = max(begin, start)
            if not days or days[-1][1] < begin:
                days.append((begin, cutoff))
            previous = date(cutoff.year, cutoff.month, 1) - timedelta(days=1)
            high = _month(previous)
    months = (low, high) if low <= high else None
    return months, [(a.isoformat(), b.isoformat()) for a, b in days]


# The unit tree of the last few files read, until its units change (a few thousand rows;
# every count of a scope walks it).
_TREES: dict[tuple[Any, ...], UnitTree] = {}


class UnitTree:
    """Every unit's parent and successor, its children and the units it succeeded."""

    def __init__(self, rows: list[tuple[str, str | None, str | None]]) -> None:
        self.parents = {code: parent for code, parent, _s in rows}
        self.successors = {code: successor for code, _p, successor in rows if successor}
        self.below: dict[str, list[str]] = {}
        for code, parent, successor in rows:
            for up in (parent, successor):
                if up is not None:
                    self.below.setdefault(up, []).append(code)
        self.scopes: dict[str, Scope] = {}


def unit_tree(session: Session) -> UnitTree:
    """The unit tree, read again only when a unit is added, changed or deleted."""
    conn = session.connection()
    state = tuple(conn.exec_driver_sql(
        "SELECT count(*), max(change_seq), max(updated_at) FROM admin_units").one())
    key = (str(conn.engine.url), state)
    tree = _TREES.get(key)
    if tree is None:
        tree = UnitTree([tuple(r) for r in conn.exec_driver_sql(
            "SELECT code, parent_code, successor_code FROM admin_units")])
        if len(_TREES) >= 4:
            _TREES.pop(next(iter(_TREES)))
        _TREES[key] = tree
    return tree


def scope_of(session: Session, unit_code: str) -> Scope:
    """``unit_code`` and every unit it answers for, as :func:`app.services.units.scope_codes`
    (below it, and the retired units it succeeded, with what is below them), walked here
    from the unit tree: the recursive query joins on ``parent_code OR successor_code``
    and took 0.4 s on a province."""
    tree = unit_tree(session)
    found = tree.scopes.get(unit_code)
    if found is not None:
        return found
    scope, todo = {unit_code}, [unit_code]
    while todo:
        for code in tree.below.get(todo.pop(), ()):
            if code not in scope:
                scope.add(code)
                todo.append(code)
    tree.scopes[unit_code] = frozenset(scope)
    return tree.scopes[unit_code]


def _unit_sizes(session: Session) -> dict[str, int]:
    return dict(session.connection().exec_driver_sql(
        "SELECT unit_code, n FROM dated_units WHERE n > 0").all())


def covers_register(session: Session, scope: Scope) -> bool:
    """Whether ``scope`` holds every unit with counted candidates."""
    return all(code in scope for code in _unit_sizes(session))


def kind_counts(session: Session, start: date | None, cutoff: date | None,
                unit_code: str | None = None, by_unit: bool = False,
                target: tuple[str, str] | None = None) -> dict[Key, tuple[int, int]]:
    """(registered, recognised) per (lead agency, movement, kind[, unit]) in the window,
    within ``unit_code``'s scope (None: the whole register), of one (lead agency,
    movement) when ``target`` is given. Candidates without a lead agency are not counted.

    A scope holding most of the register (a former province, whose communes became the
    new province's on 1/7/2025) is counted as the whole register less the units outside
    it; a target's counts per unit are read whole and kept to the scope here; a small
    scope reads its own units."""
    if unit_code is None:
        return _counts(session, start, cutoff, None, by_unit, target)
    scope = scope_of(session, unit_code)
    sizes = _unit_sizes(session)
    outside = [u for u in sizes if u not in scope]
    if not outside:
        return _counts(session, start, cutoff, None, by_unit, target)
    inside = [u for u in sizes if u in scope]
    if by_unit and target is not None:
        return {k: v for k, v in _counts(session, start, cutoff, None, True, target).items()
                if k[3] in scope}
    if not by_unit and sum(sizes[u] for u in outside) < sum(sizes[u] for u in inside):
        whole = _counts(session, start, cutoff, None, False, target)
        for key, (reg, rec) in _counts(session, start, cutoff, outside, False,
                                       target).items():
            left = whole[key][0] - reg, whole[key][1] - rec
            if left == (0, 0):
                del whole[key]
            else:
                whole[key] = left
        return whole
    return _counts(session, start, cutoff, inside, by_unit, target)


def _counts(session: Session, start: date | None, cutoff: date | None,
            units: list[str] | None, by_unit: bool,
            target: tuple[str, str] | None) -> dict[Key, tuple[int, int]]:
    """The counts of ``units`` (None: every unit)."""
    months, days = split(start, cutoff)
    params: dict[str, Any] = {}
    conditions = ["lead_agency_id != ''"]
    if target is not None:
        conditions.append("lead_agency_id = :agency AND movement_id = :movement")
        params["agency"], params["movement"] = target
    if units is not None:
        conditions.append("unit_code IN (SELECT value FROM json_each(:units))")
        params["units"] = json.dumps(sorted(units))
    unit_column = "unit_code" if by_unit else "''"
    where = " AND ".join(conditions)
    parts = []
    if months is not None:
        params["low"], params["high"] = months
        table = "dated_totals" if units is None and not by_unit else "dated_counts"
        parts.append(f"SELECT lead_agency_id, movement_id, kind, {unit_column}, event, "
                     f"sum(n) FROM {table} WHERE event IN (0, 1) AND month BETWEEN :low "
                     f"AND :high AND {where} GROUP BY 1, 2, 3, 4, 5")
    for i, (first, last) in enumerate(days):
        params[f"d{i}a"], params[f"d{i}b"] = first, last
        for code, column in ((0, "registered_on"), (1, "recognised_on")):
            parts.append(f"SELECT lead_agency_id, movement_id, kind, {unit_column}, {code}, "
                         f"count(*) FROM candidate_dates WHERE {column} BETWEEN :d{i}a "
                         f"AND :d{i}b AND {where} GROUP BY 1, 2, 3, 4")
    counts: dict[Key, list[int]] = {}
    if not parts:
        return {}
    raw = session.connection().connection.driver_connection
    assert raw is not None
    for agency, movement, kind, unit, event, n in raw.execute(" UNION ALL ".join(parts),
                                                              params):
        if not n:
            continue
        pair = counts.setdefault((agency, movement or None, kind, unit or None), [0, 0])
        pair[event] += int(n)
    return {key: (reg, rec) for key, (reg, rec) in counts.items() if reg or rec}
