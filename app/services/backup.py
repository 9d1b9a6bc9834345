"""Copying the database file safely while it is open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.errors import DatabaseError
from app.i18n import N_
from app.models.database import Database


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent copy of ``db`` to ``target`` (WAL included); nothing half-written."""
    target = Path(target)
    tmp = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(str(db.path))
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(N_("Could not write the backup copy {path}: {error}. Check that "
                               "the USB stick or folder has free space and is not read-only."),
                            path=str(target), error=str(exc)) from exc
    return target
