"""Writing the checked rows of an Excel import in bulk: the candidates and their first
status change with two ``executemany`` on the tables, in the caller's transaction, instead
of 20,000 ORM objects and a unit of work (most of the time of a 10,000-row import).

The rows are exactly what :func:`app.services.register.save_validated` would add (same
values, same defaults, the same version stamps and change numbers as the session's
``before_flush`` gives, in the same order) and the audit trail gets the entries its
``after_flush`` would write (:func:`app.services.audit.record_created`); a test imports the
same file both ways and compares every column and every audit detail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from app import text
from app.errors import Cancelled
from app.models import Candidate, Status, StatusChange, counts, dated_counts, search_index
from app.models.base import new_uuid, next_change_seq, utcnow
from app.services.access import require_unit
from app.services.audit import record_created
from app.services.bulk_insert import insert_rows
from app.services.register import CandidateInput
from app.short_code import short_code_of

# Columns whose default is computed per row; every other default is a constant.
_COMPUTED = {"id", "created_at", "updated_at", "short_code"}


def _constant_defaults(table: Table) -> dict[str, Any] | None:
    """Each column's value when none is given, or None if a column's default is computed
    in a way this writer does not know (the caller then takes the ORM path)."""
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if default is None:
            out[column.name] = None
        elif getattr(default, "is_scalar", False):
            out[column.name] = default.arg  # type: ignore[attr-defined]
        elif column.name in _COMPUTED:
            out[column.name] = None
        else:
            return None
    return out


def can_write_in_bulk(rows: list[tuple[CandidateInput, dict[str, Any]]]) -> bool:
    """New candidates only (a row naming an existing id goes through the ORM, which
    updates it or says it no longer exists)."""
    return all(not data.id for data, _values in rows) and all(
        _constant_defaults(cast(Table, t)) is not None
        for t in (Candidate.__table__, StatusChange.__table__))


def write_new_candidates(session: Session, rows: list[tuple[CandidateInput, dict[str, Any]]],
                         user: str = "", progress: Callable[[int, int], bool] | None = None,
                         step: int = 250) -> int:
    """Insert ``rows`` (checked input, the values :func:`validate` returned) as new
    candidates with their first status change; return how many."""
    if not rows:
        return 0
    candidates = cast(Table, Candidate.__table__)
    changes = cast(Table, StatusChange.__table__)
    candidate_defaults = _constant_defaults(candidates)
    change_defaults = _constant_defaults(changes)
    assert candidate_defaults is not None and change_defaults is not None
    for unit in sorted({str(values["unit_code"]) for _d, values in rows}):
        require_unit(session, unit, write=True)
    session.flush()
    conn = session.connection()
    site, seq = next_change_seq(conn, 2 * len(rows))
    today = date.today()
    user_name = text.clean(user)
    candidate_rows: list[dict[str, Any]] = []
    change_rows: list[dict[str, Any]] = []
    audit: list[tuple[str, dict[str, Any]]] = []
    total = len(rows)
    now = utcnow()  # one moment for the whole import, as it is one change
    for done, (data, values) in enumerate(rows, start=1):
        cid = new_uuid()
        candidate = dict(candidate_defaults)
        candidate.update(values)
        candidate.update(id=cid, status=data.status or Status.DISCOVERED, status_date=today,
                         created_at=now, updated_at=now, short_code=short_code_of(cid),
                         row_version=1, version_site=site, base_version=0, base_site="",
                         change_seq=seq)
        change = dict(change_defaults)
        change.update(id=new_uuid(), candidate_id=cid, from_status=None,
                      to_status=candidate["status"], changed_on=today, user_name=user_name,
                      reason="", owner_unit_code=candidate["owner_unit_code"],
                      created_at=now, updated_at=now, row_version=1, version_site=site,
                      base_version=0, base_site="", change_seq=seq + 1)
        seq += 2
        candidate_rows.append(candidate)
        change_rows.append(change)
        audit += [("candidates", candidate), ("status_changes", change)]
        if progress is not None and done % step == 0 and not progress(done // 5, total):
            raise Cancelled()  # making the rows is the bar's first fifth (see told below)
    # Thousands of rows land in a dozen indexes of a large file: with SQLite's 2 MB page
    # cache every insert reads pages it evicted a moment ago. A bigger cache for these
    # statements only (it shrinks back after; memory stays within the import's budget).
    def told(share: float) -> None:
        """The bar at ``share`` of the way, Cancel checked: writing the rows takes most of
        the time (shares as measured on the province file), so the bar neither fills up
        nor vanishes before it is done."""
        if progress is not None and not progress(int(total * share), total):
            raise Cancelled()

    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_CACHE_KIB}")
    try:
        with dated_counts.new_candidates_in_bulk(conn), \
                counts.new_candidates_in_bulk(conn), \
                search_index.new_candidates_in_bulk(conn):
            # In the order of their names (the change numbers stay in the file's order):
            # eight of the indexes end in the sort key, so each takes the new rows page
            # after page instead of all over the file.
            insert_rows(session, candidates, sorted(candidate_rows,
                                                    key=itemgetter("sort_key")))
            told(0.3)
            # In the order of their candidates: two of the indexes start with it.
            insert_rows(session, changes, sorted(change_rows,
                                                 key=itemgetter("candidate_id")))
        told(0.65)
        record_created(session, audit)
        told(0.85)
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(previous or -2000)}")
    return len(rows)


_CACHE_KIB = 16 * 1024  # 32 MiB took the import's peak over 200 MiB
