"""Checks made at start: the file's integrity (quick form) and the audit trail's chain."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text as sql

from app.i18n import _
from app.models.database import Database


def file_damaged(db: Database) -> str | None:
    """SQLite's quick check (fast even on the province file): ``None`` when sound."""
    try:
        with db.engine.connect() as conn:
            result = [r[0] for r in conn.execute(sql("PRAGMA quick_check"))]
    except Exception as exc:  # noqa: BLE001 - a damaged file raises from the driver
        return str(getattr(exc, "orig", exc))
    return None if result == ["ok"] else "; ".join(result[:5])


def startup_problems(db: Database) -> list[str]:
    """Warnings to show at start, as Vietnamese sentences (empty when all is well)."""
    from app.services.audit import verify

    problems = []
    damage = file_damaged(db)
    if damage:
        problems.append(_("The database file is damaged ({detail}). Restore the newest good "
                          "backup copy.").format(detail=damage))
        return problems
    try:
        with db.session() as session:
            check = verify(session)
    except sqlite3.DatabaseError as exc:
        return [_("The audit trail cannot be read: {error}").format(error=exc)]
    if not check.whole:
        problems.append(_("The audit trail was changed outside the program: it is broken "
                          "from entry {id}. {problem}").format(id=check.broken_at,
                                                               problem=check.problem))
    return problems
