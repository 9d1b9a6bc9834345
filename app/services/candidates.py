"""Finding candidates: filtering, diacritic-insensitive search and Vietnamese order in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, false, func, literal_column, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from app import text
from app.models import (
    AdminUnit,
    Candidate,
    LeadAgency,
    ModelType,
    Movement,
    Phase,
    Status,
    search_index,
)
from app.register_rows import CandidateFilter, CandidateRow
from app.services.access import unit_filter


def descendant_codes(session: Session, code: str) -> list[str]:
    """``code`` and every unit below it (the tree is small: a few thousand units); kept for
    the session, as the count and the page of one filter change both ask."""
    cache = session.info.setdefault("dhtt_descendants", {})
    if code not in cache:
        cache[code] = _descendant_codes(session, code)
    return cache[code]


def _descendant_codes(session: Session, code: str) -> list[str]:
    children: dict[str | None, list[str]] = {}
    for unit_code, parent in session.execute(select(AdminUnit.code, AdminUnit.parent_code)):
        children.setdefault(parent, []).append(unit_code)
    out, stack = [], [code]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, ()))
    return out


# A unit with more sub-units than this (a district, the province) holds a large share of
# the register: its first page is found faster by walking the Vietnamese-order index and
# skipping other units than by sorting all of its rows.
WALK_ORDER_ABOVE = 30


def _conditions(session: Session, f: CandidateFilter,
                for_page: bool = False) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not f.include_deleted:
        conditions.append(Candidate.deleted.is_(False))
    scope = unit_filter(session, Candidate.unit_code)
    if scope is not None:
        conditions.append(scope)
    terms = text.search_terms(f.search)
    if terms:
        # Each word must start a word of the name ("hlan" finds "Ksor H'Lan", not "Rahlan"),
        # answered by the full-text index instead of scanning every name.
        matches = sql_text("SELECT rowid FROM candidate_search WHERE candidate_search MATCH :q"
                           ).bindparams(q=search_index.match_query(terms))
        conditions.append(literal_column("candidates.rowid").in_(matches))
    if f.unit_code:
        codes = descendant_codes(session, f.unit_code)
        if for_page and len(codes) > WALK_ORDER_ABOVE:
            # "+column" keeps SQLite from choosing the unit index for this term.
            conditions.append(literal_column("+candidates.unit_code").in_(codes))
        else:
            conditions.append(Candidate.unit_code.in_(codes) if len(codes) > 1
                              else Candidate.unit_code == f.unit_code)
    if f.status:
        conditions.append(Candidate.status == f.status)
    if f.statuses:
        conditions.append(Candidate.status.in_(f.statuses))
    if f.kind:
        conditions.append(Candidate.kind == f.kind)
    if f.year:
        conditions.append(Candidate.year == f.year)
    # Codes are resolved to ids first so that each filter is an equality the
    # ``ix_candidates_<column>_sorted`` index answers in Vietnamese order.
    for code, model, column in ((f.model_type_code, ModelType, Candidate.model_type_id),
                                (f.movement_code, Movement, Candidate.movement_id),
                                (f.phase_code, Phase, Candidate.phase_id),
                                (f.lead_agency_code, LeadAgency, Candidate.lead_agency_id)):
        if code:
            row_id = session.scalar(select(model.id).where(model.code == code))
            conditions.append(column == row_id if row_id else false())
    return conditions


def count_candidates(session: Session, f: CandidateFilter) -> int:
    """How many candidates match."""
    if f == CandidateFilter() and unit_filter(session, Candidate.unit_code) is None:
        # The whole register (the window's first count): the kept totals, not 100,000 rows.
        from app.services.counts import count_candidates_by

        return count_candidates_by(session).get((), 0)
    stmt = select(func.count()).select_from(Candidate).where(and_(True, *_conditions(session, f)))
    return session.scalar(stmt) or 0


SORT_COLUMNS = {
    "name": Candidate.sort_key,
    "kind": Candidate.kind,
    "unit": Candidate.unit_code,
    # The life cycle's order (phát hiện → … → nhân rộng, then không đạt, rút), not the codes'.
    "status": case({code: i for i, code in enumerate(Status.ALL)}, value=Candidate.status,
                   else_=len(Status.ALL)),
    "year": Candidate.year,
    "updated": Candidate.updated_at,
}


def find_candidates(
    session: Session,
    f: CandidateFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    order: str = "name",
    descending: bool = False,
) -> list[CandidateRow]:
    """One page of matching candidates in Vietnamese order (or by ``order``).

    The page is chosen first from the filter index alone (row ids in order), and only
    those rows are joined with their unit, model type and movement: a district's 6,000
    candidates are not all joined and sorted to show 200 of them.
    """
    unit = aliased(AdminUnit)
    sort_col = SORT_COLUMNS.get(order, Candidate.sort_key)
    ordering = (sort_col.desc() if descending else sort_col, Candidate.sort_key, Candidate.id)
    rowid: ColumnElement[Any] = literal_column("candidates.rowid")
    # select_from: a filter on an unknown code is a constant false, which names no column,
    # and the page would then have no FROM for its ORDER BY (no such column: sort_key).
    page = (select(rowid).select_from(Candidate)
            .where(and_(True, *_conditions(session, f, for_page=True)))
            .order_by(*ordering).offset(offset))
    if limit is not None:
        page = page.limit(limit)
    stmt = (
        select(Candidate.id, Candidate.display_name, Candidate.kind, Candidate.unit_code,
               unit.name, ModelType.code, Movement.code, LeadAgency.code, Candidate.status,
               Candidate.year, Candidate.birth_year)
        .join(unit, unit.code == Candidate.unit_code)
        .outerjoin(ModelType, ModelType.id == Candidate.model_type_id)
        .outerjoin(Movement, Movement.id == Candidate.movement_id)
        .outerjoin(LeadAgency, LeadAgency.id == Candidate.lead_agency_id)
        .where(rowid.in_(page.scalar_subquery()) if limit is not None else
               and_(True, *_conditions(session, f)))
        .order_by(*ordering)
    )
    if limit is None and offset:
        stmt = stmt.offset(offset)
    return [CandidateRow(*row) for row in session.execute(stmt)]
