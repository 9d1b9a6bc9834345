"""The full-text index on candidates' folded names (SQLite FTS5).

Searching "nguyen thi anh" must find "Nguyễn Thị Ánh Tuyết" among 100,000 candidates in a few
milliseconds; a ``LIKE`` scan takes tens. ``candidates.name_search`` already holds the folded
form (app.text.fold), so the index only splits it into words; a search asks for every word as
a prefix. Triggers keep the index in step with the table. Used by the 0002 migration and when
a new file is created.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

STATEMENTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS candidate_search USING fts5("
    "name_search, content='candidates', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    "CREATE TRIGGER IF NOT EXISTS candidate_search_ai AFTER INSERT ON candidates BEGIN "
    "INSERT INTO candidate_search(rowid, name_search) VALUES (new.rowid, new.name_search); END",
    "CREATE TRIGGER IF NOT EXISTS candidate_search_ad AFTER DELETE ON candidates BEGIN "
    "INSERT INTO candidate_search(candidate_search, rowid, name_search) "
    "VALUES ('delete', old.rowid, old.name_search); END",
    "CREATE TRIGGER IF NOT EXISTS candidate_search_au AFTER UPDATE OF name_search ON candidates "
    "BEGIN INSERT INTO candidate_search(candidate_search, rowid, name_search) "
    "VALUES ('delete', old.rowid, old.name_search); "
    "INSERT INTO candidate_search(rowid, name_search) VALUES (new.rowid, new.name_search); END",
)

DROP = (
    "DROP TRIGGER IF EXISTS candidate_search_au",
    "DROP TRIGGER IF EXISTS candidate_search_ad",
    "DROP TRIGGER IF EXISTS candidate_search_ai",
    "DROP TABLE IF EXISTS candidate_search",
)

TABLE_PREFIX = "candidate_search"


def create(conn: Connection) -> None:
    """Create the index and its triggers, and fill it from the rows already there."""
    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("INSERT INTO candidate_search(candidate_search) VALUES ('rebuild')")


def drop(conn: Connection) -> None:
    for statement in DROP:
        conn.exec_driver_sql(statement)


@contextmanager
def new_candidates_in_bulk(conn: Connection) -> Iterator[None]:
    """For inserting many new candidates in one transaction: the per-row trigger off
    meanwhile, and at the end the candidates added (rowids above the largest before) put
    into the index in one statement. FTS5 writes its pending words out at the end of every
    statement, so 10,000 single-row inserts each wrote a small segment of the index (about
    two thirds of the inserts' time). Nothing but inserts of candidates may happen
    meanwhile; on an error the transaction rolls the trigger back too."""
    present = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
        "AND name = 'candidate_search_ai'").scalar()
    if not present:
        yield
        return
    before = int(conn.exec_driver_sql(
        "SELECT coalesce(max(rowid), 0) FROM candidates").scalar() or 0)
    conn.exec_driver_sql("DROP TRIGGER candidate_search_ai")
    yield
    conn.exec_driver_sql("INSERT INTO candidate_search(rowid, name_search) "
                         f"SELECT rowid, name_search FROM candidates WHERE rowid > {before}")
    conn.exec_driver_sql(STATEMENTS[1])


def match_query(terms: list[str]) -> str:
    """FTS5 query: every folded word as a prefix ("hlan" → "hlan"*)."""
    return " ".join(f'"{t}"*' for t in terms if t)
