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
_TREES: dict[tuple[Any, ...], dict[str, list[str]]] = {}


def _below(session: Session) -> dict[str, list[str]]:
    """Each unit's children and the retired units it succeeded."""
    conn = session.connection()
    state = tuple(conn.exec_driver_sql(
        "SELECT count(*), max(change_seq), max(updated_at) FROM admin_units").one())
    key = (str(conn.engine.url), state)
    below = _TREES.get(key)
    if below is None:
        below = {}
        for code, parent, successor in conn.exec_driver_sql(
                "SELECT code, parent_code, successor_code FROM admin_units"):
            for up in (parent, successor):
                if up is not None:
                    below.setdefault(up, []).append(code)
        if len(_TREES) >= 4:
            _TREES.pop(next(iter(_TREES)))
        _TREES[key] = below
    return below


def scope_of(session: Session, unit_code: str) -> Scope:
    """``unit_code`` and every unit it answers for, as :func:`app.services.units.scope_codes`
    (below it, and the retired units it succeeded, with what is below them), walked here
    from the unit tree: the recursive query joins on ``parent_code OR successor_code``
    and took 0.4 s on a province."""
    below = _below(session)
    scope, todo = {unit_code}, [unit_code]
    while todo:
        for code in below.get(todo.pop(), ()):
            if code not in scope:
                scope.add(code)
                todo.append(code)
    return frozenset(scope)


def covers_register(session: Session, scope: Scope) -> bool:
    """Whether ``scope`` holds every unit with counted candidates."""
    return all(code in scope for (code,) in session.connection().exec_driver_sql(
        "SELECT unit_code FROM dated_units WHERE n > 0"))


def kind_counts(session: Session, start: date | None, cutoff: date | None,
                unit_code: str | None = None, by_unit: bool = False,
                target: tuple[str, str] | None = None) -> dict[Key, tuple[int, int]]:
    """(registered, recognised) per (lead agency, movement, kind[, unit]) in the window,
    within ``unit_code``'s scope (None: the whole register), of one (lead agency,
    movement) when ``target`` is given. Candidates without a lead agency are not counted."""
    scope = scope_of(session, unit_code) if unit_code is not None else None
    whole = scope is None or covers_register(session, scope)
    months, days = split(start, cutoff)
    params: dict[str, Any] = {}
    conditions = ["lead_agency_id != ''"]
    if target is not None:
        conditions.append("lead_agency_id = :agency AND movement_id = :movement")
        params["agency"], params["movement"] = target
    if not whole and scope is not None:
        conditions.append("unit_code IN (SELECT value FROM json_each(:scope))")
        params["scope"] = json.dumps(sorted(scope))
    unit_column = "unit_code" if by_unit else "''"
    where = " AND ".join(conditions)
    parts = []
    if months is not None:
        params["low"], params["high"] = months
        table = "dated_totals" if whole and not by_unit else "dated_counts"
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
