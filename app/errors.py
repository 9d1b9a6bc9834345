"""Errors of the environment and of bad input, as opposed to bugs.

Services raise :class:`DomainError` with an English message key (marked with ``N_``) and
named parameters; the CLI and the UI translate it with :meth:`DomainError.message`.
Bugs are left as ordinary exceptions: they go to the crash dialog and the log.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from app.i18n import N_, _

TYPE_CHECKING = False  # importing typing costs 3 ms of every command's start
if TYPE_CHECKING:
    from typing import Any


class DomainError(Exception):
    """A problem the user can fix: bad input, a refused change, a locked or newer file."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The translated message with its parameters filled in."""
        text = _(self.key)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError):
            return text

    def __str__(self) -> str:
        return self.message()


class DatabaseError(DomainError):
    """The database file cannot be used as it is (locked, too new, corrupt, read-only)."""


class InputError(DomainError):
    """A file or value given by the user cannot be accepted."""


class Cancelled(Exception):
    """The user stopped a long job (import, batch printing); nothing was written."""


# --- files the program writes --------------------------------------------------------------

# Windows reports a file open in another program as a sharing or lock violation.
_WINDOWS_LOCKED = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def free_space_text(folder: str | os.PathLike[str]) -> str:
    """The free space of the disk holding ``folder``, as "12,3 MB" (or "?" if unknown)."""
    try:
        import shutil

        free = shutil.disk_usage(folder).free
    except OSError:
        return "?"
    return size_text(free)


def size_text(size: int) -> str:
    """A size in bytes as the user reads it ("1,5 MB", "2,0 GB")."""
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB".replace(".", ",")
    return f"{size / 1024 ** 2:.1f} MB".replace(".", ",")


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or \
        getattr(exc, "winerror", None) in (39, 112)  # ERROR_HANDLE_DISK_FULL, DISK_FULL


def is_locked(exc: OSError) -> bool:
    return getattr(exc, "winerror", None) in _WINDOWS_LOCKED or \
        exc.errno in (errno.EBUSY, errno.ETXTBSY)


def output_error(exc: OSError, path: str | os.PathLike[str], *,
                 replacing: bool = False) -> InputError:
    """The message for a file the program could not write, naming the file and what to do.

    ``replacing`` is True when the new file was complete and only putting it in place of
    the old one failed: then a refusal means the old file is open or read-only.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    file = str(target)
    if is_disk_full(exc):
        return InputError(N_("Cannot write {file}: the disk is full ({free} free). Free some "
                             "disk space (delete or move files you no longer need) or choose "
                             "another folder."), file=file, free=free_space_text(folder))
    if is_locked(exc) or (replacing and isinstance(exc, PermissionError)):
        return InputError(N_("Cannot write {file}: the file is open in another program (for "
                             "example Excel, Word or a PDF viewer) or is read-only. Close the "
                             "file in the program that has it open and try again, or choose "
                             "another file name."), file=file)
    if target.is_dir() or isinstance(exc, IsADirectoryError):
        return InputError(N_("Cannot write {file}: it is a folder. Choose another file "
                             "name."), file=file)
    if not folder.is_dir() or isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return InputError(N_("Cannot write {file}: the folder {folder} does not exist (or the "
                             "USB stick or network drive holding it was removed). Choose "
                             "another folder."), file=file, folder=str(folder))
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return InputError(N_("Cannot write {file}: the folder {folder} is read-only. Choose "
                             "another folder (for example Documents)."),
                          file=file, folder=str(folder))
    return InputError(N_("Cannot write {file}: {error}. Choose another folder and try "
                         "again."), file=file, error=exc.strerror or type(exc).__name__)
