"""Backup copies: made while the program runs, verified, rotated, listed; restore.

Copies are made with SQLite's online backup API (a consistent snapshot even while the
window writes), first into a ``.part`` file that is checked (``PRAGMA quick_check``) and
only then renamed: a power cut or a killed process never leaves a half copy under a
backup's name. Copies go to the ``sao-luu`` folder beside the database and, when set, to a
second folder (a USB drive); a missing or unwritable second folder is a notice, never an
error. Automatic copies are rotated: the newest of each of the last 7 days, 4 weeks and
12 months are kept (settings); copies made by hand and before a restore are never removed.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import DatabaseError, InputError
from app.i18n import N_, _
from app.models import Setting
from app.models.database import HEAD_REVISION, KNOWN_REVISIONS, Database

FOLDER_NAME = "sao-luu"
SECOND_FOLDER_KEY = "backup_second_folder"
KEEP_KEYS = {"daily": ("backup_keep_daily", 7), "weekly": ("backup_keep_weekly", 4),
             "monthly": ("backup_keep_monthly", 12)}
NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z-]+)\.sqlite$")
# The copy the database layer makes beside the file before upgrading its schema.
UPGRADE_RE = re.compile(r"^(?P<stem>.+)\.backup-(?P<stamp>\d{8}-\d{6})-[0-9a-z_]+\.sqlite$")


class Reason:
    """What made a backup copy."""

    DAILY = "daily"  # at exit, once a day
    UPGRADE = "upgrade"
    IMPORT = "import"  # before importing an Excel file or a package
    MANUAL = "manual"
    PRE_RESTORE = "pre-restore"

    AUTOMATIC = (DAILY, UPGRADE, IMPORT)
    LABELS = {DAILY: N_("daily, at exit"), UPGRADE: N_("before an upgrade"),
              IMPORT: N_("before an import"), MANUAL: N_("made by hand"),
              PRE_RESTORE: N_("before a restore")}


def reason_label(reason: str) -> str:
    return _(Reason.LABELS[reason]) if reason in Reason.LABELS else reason


@dataclass
class BackupInfo:
    """One backup copy as listed."""

    path: Path
    made_at: datetime
    size: int
    reason: str
    written_ns: int = 0  # orders copies made in the same second

    def size_text(self) -> str:
        mb = self.size / (1024 * 1024)
        return f"{mb:.1f} MB".replace(".", ",") if mb >= 0.1 else f"{self.size // 1024} KB"

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "made_at": self.made_at.isoformat(sep=" "),
                "size": self.size, "reason": self.reason, "folder": str(self.path.parent)}


@dataclass
class BackupResult:
    """Copies written and notices about folders that were skipped."""

    paths: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


# --- settings ------------------------------------------------------------------------------


def _get(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value


@dataclass
class BackupSettings:
    """Where copies go and how many are kept."""

    second_folder: str = ""
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12


def backup_settings(session: Session) -> BackupSettings:
    def number(kind: str) -> int:
        key, default = KEEP_KEYS[kind]
        value = _get(session, key)
        return int(value) if value and value.isdigit() else default

    return BackupSettings(_get(session, SECOND_FOLDER_KEY) or "", number("daily"),
                          number("weekly"), number("monthly"))


def save_backup_settings(session: Session, s: BackupSettings) -> None:
    """Store the backup settings (administrators only when login is on)."""
    from app.services.access import Role, require_role

    require_role(session, Role.ADMIN)
    for n in (s.keep_daily, s.keep_weekly, s.keep_monthly):
        if not 0 <= n <= 999:
            raise InputError(N_("The number of copies to keep must be between 0 and 999."))
    _put(session, SECOND_FOLDER_KEY, s.second_folder.strip())
    for kind, n in (("daily", s.keep_daily), ("weekly", s.keep_weekly),
                    ("monthly", s.keep_monthly)):
        _put(session, KEEP_KEYS[kind][0], str(n))


# --- writing a copy ------------------------------------------------------------------------


def main_folder(db: Database) -> Path:
    return db.path.parent / FOLDER_NAME


Progress = Callable[[int, int], object]


def _file_snapshot(src_path: Path) -> sqlite3.Connection | None:
    """A read transaction on ``src_path`` in which the database file alone holds the whole
    database (the write-ahead log checkpointed into it and empty), or None when that cannot
    be had at once (another program is reading the log; a file not in WAL mode).

    While the transaction is open the file does not change: writers only append to the log,
    and no checkpoint writes into the file while a reader reads the file alone. So a plain
    copy of its bytes is a consistent snapshot, made at the speed of the disk instead of
    page by page through SQLite (a 500 MB file: 1 s instead of 3–4 s)."""
    try:
        con = sqlite3.connect(str(src_path), timeout=0.2, isolation_level=None,
                              check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("PRAGMA journal_mode").fetchone()
        if not row or str(row[0]).lower() != "wal":
            con.close()
            return None
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        con.execute("BEGIN")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot taken
        # The log empty now, with the snapshot open: the snapshot is the file's contents
        # (a reader that began on a non-empty log keeps the log from being emptied).
        wal = src_path.with_name(src_path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            con.close()
            return None
        return con
    except (sqlite3.Error, OSError):
        con.close()
        return None


def _copy_bytes(src_path: Path, tmp: Path, progress: Progress | None, pages: int) -> None:
    """The database file's bytes into ``tmp`` (inside a :func:`_file_snapshot`); with a
    ``progress``, ``pages`` pages at a time, each step told (done, total) in pages."""
    import shutil

    if progress is None:
        shutil.copyfile(src_path, tmp)  # the kernel's own copy where there is one
        return
    with open(src_path, "rb") as src, open(tmp, "wb") as dst:
        header = src.read(100)
        size = int.from_bytes(header[16:18], "big") if len(header) == 100 else 4096
        page = 65536 if size == 1 else (size or 4096)
        total = max(1, -(-src_path.stat().st_size // page))
        dst.write(header)
        done = len(header)
        step = max(1, pages) * page
        while chunk := src.read(step - (done % step)):
            dst.write(chunk)
            done += len(chunk)
            progress(min(total, -(-done // page)), total)


def _copy_pages(src_path: Path, tmp: Path, progress: Progress | None, pages: int) -> None:
    """SQLite's online backup, ``pages`` at a time, so the window's writes are not held up
    for long (when the file cannot be copied as it is)."""
    src = sqlite3.connect(str(src_path))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            step = ((lambda _status, remaining, total: progress(total - remaining, total))
                    if progress else None)
            src.backup(dst, pages=pages, progress=step)
        finally:
            dst.close()
    finally:
        src.close()


def _copy(src_path: Path, target: Path, progress: Progress | None = None,
          pages: int = 1024, snapshot: sqlite3.Connection | None = None,
          copied: Callable[[], None] | None = None) -> None:
    """A consistent copy into ``target.part``, checked, then renamed (all or nothing).

    The file's own bytes inside a snapshot (:func:`_file_snapshot`, or ``snapshot`` taken
    by the caller, who closes it), else SQLite's online backup page by page;
    ``copied()`` is called once the copy no longer reads the database (before the check)."""
    tmp = target.with_name(target.name + ".part")
    try:
        # The copy holds names, birth years and ethnicity: readable by its owner only
        # (created so before a byte is written into it; no effect on Windows).
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        if snapshot is not None:
            _copy_bytes(src_path, tmp, progress, pages)
        elif (own := _file_snapshot(src_path)) is not None:
            try:
                _copy_bytes(src_path, tmp, progress, pages)
            finally:
                own.close()
        else:
            _copy_pages(src_path, tmp, progress, pages)
        if copied is not None:
            copied()
        dst = sqlite3.connect(str(tmp))
        try:
            result = dst.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise sqlite3.DatabaseError(str(result))
        finally:
            dst.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent copy of ``db`` to ``target`` (WAL included); nothing half-written."""
    target = Path(target)
    try:
        _copy(db.path, target)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(N_("Could not write the backup copy {path}: {error}. Check that "
                               "the USB stick or folder has free space and is not read-only."),
                            path=str(target), error=str(exc)) from exc
    return target


