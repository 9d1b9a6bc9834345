"""Dated counts: registrations and recognitions per unit, lead agency, movement, kind and
month, kept by triggers in the same transaction as each change (issue 13).

A period's count (issue 8: as of a cut-off, from the status history) is "registered in the
window" and "recognised in the window" by the first date of each in the candidate's
history (a candidate without such history counts from its current status and status
date). Reading 100,000 candidates' history for that took seconds; now:

- ``candidate_dates`` holds, per live candidate, those two dates (and what it is counted
  by). Triggers on ``candidates`` and ``status_changes`` refresh a candidate's row whenever
  anything that decides them changes (insert, update, soft or hard delete, restore), so
  every writer (forms, Excel import, sync, demo, a raw SQL fix) keeps it exact, and a
  rolled-back change rolls it back.
- ``dated_counts`` (per unit) and ``dated_totals`` (summed over units) count those dates
  by month; triggers on ``candidate_dates`` keep them. A window's count is the sum of its
  whole months plus the few days at its ends read from ``candidate_dates`` by index.
- ``dated_units`` counts the rows of ``candidate_dates`` per unit, so a scope that holds
  every counted unit (a province office on a one-province file) reads the totals.

Missing ids are stored as ``''``. Read through :mod:`app.services.dated_counts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Connection, Date, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.codes import Status
from app.models.base import Base

REGISTERED = (Status.REGISTERED, Status.NURTURING, Status.EVALUATING, Status.RECOGNISED,
              Status.REPLICATING)
RECOGNISED = (Status.RECOGNISED, Status.REPLICATING)
EVENTS = ((0, "registered_on"), (1, "recognised_on"))  # event code, date column


class CandidateDates(Base):
    """A live candidate's first registration and first recognition dates."""

    __tablename__ = "candidate_dates"
    __table_args__ = (
        Index("ix_candidate_dates_unit", "unit_code", "registered_on", "recognised_on"),
        Index("ix_candidate_dates_registered", "registered_on", "lead_agency_id",
              "movement_id", "kind", "unit_code"),
        Index("ix_candidate_dates_recognised", "recognised_on", "lead_agency_id",
              "movement_id", "kind", "unit_code"),
    )

    candidate_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(20), nullable=False)
    lead_agency_id: Mapped[str] = mapped_column(String(36), nullable=False)
    movement_id: Mapped[str] = mapped_column(String(36), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    model_type_id: Mapped[str] = mapped_column(String(36), nullable=False)
    registered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    recognised_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class DatedCount(Base):
    """Registrations (event 0) or recognitions (event 1) in one month, per unit."""

    __tablename__ = "dated_counts"
    __table_args__ = (
        # A target's drill-down: one lead agency and movement, by unit.
        Index("ix_dated_counts_targets", "lead_agency_id", "movement_id", "event", "month",
              "kind", "unit_code", "n"),
    )

    unit_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    event: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    lead_agency_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    movement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class DatedTotal(Base):
    """The same summed over units (what a province's Tổng hợp reads)."""

    __tablename__ = "dated_totals"

    event: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    lead_agency_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    movement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class DatedUnit(Base):
    """How many rows of ``candidate_dates`` each unit has."""

    __tablename__ = "dated_units"

    unit_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def _in(statuses: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{s}'" for s in statuses) + ")"


def _dates_select(where: str) -> str:
    """The ``candidate_dates`` rows of the live candidates ``c`` matching ``where``."""
    def first(statuses: tuple[str, ...]) -> str:
        return (f"coalesce((SELECT min(s.changed_on) FROM status_changes s "
                f"WHERE s.candidate_id = c.id AND s.deleted = 0 AND s.to_status IN "
                f"{_in(statuses)}), CASE WHEN c.status IN {_in(statuses)} "
                f"THEN c.status_date END)")
    return ("SELECT c.id, c.unit_code, coalesce(c.lead_agency_id, ''), "
            "coalesce(c.movement_id, ''), c.kind, coalesce(c.model_type_id, ''), "
            f"{first(REGISTERED)}, {first(RECOGNISED)} FROM candidates c "
            f"WHERE c.deleted = 0 AND {where}")


_DATES_COLUMNS = ("candidate_id, unit_code, lead_agency_id, movement_id, kind, model_type_id, "
                  "registered_on, recognised_on")


def _refresh(candidate: str) -> str:
    """Statements (for a trigger body) recomputing one candidate's dates."""
    return (f"DELETE FROM candidate_dates WHERE candidate_id = {candidate}; "
            f"INSERT INTO candidate_dates ({_DATES_COLUMNS}) "
            f"{_dates_select(f'c.id = {candidate}')};")


def _count(row: str, sign: str) -> str:
    """Statements adding (``+``) or removing (``-``) one ``candidate_dates`` row."""
    out = []
    if sign == "+":
        out.append(f"INSERT INTO dated_units (unit_code, n) VALUES ({row}.unit_code, 1) "
                   "ON CONFLICT (unit_code) DO UPDATE SET n = n + 1;")
    else:
        out.append(f"UPDATE dated_units SET n = n - 1 WHERE unit_code = {row}.unit_code;")
    for code, column in EVENTS:
        month = f"substr({row}.{column}, 1, 7)"
        keys = (f"{row}.lead_agency_id, {row}.movement_id, {row}.kind")
        if sign == "+":
            out.append(
                "INSERT INTO dated_counts (unit_code, event, month, lead_agency_id, "
                f"movement_id, kind, n) SELECT {row}.unit_code, {code}, {month}, {keys}, 1 "
                f"WHERE {row}.{column} IS NOT NULL ON CONFLICT (unit_code, event, month, "
                "lead_agency_id, movement_id, kind) DO UPDATE SET n = n + 1;")
            out.append(
                "INSERT INTO dated_totals (event, month, lead_agency_id, movement_id, kind, n) "
                f"SELECT {code}, {month}, {keys}, 1 WHERE {row}.{column} IS NOT NULL "
                "ON CONFLICT (event, month, lead_agency_id, movement_id, kind) "
                "DO UPDATE SET n = n + 1;")
        else:
            match = (f"event = {code} AND month = {month} AND lead_agency_id = "
                     f"{row}.lead_agency_id AND movement_id = {row}.movement_id AND kind = "
                     f"{row}.kind")
            out.append(f"UPDATE dated_counts SET n = n - 1 WHERE unit_code = {row}.unit_code "
                       f"AND {match};")
            out.append(f"UPDATE dated_totals SET n = n - 1 WHERE {match};")
    return " ".join(out)


_DECIDING = "unit_code, lead_agency_id, movement_id, kind, model_type_id, status, " \
            "status_date, deleted, id"

TRIGGERS = {
    "candidate_dates_ai": f"AFTER INSERT ON candidate_dates BEGIN {_count('new', '+')} END",
    "candidate_dates_ad": f"AFTER DELETE ON candidate_dates BEGIN {_count('old', '-')} END",
    "dated_candidates_ai": f"AFTER INSERT ON candidates BEGIN {_refresh('new.id')} END",
    "dated_candidates_ad": "AFTER DELETE ON candidates BEGIN "
                           "DELETE FROM candidate_dates WHERE candidate_id = old.id; END",
    "dated_candidates_au": f"AFTER UPDATE OF {_DECIDING} ON candidates BEGIN "
                           "DELETE FROM candidate_dates WHERE candidate_id = old.id; "
                           f"{_refresh('new.id')} END",
    "dated_history_ai": f"AFTER INSERT ON status_changes BEGIN "
                        f"{_refresh('new.candidate_id')} END",
    "dated_history_ad": f"AFTER DELETE ON status_changes BEGIN "
                        f"{_refresh('old.candidate_id')} END",
    "dated_history_au": "AFTER UPDATE OF candidate_id, to_status, changed_on, deleted ON "
                        f"status_changes BEGIN {_refresh('old.candidate_id')} "
                        f"{_refresh('new.candidate_id')} END",
}


def drop_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def create_triggers(conn: Connection) -> None:
    for name, body in TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def recount(conn: Connection) -> None:
    """Rebuild every dated count from the candidates and their history (a new or upgraded
    file, or after a bulk load), set-based with the triggers off, then turn them on."""
    drop_triggers(conn)
    for table in ("candidate_dates", "dated_counts", "dated_totals", "dated_units"):
        conn.exec_driver_sql(f"DELETE FROM {table}")

    def first(statuses: tuple[str, ...]) -> str:
        return f"min(CASE WHEN to_status IN {_in(statuses)} THEN changed_on END)"

    conn.exec_driver_sql(
        f"INSERT INTO candidate_dates ({_DATES_COLUMNS}) "
        "SELECT c.id, c.unit_code, coalesce(c.lead_agency_id, ''), "
        "coalesce(c.movement_id, ''), c.kind, coalesce(c.model_type_id, ''), "
        f"coalesce(h.reg, CASE WHEN c.status IN {_in(REGISTERED)} THEN c.status_date END), "
        f"coalesce(h.rec, CASE WHEN c.status IN {_in(RECOGNISED)} THEN c.status_date END) "
        f"FROM candidates c LEFT JOIN (SELECT candidate_id, {first(REGISTERED)} AS reg, "
        f"{first(RECOGNISED)} AS rec FROM status_changes WHERE deleted = 0 "
        "GROUP BY candidate_id) h ON h.candidate_id = c.id WHERE c.deleted = 0")
    for code, column in EVENTS:
        conn.exec_driver_sql(
            "INSERT INTO dated_counts (unit_code, event, month, lead_agency_id, movement_id, "
            f"kind, n) SELECT unit_code, {code}, substr({column}, 1, 7), lead_agency_id, "
            f"movement_id, kind, count(*) FROM candidate_dates WHERE {column} IS NOT NULL "
            "GROUP BY 1, 2, 3, 4, 5, 6")
    conn.exec_driver_sql(
        "INSERT INTO dated_totals (event, month, lead_agency_id, movement_id, kind, n) "
        "SELECT event, month, lead_agency_id, movement_id, kind, sum(n) FROM dated_counts "
        "GROUP BY 1, 2, 3, 4, 5")
    conn.exec_driver_sql("INSERT INTO dated_units (unit_code, n) SELECT unit_code, count(*) "
                         "FROM candidate_dates GROUP BY unit_code")
    create_triggers(conn)


# The two triggers that recompute a candidate's dates row by row as it and its history
# are inserted: an import of thousands of new candidates does that in one statement.
_PER_ROW = ("dated_candidates_ai", "dated_history_ai")


@contextmanager
def new_candidates_in_bulk(conn: Connection) -> Iterator[None]:
    """For inserting many new candidates with their own first history rows, inside one
    transaction: the per-row refresh (two triggers) is off meanwhile, and at the end the
    dates of the candidates added (rowids above the largest before) are computed in one
    statement, counted by the ``candidate_dates`` triggers as any row is. Nothing else may
    be written meanwhile. On an error the transaction rolls the triggers back too."""
    if not present(conn):
        yield
        return
    before = int(conn.exec_driver_sql(
        "SELECT coalesce(max(rowid), 0) FROM candidates").scalar() or 0)
    for name in _PER_ROW:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    yield
    conn.exec_driver_sql("DELETE FROM candidate_dates WHERE candidate_id IN "
                         f"(SELECT id FROM candidates WHERE rowid > {before})")
    conn.exec_driver_sql(f"INSERT INTO candidate_dates ({_DATES_COLUMNS}) "
                         f"{_dates_select(f'c.rowid > {before}')}")
    for name in _PER_ROW:
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {TRIGGERS[name]}")


def present(conn: Connection) -> bool:
    return conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'candidate_dates'"
    ).scalar() == 1


@event.listens_for(Base.metadata, "after_create")
def _after_create(_target: object, connection: Connection, **_kw: object) -> None:
    if present(connection):
        recount(connection)
