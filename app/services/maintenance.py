"""Integrity checks of the database file."""

from __future__ import annotations

from sqlalchemy import text as sql

from app.i18n import _
from app.models.database import Database


def check_integrity(db: Database) -> list[str]:
    """Problems found (empty when the file is sound), as Vietnamese sentences."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        result = [r[0] for r in conn.execute(sql("PRAGMA integrity_check"))]
        if result != ["ok"]:
            problems.append(_("SQLite integrity check: {detail}").format(detail="; ".join(result)))
        for table, rowid, parent, _fk in conn.execute(sql("PRAGMA foreign_key_check")):
            problems.append(_("Table {table}, row {rowid}: refers to a missing row of {parent}.")
                            .format(table=table, rowid=rowid, parent=parent))
    return problems