def _name(db: Database, reason: str, now: datetime) -> str:
    return f"{db.path.stem}-{now:%Y%m%d-%H%M%S}-{reason}.sqlite"


def make_backup(db: Database, reason: str, *, to: Path | None = None,
                now: datetime | None = None, progress: Progress | None = None,
                pages: int = 1024, record: bool = True) -> BackupResult:
    """Copy ``db`` into the backup folders (or ``to``), verify, rotate; never raises for a
    folder that cannot be written: its notice says which folder and why. ``record=False``
    leaves the audit trail alone (a package import that is then refused changes nothing;
    the copy is still listed, with what made it, from its file name)."""
    pending = begin_backup(db, reason, to=to, now=now, progress=progress, pages=pages)
    pending.run()
    return pending.keep(record=record)


def begin_backup(db: Database, reason: str, *, to: Path | None = None,
                 now: datetime | None = None, progress: Progress | None = None,
                 pages: int = 1024) -> PendingBackup:
    """Take the snapshot of ``db`` a backup copy will hold, now; the copying is done by
    :meth:`PendingBackup.run` or, while the caller goes on reading (checking an Excel file
    before importing it), by :meth:`PendingBackup.start` in the background."""
    now = now or datetime.now()
    with db.session() as session:
        settings = backup_settings(session)
    folders: list[tuple[Path, bool]] = []  # (folder, create it if missing)
    if to is not None:
        folders.append((Path(to), False))
    else:
        folders.append((main_folder(db), True))
        if settings.second_folder:
            folders.append((Path(settings.second_folder), False))
    pending = PendingBackup(db, reason, settings, rotating=to is None, progress=progress,
                            pages=pages)
    for folder, create in folders:
        if not folder.is_dir():
            if not create:
                pending.result.notices.append(
                    _("The backup folder {folder} is not there (is the USB drive plugged "
                      "in?); no copy was written to it.").format(folder=folder))
                continue
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                pending.result.notices.append(
                    _("Cannot create the backup folder {folder}: {error}.")
                    .format(folder=folder, error=exc.strerror or exc))
                continue
        for stale in folder.glob("*.sqlite.part*"):  # left by a copy that was cut off
            stale.unlink(missing_ok=True)
        target, stamp = folder / _name(db, reason, now), now
        while target.exists():  # never overwrite a copy (two in the same second)
            stamp += timedelta(seconds=1)
            target = folder / _name(db, reason, stamp)
        pending.targets.append((folder, target))
    if pending.targets:
        pending.snapshot = _file_snapshot(db.path)
        pending.frozen = pending.snapshot is not None
    return pending


