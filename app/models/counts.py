"""Candidate counts per unit and per everything the targets are judged by, kept by triggers.

One row per (unit, lead agency, movement, model type, kind, status, year, phase) with the
number of candidates (not deleted) having exactly those values. SQLite triggers on
``candidates`` change the count in the same statement as the row, so every writer (forms,
Excel import, demo, sync, a raw SQL fix) keeps it exact inside its own transaction, and a
rolled-back change rolls its counts back. ``candidate_totals`` holds the same counts summed
over units, model types and years, which is what the Tổng hợp tab reads. Missing values are
stored as ``''`` (ids) and ``0`` (year), since a primary key cannot hold NULLs. Read through
:func:`app.services.counts.count_candidates_by`.

Used by the 0008 migration (which fills it from the rows already there) and, through the
metadata's ``after_create`` event, when a new file is created.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

KEY_COLUMNS = ("unit_code", "lead_agency_id", "movement_id", "model_type_id", "kind", "status",
               "year", "phase_id")
TOTAL_COLUMNS = ("lead_agency_id", "movement_id", "kind", "status", "phase_id")


class CandidateCount(Base):
    """How many live candidates share one combination of the key columns."""

    __tablename__ = "candidate_counts"
    # A target's drill-down sums one lead agency and movement by unit: this index answers
    # it alone.
    __table_args__ = (
        Index("ix_candidate_counts_targets", "lead_agency_id", "movement_id", "kind",
              "phase_id", "status", "unit_code", "n"),
    )

    unit_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    lead_agency_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    movement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    model_type_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class CandidateTotal(Base):
    """The same counts summed over units, model types and years (the targets' view)."""

    __tablename__ = "candidate_totals"

    lead_agency_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    movement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    phase_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


_DEFAULTS = {"lead_agency_id": "''", "movement_id": "''", "model_type_id": "''",
             "year": "0", "phase_id": "''"}


# (table, its key columns): the fine counts, and the province-wide totals the Tổng hợp tab
# reads (a few hundred rows instead of tens of thousands).
TABLES = (("candidate_counts", KEY_COLUMNS), ("candidate_totals", TOTAL_COLUMNS))


def _values(row: str, columns: tuple[str, ...]) -> list[str]:
    return [f"coalesce({row}.{c}, {_DEFAULTS[c]})" if c in _DEFAULTS else f"{row}.{c}"
            for c in columns]


def _match(row: str, columns: tuple[str, ...]) -> str:
    return " AND ".join(f"{c} = {v}" for c, v in zip(columns, _values(row, columns),
                                                      strict=True))


def _add(row: str) -> str:
    return " ".join(
        f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}, n) "
        f"VALUES ({', '.join(_values(row, columns))}, 0); "
        f"UPDATE {table} SET n = n + 1 WHERE {_match(row, columns)};"
        for table, columns in TABLES)


def _remove(row: str) -> str:
    return " ".join(f"UPDATE {table} SET n = n - 1 WHERE {_match(row, columns)};"
                    for table, columns in TABLES)


TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS candidate_counts_ai AFTER INSERT ON candidates "
    f"WHEN new.deleted = 0 BEGIN {_add('new')} END",
    "CREATE TRIGGER IF NOT EXISTS candidate_counts_ad AFTER DELETE ON candidates "
    f"WHEN old.deleted = 0 BEGIN {_remove('old')} END",
    "CREATE TRIGGER IF NOT EXISTS candidate_counts_au_old AFTER UPDATE OF "
    f"{', '.join(KEY_COLUMNS)}, deleted ON candidates WHEN old.deleted = 0 "
    f"BEGIN {_remove('old')} END",
    "CREATE TRIGGER IF NOT EXISTS candidate_counts_au_new AFTER UPDATE OF "
    f"{', '.join(KEY_COLUMNS)}, deleted ON candidates WHEN new.deleted = 0 "
    f"BEGIN {_add('new')} END",
)
DROP_TRIGGERS = tuple(f"DROP TRIGGER IF EXISTS {name}" for name in (
    "candidate_counts_ai", "candidate_counts_ad", "candidate_counts_au_old",
    "candidate_counts_au_new"))

RECOUNT = tuple(
    statement for table, columns in TABLES for statement in (
        f"DELETE FROM {table}",
        f"INSERT INTO {table} ({', '.join(columns)}, n) "
        f"SELECT {', '.join(_values('candidates', columns))}, count(*) FROM candidates "
        f"WHERE candidates.deleted = 0 "
        f"GROUP BY {', '.join(str(i) for i in range(1, len(columns) + 1))}"))


def create_triggers(conn: Connection) -> None:
    """Create the triggers and count the rows already there."""
    for statement in (*TRIGGERS, *RECOUNT):
        conn.exec_driver_sql(statement)


def recount(conn: Connection) -> None:
    """Rebuild every count from the candidates (after a bulk load with the triggers off)."""
    for statement in RECOUNT:
        conn.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "after_create")
def _after_create(_target: object, connection: Connection, **_kw: object) -> None:
    tables = {r[0] for r in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if {"candidates", "candidate_counts", "candidate_totals"} <= tables:
        create_triggers(connection)


@contextmanager
def triggers_suspended(conn: Connection) -> Iterator[None]:
    """For a bulk load inside one transaction: no per-row counting; one recount at the end
    (on success; on an error the transaction rolls the dropped triggers back too)."""
    from app.models import dated_counts

    dated = dated_counts.present(conn)
    for statement in DROP_TRIGGERS:
        conn.exec_driver_sql(statement)
    if dated:
        dated_counts.drop_triggers(conn)
    yield
    create_triggers(conn)
    if dated:
        dated_counts.recount(conn)


@contextmanager
def new_candidates_in_bulk(conn: Connection) -> Iterator[None]:
    """For inserting many new candidates in one transaction: the per-row counting trigger
    off meanwhile, and at the end the candidates added (rowids above the largest before)
    counted in one grouped statement per table. Nothing but inserts of candidates may
    happen meanwhile. On an error the transaction rolls the trigger back too."""
    present = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
        "AND name = 'candidate_counts_ai'").scalar()
    if not present:
        yield
        return
    before = int(conn.exec_driver_sql(
        "SELECT coalesce(max(rowid), 0) FROM candidates").scalar() or 0)
    conn.exec_driver_sql("DROP TRIGGER candidate_counts_ai")
    yield
    for table, columns in TABLES:
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(columns)}, n) "
            f"SELECT {', '.join(_values('candidates', columns))}, count(*) FROM candidates "
            f"WHERE candidates.deleted = 0 AND candidates.rowid > {before} "
            f"GROUP BY {', '.join(str(i) for i in range(1, len(columns) + 1))} "
            f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = n + excluded.n")
    conn.exec_driver_sql(TRIGGERS[0])
