"""Opening the one SQLite file: pragmas, schema version checks, backups, upgrades, locking.

The start-up path stays light: a new file is created with ``create_all`` and stamped at the
head revision, and a file at the head revision is opened directly; Alembic is imported only
when a file from an older version must be upgraded (after a dated backup beside it).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DatabaseError
from app.i18n import N_
from app.models.base import Base

# The newest migration script's revision. A test checks it equals Alembic's head.
HEAD_REVISION = "0008_speed"
# Every revision this program knows, oldest first (a file at any of them can be upgraded).
KNOWN_REVISIONS = ("0001_initial", "0002_candidate_search", "0003_filter_indexes", "0004_criteria",
                   "0005_villages", "0006_accounts", "0007_sync", "0008_speed")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_db_path() -> Path:
    """The database in the user data directory (overridden by ``--db``)."""
    from app.paths import default_db_path as in_user_data

    return in_user_data()


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` with WAL, foreign keys and a busy timeout."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def file_revision(path: Path) -> str | None:
    """The Alembic revision stored in the file, or ``None`` for an empty file."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(N_("Cannot open the database file {path}: {error}"),
                            path=str(path), error=str(exc)) from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseError(
                    N_("The file {path} is not a DHTT database. Choose another file."),
                    path=str(path),
                )
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            N_("The file {path} is damaged or is not a database ({error}). "
               "Restore it from a backup copy."),
            path=str(path), error=str(exc),
        ) from exc
    finally:
        con.close()


def backup_path(path: Path, revision: str | None, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}-{revision or 'empty'}{path.suffix}")


def _backup(path: Path, revision: str | None) -> Path:
    """Copy the file (with a consistent snapshot, WAL included) before an upgrade."""
    target = backup_path(path, revision)
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise DatabaseError(
            N_("Could not make a backup copy before upgrading ({error}). "
               "Free some disk space and open the file again."),
            error=str(exc),
        ) from exc
    finally:
        src.close()
    return target


def alembic_config(path: Path):  # noqa: ANN201 - alembic is imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def upgrade(path: Path, revision: str = "head") -> None:
    """Run the Alembic migrations on ``path`` up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(path), revision)


class Database:
    """An opened database file: its engine and a session factory."""

    def __init__(self, path: Path, engine: Engine, backup: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        self.backup = backup  # the copy made before an upgrade, if one was made
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str, create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(N_("The database file {path} does not exist. "
                               "Create it with: dhtt init --unit CODE"), path=str(path))
    if exists and not os.access(path, os.W_OK):
        raise DatabaseError(N_("The database file {path} is read-only. Copy it to a folder "
                               "where you may write (for example Documents) and open the copy."),
                            path=str(path))
    revision = file_revision(path) if exists else None
    backup = None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            N_("The file {path} was written by a newer version of DHTT (schema {revision}). "
               "Install the newer version of the program to open it."),
            path=str(path), revision=revision,
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(N_("Cannot create the folder for {path}: {error}"),
                            path=str(path), error=str(exc)) from exc
    if revision is None:
        engine = make_engine(path)
        _create_fresh(engine)
    else:
        if revision != HEAD_REVISION:
            backup = _backup(path, revision)
            upgrade(path)
        engine = make_engine(path)
    return Database(path, engine, backup)


def _create_fresh(engine: Engine) -> None:
    """Create every table and stamp the file at the head revision (no Alembic import)."""
    import app.models  # noqa: F401 - registers every table on Base.metadata
    from app.models import search_index

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        search_index.create(conn)
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.exec_driver_sql("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))


# --- one running copy per file --------------------------------------------------------------


class FileLock:
    """An exclusive lock on ``<db>.lock`` held while a copy of the program uses the file.

    The operating system releases it if the program dies, so a crash never leaves the
    file locked for ever.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")  # noqa: SIM115 - held for the program's lifetime
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise DatabaseError(
                N_("The database {path} is already open in another copy of DHTT. "
                   "Close the other window (or wait for the other command to finish) "
                   "and try again."),
                path=str(self.path)[: -len(".lock")],
            ) from exc
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            if sys.platform == "win32":
                import msvcrt

                try:
                    self._fh.seek(0)
                    msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)
                except OSError:
                    pass
            self._fh.close()
            self._fh = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