class PendingBackup:
    """A backup copy whose snapshot is taken and whose copying is still to be done or under
    way; :meth:`keep` waits for it, rotates and records it, :meth:`discard` waits for it
    and removes it (the change it was made for did not happen)."""

    def __init__(self, db: Database, reason: str, settings: BackupSettings, *,
                 rotating: bool, progress: Progress | None, pages: int) -> None:
        self.db, self.reason, self.settings = db, reason, settings
        self.rotating, self.progress, self.pages = rotating, progress, pages
        self.result = BackupResult()
        self.targets: list[tuple[Path, Path]] = []  # (folder, copy's path)
        self.snapshot: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._copied = threading.Event()
        self.frozen = False  # the snapshot taken at begin_backup holds every copy

    def run(self) -> None:
        """Write the copies in this thread. With the snapshot taken at :func:`begin_backup`
        every copy is made of the file's bytes inside it, held until the last copy has its
        bytes (the database may be written meanwhile: see :meth:`wait_copied`)."""
        snapshot, self.snapshot = self.snapshot, None

        def copied() -> None:  # the last copy has its bytes: the snapshot is let go
            nonlocal snapshot
            if snapshot is not None:
                snapshot.close()
                snapshot = None
            self._copied.set()

        try:
            for folder, target in self.targets:
                try:
                    _copy(self.db.path, target, self.progress, self.pages, snapshot,
                          copied=copied if target == self.targets[-1][1] else None)
                except (sqlite3.Error, OSError) as exc:
                    self.result.notices.append(
                        _("Could not write a backup copy into {folder}: {error}. Check that "
                          "it has free space and is not read-only.")
                        .format(folder=folder, error=getattr(exc, "strerror", None) or exc))
                    continue
                self.result.paths.append(target)
        except BaseException as exc:  # handed to the thread that waits for the copy
            self._error = exc
        finally:
            if snapshot is not None:
                snapshot.close()
            self._copied.set()

    def start(self) -> PendingBackup:
        """Write the copies in a background thread (SQLite and the file copy release the
        interpreter while they work, so the caller's reading goes on meanwhile)."""
        self._thread = threading.Thread(target=self.run, name="backup", daemon=True)
        self._thread.start()
        return self

    def wait_copied(self) -> None:
        """Wait until the database may be changed without the change reaching a copy: at
        once when the snapshot was taken at :func:`begin_backup` (while it is open the
        database file does not change, writers only append to the log, and every copy is
        made of the file's bytes); else until every copy has read what it holds from the
        database page by page (its check may still be running)."""
        if self._thread is not None and not self.frozen:
            self._copied.wait()

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def keep(self, record: bool = True, session: Session | None = None) -> BackupResult:
        """Wait for the copies; rotate the folders; note them in the audit trail (in
        ``session``'s transaction when given: the change the copy was made for, still to be
        committed, holds the database's write lock)."""
        self._wait()
        if self.rotating:
            for folder, target in self.targets:
                if target in self.result.paths:
                    self.result.removed += rotate(folder, self.settings)
        if self.result.paths and record:
            if session is not None:
                from app.services import audit

                audit.record(session, audit.Action.BACKUP, detail={
                    "reason": self.reason, "files": [p.name for p in self.result.paths]})
            else:
                _record(self.db, self.reason, self.result.paths)
        return self.result

    def discard(self) -> None:
        """Wait for the copies and remove them: nothing was changed after all."""
        try:
            self._wait()
        finally:
            for path in self.result.paths:
                path.unlink(missing_ok=True)
            self.result.paths.clear()


