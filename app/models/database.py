"""Opening the one SQLite file: pragmas, schema version checks, backups, upgrades, locking.

The start-up path stays light: a new file is created with ``create_all`` and stamped at the
head revision, and a file at the head revision is opened directly; Alembic is imported only
when a file from an older version must be upgraded (after a dated backup beside it).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DatabaseError, free_space_text, is_disk_full, size_text
from app.file_lock import lock_fd, unlock_fd
from app.i18n import N_
from app.models.base import Base
from app.outputs import fsync_file, fsync_folder

# The newest migration script's revision. A test checks it equals Alembic's head.
HEAD_REVISION = "0011_sync_more"
# Every revision this program knows, oldest first (a file at any of them can be upgraded).
KNOWN_REVISIONS = ("0001_initial", "0002_candidate_search", "0003_filter_indexes", "0004_criteria",
                   "0005_villages", "0006_accounts", "0007_sync", "0008_speed",
                   "0009_criteria_text", "0010_speed_more", "0011_sync_more")

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
    # FULL: a commit is on the disk (the WAL is fsynced) before it returns, so a power cut
    # never loses a change the window said was saved (NORMAL may lose the last commits).
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _set_read_only_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path.absolute()))}" + (f"?{query}" if query else "")


def make_engine(path: Path, read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine on ``path`` with WAL, foreign keys and a busy timeout.

    ``read_only`` opens the file with SQLite's ``mode=ro``: such a connection never
    checkpoints or deletes the ``-wal`` file, so a command reading while the window is open
    cannot make the window's committed changes invisible (see ``FileLock``). ``immutable``
    is for a read-only folder where SQLite cannot create its ``-shm`` file. Statement
    parameters (names, birth years) are kept out of every error message and log.
    """
    if read_only:
        params = {"mode": "ro", **({"immutable": "1"} if immutable else {})}
        uri = _uri(path, **params)
        engine = create_engine(
            "sqlite://", future=True, hide_parameters=True,
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        event.listen(engine, "connect", _set_read_only_pragmas)
        return engine
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


SQLITE_HEADER = b"SQLite format 3\x00"


def header_is_sqlite(path: Path) -> bool | None:
    """Whether the file starts like an SQLite database (None when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return None


def file_revision(path: Path) -> str | None:
    """The Alembic revision stored in the file, or ``None`` for an empty file."""
    if header_is_sqlite(path) is False:
        raise DatabaseError(
            N_("The file {path} is not a DHTT database, or it is damaged (its first bytes are "
               "not those of a database). Check that you chose the right file; if it is your "
               "database, restore it from a backup copy."), path=str(path))
    try:
        con = sqlite3.connect(_uri(path, mode="ro"), uri=True)
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    try:
        try:
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN":
                raise
            # A read-only folder without the "-shm" file: read the file as it is.
            con.close()
            con = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseError(
                    N_("The file {path} is not a DHTT database. Choose another file."),
                    path=str(path),
                )
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    except UnicodeDecodeError as exc:  # text that is not UTF-8 in the schema: damaged bytes
        raise damaged(path) from exc
    finally:
        con.close()


def backup_path(path: Path, revision: str | None, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}-{revision or 'empty'}{path.suffix}")


def backups_of(path: Path) -> list[Path]:
    """The backups made before upgrades, beside the file, newest first."""
    pattern = f"{path.stem}.backup-*{path.suffix}"
    return sorted(path.parent.glob(pattern), key=lambda p: p.name, reverse=True)


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup beside ``path`` that passes SQLite's integrity check."""
    for candidate in backups_of(path):
        if is_sound(candidate):
            return candidate
    return None


def is_sound(path: Path) -> bool:
    """Whether ``path`` is an SQLite file that passes ``PRAGMA integrity_check``."""
    if not header_is_sqlite(path):
        return False
    try:
        con = sqlite3.connect(_uri(path, mode="ro"), uri=True)
        try:
            return [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]
        finally:
            con.close()
    except (sqlite3.Error, UnicodeDecodeError):  # the latter: damaged schema text
        return False


def space_needed_for_upgrade(path: Path) -> int:
    """Bytes an upgrade needs free beside ``path``: a backup copy, room for the upgraded
    file to grow and SQLite's journal, plus a margin."""
    size = path.stat().st_size
    wal = Path(str(path) + "-wal")
    if wal.exists():
        size += wal.stat().st_size
    return 3 * size + 16 * 1024 * 1024


def _check_space(path: Path) -> None:
    need = space_needed_for_upgrade(path)
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return
    if free < need:
        raise DatabaseError(
            N_("The database {path} must be upgraded for this version of DHTT, which needs "
               "{need} free on its disk; only {free} is free. Free at least {missing} "
               "(delete or move files you no longer need) and open it again. Nothing was "
               "changed."), path=str(path), need=size_text(need), free=size_text(free),
            missing=size_text(need - free))


def _copy_into(src: sqlite3.Connection, target: Path) -> None:
    """Copy the whole database into ``target`` (a fresh file)."""
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()


def _backup(path: Path, revision: str | None) -> Path:
    """Copy the file (a consistent snapshot, WAL included) before an upgrade.

    The copy is written under a ``.part`` name, checked (integrity and revision), made
    durable and only then renamed: a kill or a full disk during the copy never leaves a
    "backup" that opens as an empty or damaged database.
    """
    for stale in path.parent.glob(f"{path.stem}.backup-*.part"):
        stale.unlink(missing_ok=True)  # left by a copy that was killed
    _check_space(path)
    target = backup_path(path, revision)
    tmp = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(_uri(path, mode="ro"), uri=True)
        try:
            _copy_into(src, tmp)
        finally:
            src.close()
        restrict_to_owner(tmp)
        if not is_sound(tmp) or file_revision(tmp) != revision:
            raise DatabaseError(N_("The backup copy made before upgrading {path} did not "
                                   "check out. Nothing was changed; try again."),
                                path=str(path))
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and is_disk_full(exc) or \
                getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            raise DatabaseError(
                N_("Could not make a backup copy before upgrading {path}: the disk is full. "
                   "Free at least {need} and open the file again. Nothing was changed."),
                path=str(path), need=size_text(space_needed_for_upgrade(path))) from exc
        raise DatabaseError(
            N_("Could not make a backup copy before upgrading {path} ({error}). "
               "Check the disk and open the file again. Nothing was changed."),
            path=str(path), error=_error_name(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def alembic_config(path: Path):  # noqa: ANN201 - alembic is imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def upgrade(path: Path, revision: str = "head") -> None:
    """Run the Alembic migrations on ``path`` up to ``revision``, in one transaction: a
    failure (a full disk, a kill) leaves the file at its old revision, as it was."""
    from alembic import command

    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")
        dbapi_conn.execute("PRAGMA busy_timeout=5000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    cfg = alembic_config(path)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


class Database:
    """An opened database file: its engine and a session factory."""

    def __init__(self, path: Path, engine: Engine, backup: Path | None = None,
                 read_only: bool = False) -> None:
        self.path = path
        self.engine = engine
        self.backup = backup  # the copy made before an upgrade, if one was made
        self.read_only = read_only  # opened for viewing and printing only
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


class ReadOnlyDatabase(DatabaseError):
    """The file or its folder cannot be written; it can still be opened for viewing."""


def folder_writable(path: Path) -> bool:
    return os.access(path.parent if str(path.parent) else Path("."), os.W_OK)


def open_database(path: Path | str, create: bool = True, read_only: bool = False) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``.

    ``read_only`` opens it for reading only (``mode=ro``): the read commands do, and the
    window does when the file or its folder cannot be written. Every fault of the file's
    environment (read-only, full disk, locked, removed, damaged) becomes a
    :class:`DatabaseError` saying what to do.
    """
    path = Path(path)
    try:
        return _open(path, create, read_only)
    except DatabaseError:
        raise
    except (sqlite3.Error, SQLAlchemyError, OSError) as exc:
        raise classify(exc, path) from exc


def _open(path: Path, create: bool, read_only: bool) -> Database:
    if path.is_dir():
        raise DatabaseError(N_("{path} is a folder, not a database file. Choose the "
                               "database file (dhtt.sqlite)."), path=str(path))
    exists = path.exists() and path.stat().st_size > 0
    if not exists and (not create or read_only):
        if not path.parent.exists() and path.parent != Path(""):
            raise vanished(path)
        raise DatabaseError(N_("The database file {path} does not exist. "
                               "Create it with: dhtt init --unit CODE"), path=str(path))
    if exists and not read_only and not (os.access(path, os.W_OK) and folder_writable(path)):
        raise read_only_error(path)
    revision = file_revision(path) if exists else None
    backup = None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            N_("The file {path} was written by a newer version of DHTT (schema {revision}). "
               "Install the newer version of the program to open it."),
            path=str(path), revision=revision,
        )
    if read_only:
        if revision != HEAD_REVISION:
            if not (os.access(path, os.W_OK) and folder_writable(path)):
                raise DatabaseError(
                    N_("The database {path} is from an older version of DHTT and must be "
                       "upgraded, but it is read-only. Copy it to a folder where you may "
                       "write (for example Documents) and open the copy."), path=str(path))
            backup = _upgrade_with_lock(path, revision)
        return _open_read_only(path, backup)
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if is_disk_full(exc):
                raise
            raise DatabaseError(N_("Cannot create the folder {folder} for the database: "
                                   "{error}. Choose another folder."),
                                folder=str(path.parent), error=_error_name(exc)) from exc
    if revision is None:
        engine = make_engine(path)
        try:
            _create_fresh(engine)
        except BaseException:
            engine.dispose()
            raise
        restrict_to_owner(path)
    else:
        if revision != HEAD_REVISION:
            backup = _upgrade_with_lock(path, revision)
        engine = make_engine(path)
    return Database(path, engine, backup)


def _open_read_only(path: Path, backup: Path | None) -> Database:
    engine = make_engine(path, read_only=True)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except OperationalError as exc:
        engine.dispose()
        if getattr(exc.orig, "sqlite_errorname", "") != "SQLITE_CANTOPEN" or \
                folder_writable(path):
            raise
        # A read-only folder without the "-shm" file: nobody can be writing the file.
        engine = make_engine(path, read_only=True, immutable=True)
    return Database(path, engine, backup, read_only=True)


def _upgrade_with_lock(path: Path, revision: str | None) -> Path | None:
    """Back up and upgrade ``path`` holding the one-copy lock (taken here unless this
    process already holds it), so two programs opening an old file at once never upgrade
    it both; the second finds the file upgraded and opens it."""
    lock = None if FileLock.held_here(path) else FileLock(path)
    if lock is not None:
        lock.acquire(wait=UPGRADE_WAIT)
    try:
        if lock is not None:
            revision = file_revision(path)  # the other program may have upgraded it
            if revision == HEAD_REVISION:
                return None
        backup = _backup(path, revision)
        try:
            upgrade(path)
        except BaseException:
            # The upgrade runs in one transaction: the file is as it was, so the copy is not
            # needed and a retry will not pile up backups.
            if file_revision(path) == revision:
                backup.unlink(missing_ok=True)
            raise
        return backup
    finally:
        if lock is not None:
            lock.release()


UPGRADE_WAIT = 60.0  # seconds a second program waits for another one's upgrade


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
    file locked for ever. It is an ``flock`` (BSD) lock on its own file, not one of SQLite's
    POSIX locks: those belong to the whole process and are dropped when *any* descriptor
    of the database file is closed (a file dialog listing the folder can do that), while
    this one stays until it is released. The read commands never take it for writing:
    they open the file read-only, which cannot delete the window's ``-wal`` file.
    """

    _held: ClassVar[set[str]] = set()

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = Path(str(db_path) + ".lock")
        self._fd: int | None = None

    @classmethod
    def held_here(cls, db_path: Path) -> bool:
        """Whether this process holds the lock of ``db_path``."""
        return _key(db_path) in cls._held

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock; wait up to ``wait`` seconds for another program to let it go."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise self._open_error(exc) from exc
        deadline = time.monotonic() + wait
        while True:
            try:
                lock_fd(fd)
                break
            except OSError as exc:
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                os.close(fd)
                raise DatabaseError(
                    N_("The database {path} is already open in another copy of DHTT. "
                       "Close the other window (or wait for the other command to finish) "
                       "and try again."),
                    path=str(self.db_path),
                ) from exc
        self._fd = fd
        FileLock._held.add(_key(self.db_path))

    def _open_error(self, exc: OSError) -> DatabaseError:
        if is_disk_full(exc):
            return DatabaseError(
                N_("Cannot create the lock file {lock}: the disk is full ({free} free). Free "
                   "some disk space and try again."),
                lock=str(self.path), free=free_space_text(self.path.parent))
        if isinstance(exc, PermissionError) and self.path.exists():
            return DatabaseError(
                N_("The lock file {lock} belongs to another user of this computer, or is "
                   "read-only. Ask that user to close DHTT, or delete the file {lock} when no "
                   "copy of DHTT is running, and try again."), lock=str(self.path))
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            return read_only_error(self.db_path)
        if not self.path.parent.exists():
            return vanished(self.db_path)
        return DatabaseError(N_("Cannot create the lock file {lock}: {error}."),
                             lock=str(self.path), error=_error_name(exc))

    def release(self) -> None:
        if self._fd is not None:
            if sys.platform == "win32":
                unlock_fd(self._fd)
            os.close(self._fd)
            self._fd = None
            FileLock._held.discard(_key(self.db_path))

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _key(db_path: Path) -> str:
    return os.path.normcase(os.path.abspath(db_path))


def lock_is_free(db_path: Path) -> bool:
    """Whether no program holds the lock of ``db_path`` (without keeping it)."""
    lock = FileLock(db_path)
    if not lock.path.exists():
        return True
    try:
        lock.acquire()
    except DatabaseError:
        return False
    lock.release()
    return True


def restrict_to_owner(path: Path) -> None:
    """Make ``path`` readable by its owner only where the platform allows it (POSIX)."""
    if os.name == "posix":
        with suppress(OSError):
            os.chmod(path, 0o600)


# --- faults of the file's environment -------------------------------------------------------


def read_only_error(path: Path) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(
        N_("The database file {path} or its folder is read-only: changes cannot be saved. "
           "It can be opened read-only, for viewing and printing. To work with it, copy it "
           "to a folder where you may write (for example Documents) and open the copy."),
        path=str(path))


def vanished(path: Path) -> DatabaseError:
    return DatabaseError(
        N_("The folder {folder} of the database cannot be reached: the USB stick or the "
           "network drive may have been removed or disconnected. Connect it again and try "
           "again; what was saved before is safe."), folder=str(path.parent), path=str(path))


def _error_name(exc: BaseException) -> str:
    """An error's kind without any of the data it was about (for messages and logs)."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", None)
    if name:
        return str(name)
    if isinstance(orig, OSError):
        return orig.strerror or type(orig).__name__
    return type(orig).__name__


def classify(exc: BaseException, path: Path) -> DatabaseError:
    """The Vietnamese message for a database fault, named for what it is.

    "Damaged, restore a backup" only when SQLite says the file is corrupt or its header is
    not a database's; never for a locked, read-only, full or unreachable file.
    """
    path = Path(path)
    orig = getattr(exc, "orig", None) or exc
    name = str(getattr(orig, "sqlite_errorname", "") or "")
    text = str(orig).lower()
    if isinstance(orig, OSError):
        if is_disk_full(orig):
            name = "SQLITE_FULL"
        elif not path.parent.exists():
            return vanished(path)
        elif isinstance(orig, PermissionError) or orig.errno == errno.EROFS:
            return read_only_error(path)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return DatabaseError(
            N_("The disk holding the database {path} is full ({free} free): the last change "
               "was not saved, what was saved before is safe. Free some disk space (at least "
               "{need}: delete or move files you no longer need) and try again."),
            path=str(path), free=free_space_text(path.parent if path.parent.exists() else "."),
            need=size_text(64 * 1024 * 1024))
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or \
            "database is locked" in text:
        return DatabaseError(
            N_("The database {path} is being used by another program (another DHTT window or "
               "command, a backup or an antivirus program) and stayed locked for more than "
               "5 seconds. Wait a moment and try again; if it goes on, close the other "
               "programs using the file."), path=str(path))
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return read_only_error(path)
    if not path.parent.exists():
        return vanished(path)
    if name.startswith("SQLITE_CANTOPEN"):
        if not folder_writable(path):
            return read_only_error(path)
        return DatabaseError(
            N_("Cannot open the database file {path}. Check that the file is there and that "
               "you may read it, then try again."), path=str(path))
    if name.startswith("SQLITE_IOERR"):
        if not path.exists():
            return vanished(path)
        return DatabaseError(
            N_("Reading or writing the database {path} failed (a disk, USB stick or network "
               "error). Check the connection to the disk and try again; what was saved before "
               "is safe. If it happens again, run: dhtt check"), path=str(path))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or \
            "not a database" in text:
        return damaged(path)
    if isinstance(orig, OSError):
        return DatabaseError(N_("Cannot use the database file {path}: {error}."),
                             path=str(path), error=_error_name(orig))
    return DatabaseError(
        N_("The database {path} could not be used ({error}). Try again; if it happens "
           "again, run: dhtt check"), path=str(path), error=_error_name(orig))


def fault_of(exc: BaseException, path: Path) -> DatabaseError | None:
    """The message for an exception met while using the database, when it is a fault of
    the file's environment (or damage) rather than a bug; None for a bug."""
    if isinstance(exc, DatabaseError):
        return exc
    orig = getattr(exc, "orig", None)
    if isinstance(exc, sqlite3.Error) or isinstance(orig, sqlite3.Error):
        name = str(getattr(orig or exc, "sqlite_errorname", "") or "")
        if name in ("SQLITE_ERROR", "SQLITE_CONSTRAINT", "SQLITE_MISUSE", "SQLITE_RANGE") or \
                name.startswith("SQLITE_CONSTRAINT"):
            if is_sound(path):
                return None  # a wrong statement or a refused row: a bug, for the crash log
            return damaged(path)
        return classify(exc, path)
    if isinstance(exc, UnicodeDecodeError) and not is_sound(path):
        return damaged(path)  # text read from damaged pages
    return None


def damaged(path: Path) -> DatabaseError:
    backup = newest_good_backup(path) if path.parent.exists() else None
    if backup is not None:
        return DamagedDatabase(
            N_("The database file {path} is damaged. Restore the newest good backup copy "
               "({backup}): close DHTT, copy the backup over the damaged file (keep the damaged "
               "one under another name for support) and open it again."),
            path=str(path), backup=str(backup), backup_path=backup)
    return DamagedDatabase(
        N_("The database file {path} is damaged. Restore it from your newest backup copy "
           "(USB stick or backup folder): close DHTT, copy the backup over the damaged file "
           "and open it again."), path=str(path), backup_path=None)


class DamagedDatabase(DatabaseError):
    """SQLite says the file is damaged; ``params['backup_path']`` is the newest good copy."""
