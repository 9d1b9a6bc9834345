"""Counting candidates from the per-unit counts (``candidate_counts``), never by scanning
the register: the one counting function for the Tổng hợp tab, the targets and the reviews.

The counts hold every live candidate under its unit, lead agency, movement, model type,
kind, status, year and phase; triggers keep them exact in the same transaction as each
change (see :mod:`app.models.counts`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.counts import KEY_COLUMNS, TOTAL_COLUMNS, CandidateCount, CandidateTotal

_NONE = {"lead_agency_id": "", "movement_id": "", "model_type_id": "", "year": 0,
         "phase_id": ""}


def _stored(column: str, value: Any) -> Any:
    return _NONE.get(column, value) if value is None else value


def count_candidates_by(session: Session, by: Iterable[str] = (), *,
                        unit_codes: Collection[str] | None = None,
                        statuses: Collection[str] | None = None,
                        kinds: Collection[str] | None = None,
                        **equal: Any) -> dict[tuple[Any, ...], int]:
    """Live candidates counted by the columns ``by`` (any of KEY_COLUMNS), e.g.
    ``by=("lead_agency_id", "movement_id", "kind")``; ``{(): total}`` when ``by`` is empty.

    ``unit_codes``, ``statuses`` and ``kinds`` keep only those values (a unit's subtree is
    the caller's list of codes); any other key column given as ``column=value`` keeps only
    that value (``phase_id=None`` means candidates without a phase). Missing values come
    back as ``None``.
    """
    by = tuple(by)
    unknown = [c for c in (*by, *equal) if c not in KEY_COLUMNS]
    if unknown:
        raise ValueError(f"not a counted column: {unknown}")
    # The province-wide totals answer whatever does not need units, model types or years.
    table: Any = (CandidateTotal if unit_codes is None
                  and set(by) | set(equal) <= set(TOTAL_COLUMNS) else CandidateCount)
    columns = [getattr(table, c) for c in by]
    stmt = select(*columns, func.sum(table.n)).where(table.n > 0)
    if unit_codes is not None:
        stmt = stmt.where(table.unit_code.in_(list(unit_codes)))
    if statuses is not None:
        stmt = stmt.where(table.status.in_(list(statuses)))
    if kinds is not None:
        stmt = stmt.where(table.kind.in_(list(kinds)))
    for column, value in equal.items():
        stmt = stmt.where(getattr(table, column) == _stored(column, value))
    if columns:
        stmt = stmt.group_by(*columns)
    out: dict[tuple[Any, ...], int] = {}
    for *key, n in session.execute(stmt):
        if not n:
            continue
        out[tuple(None if v == _NONE.get(c, object()) else v
                  for c, v in zip(by, key, strict=True))] = int(n)
    return out