def _record(db: Database, reason: str, paths: list[Path]) -> None:
    from app.services import audit

    try:
        with db.transaction() as session:
            audit.record(session, audit.Action.BACKUP, detail={
                "reason": reason, "files": [p.name for p in paths]})
    except Exception:  # noqa: BLE001 - the copy exists; a busy file must not hide that
        return


def backup_due(db: Database, today: date | None = None) -> bool:
    """Whether today's automatic copy (at exit) is still to be made."""
    today = today or date.today()
    return not any(b.made_at.date() == today and b.reason in Reason.AUTOMATIC
                   for b in _scan(main_folder(db)))


# --- listing and rotating ------------------------------------------------------------------


def _scan(folder: Path, pattern: re.Pattern[str] = NAME_RE) -> list[BackupInfo]:
    out = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        m = pattern.match(path.name)
        if not m:
            continue
        try:
            made = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
            stat = path.stat()
        except (ValueError, OSError):
            continue
        reason = m["reason"] if pattern is NAME_RE else Reason.UPGRADE
        out.append(BackupInfo(path, made, stat.st_size, reason, stat.st_mtime_ns))
    return _newest_first(out)


def _beside(db_path: Path) -> list[BackupInfo]:
    """Copies in the backup folder and the upgrade copies beside the file."""
    return _newest_first(_scan(db_path.parent / FOLDER_NAME)
                         + _scan(db_path.parent, UPGRADE_RE))


def _newest_first(rows: list[BackupInfo]) -> list[BackupInfo]:
    return sorted(rows, key=lambda b: (b.made_at, b.written_ns), reverse=True)


def list_backups(db: Database) -> list[BackupInfo]:
    """Every copy in the backup folders, newest first."""
    with db.session() as session:
        settings = backup_settings(session)
    rows = _beside(db.path)
    if settings.second_folder:
        rows += _scan(Path(settings.second_folder))
    return _newest_first(rows)


def rotate(folder: Path, settings: BackupSettings) -> list[Path]:
    """Remove automatic copies beyond the newest of each of the last N days, weeks, months."""
    automatic = [b for b in _scan(folder) if b.reason in Reason.AUTOMATIC]
    keep: set[Path] = set()
    for n, bucket in ((settings.keep_daily, lambda d: d.date()),
                      (settings.keep_weekly, lambda d: d.isocalendar()[:2]),
                      (settings.keep_monthly, lambda d: (d.year, d.month))):
        seen: list[object] = []
        for b in automatic:  # newest first
            key = bucket(b.made_at)
            if key not in seen:
                if len(seen) >= n:
                    break
                seen.append(key)
                keep.add(b.path)
    removed = []
    for b in automatic:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass
    return removed


# --- checking and restoring ----------------------------------------------------------------


@dataclass
class BackupCheck:
    """What a candidate file for restoring holds."""

    revision: str
    last_change: datetime | None  # the newest entry of its audit trail
    last_entry: int  # the id of that entry


def check_backup(path: Path) -> BackupCheck:
    """Refuse (``InputError``) a file that is not a sound DHTT database of a known version."""
    path = Path(path)
    if not path.is_file():
        raise InputError(N_("The file {path} does not exist."), path=str(path))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(N_("The file {path} cannot be opened: {error}"), path=str(path),
                         error=str(exc)) from exc
    try:
        ok = con.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise InputError(N_("The file {path} is damaged; choose another backup copy."),
                             path=str(path))
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "candidates", "settings"} <= tables:
            raise InputError(N_("The file {path} is not a DHTT database."), path=str(path))
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else ""
        if revision not in KNOWN_REVISIONS:
            raise InputError(N_("The file {path} was written by a newer version of DHTT "
                                "(schema {revision}); it cannot be restored here."),
                             path=str(path), revision=revision)
        last = (con.execute("SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
                if "audit_log" in tables else None)
    except sqlite3.DatabaseError as exc:
        raise InputError(N_("The file {path} is damaged or is not a database ({error})."),
                         path=str(path), error=str(exc)) from exc
    finally:
        con.close()
    at = datetime.fromisoformat(last[1]) if last and last[1] else None
    return BackupCheck(revision, at, last[0] if last else 0)


DATA_CHANGES = ("create", "update", "delete", "status")


@dataclass
class RestorePreview:
    """What restoring a copy would undo: the changes made since it was written."""

    check: BackupCheck
    lost_changes: int
    lost_sample: list[str]


def restore_preview(db: Database, path: Path) -> RestorePreview:
    """Check ``path`` and count the changes of the current file that restoring it loses."""
    from app.services.audit import (
        AuditFilter,
        action_label,
        list_entries,
        local_time,
        table_label,
    )

    check = check_backup(path)
    with db.session() as session:
        lines = [line for line in list_entries(session, AuditFilter(), limit=None)
                 if line.id > check.last_entry and line.action in DATA_CHANGES]
    sample = [f"{local_time(line.at):%d/%m/%Y %H:%M} {line.user_name or '-'}: "
              f"{action_label(line.action)} {table_label(line.table_name)} {line.record}"
              for line in lines[:20]]
    return RestorePreview(check, len(lines), sample)


@dataclass
class RestoreResult:
    saved_copy: Path
    check: BackupCheck


def restore(db: Database, path: Path) -> RestoreResult:
    """Replace the contents of ``db`` with the copy at ``path`` after saving the current file
    (a "before a restore" copy). Refused before anything changes if the copy is unusable."""
    from app.services.access import Role, require_role

    with db.session() as session:
        require_role(session, Role.ADMIN)
    if Path(path).resolve() == db.path.resolve():
        raise InputError(N_("Choose a backup copy, not the database file itself."))
    check = check_backup(path)
    saved = make_backup(db, Reason.PRE_RESTORE)
    if not saved.paths:
        raise DatabaseError(N_("No copy of the current file could be made ({notice}); "
                               "nothing was restored."),
                            notice="; ".join(saved.notices))
    db.engine.dispose()
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(db.path))
            try:
                src.backup(dst)  # writes the pages into the live file, WAL and all
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise DatabaseError(N_("The restore failed ({error}). The file as it was is kept in "
                               "{saved}."), error=str(exc), saved=str(saved.paths[0])) from exc
    if check.revision != HEAD_REVISION:
        from app.models.database import upgrade

        upgrade(db.path)
    from app.services import audit

    with db.transaction() as session:
        audit.record(session, audit.Action.RESTORE,
                     detail={"file": Path(path).name, "saved": saved.paths[0].name})
    return RestoreResult(saved.paths[0], check)


def newest_good_backup(db_path: Path) -> tuple[BackupInfo, BackupCheck] | None:
    """The newest copy beside ``db_path`` that passes :func:`check_backup` (for a damaged file)."""
    for info in _beside(Path(db_path)):
        try:
            return info, check_backup(info.path)
        except InputError:
            continue
    return None


def replace_damaged(db_path: Path, backup: Path) -> Path:
    """Put ``backup`` in place of a file that cannot even be opened; the damaged file is
    moved aside (never deleted). Returns where it was moved."""
    import shutil

    db_path = Path(db_path)
    check_backup(backup)
    aside = db_path.with_name(f"{db_path.name}.hong-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        db_path.replace(aside)
        for suffix in ("-wal", "-shm"):
            extra = db_path.with_name(db_path.name + suffix)
            if extra.exists():
                extra.replace(aside.with_name(aside.name + suffix))
        shutil.copyfile(backup, db_path)
    except OSError as exc:
        raise DatabaseError(N_("The restore failed ({error}). The file as it was is kept in "
                               "{saved}."), error=str(exc), saved=str(aside)) from exc
    return aside
