"""Every file the program writes for the user (PDF, Word, Excel, backups) goes through here.

The file is written under a temporary name in the target folder, flushed to the disk and
only then renamed over the target: a full disk, a removed USB stick, a read-only folder or
an old file still open in Excel leaves the old file exactly as it was and no half-written
file behind. Any :class:`OSError` becomes an :class:`~app.errors.InputError` that names the
file and says what to do (``app.errors.output_error``), so the command line (exit 3) and the
window show the same Vietnamese message.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from app.errors import output_error

__all__ = ["atomic_output", "write_output", "check_target", "fsync_file", "fsync_folder"]

T = TypeVar("T")


def check_target(target: Path) -> None:
    """Refuse before any work a target that cannot be replaced: a folder, a missing folder,
    an existing file that is read-only (on Windows: open in another program)."""
    if target.is_dir():
        raise output_error(IsADirectoryError(), target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise output_error(FileNotFoundError(), target)
    if target.exists() and not os.access(target, os.W_OK):
        raise output_error(PermissionError(), target, replacing=True)


def fsync_file(path: Path) -> None:
    """Make the content of ``path`` durable (it survives a power cut once this returns)."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no folder handles for this)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it over ``path`` only on success.

    A failed or cancelled job never leaves a half-written file behind, and an older file of
    the same name stays untouched until the new one is complete and on the disk.
    """
    target = Path(path)
    check_target(target)
    # A fresh name rather than mkstemp: the writers create the file themselves, so it gets
    # the user's usual permissions (mkstemp's are owner-only).
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    replacing = False
    try:
        yield tmp
        fsync_file(tmp)
        replacing = True
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except OSError as exc:
        _remove(tmp, exc)
        raise output_error(exc, target, replacing=replacing) from exc
    except BaseException as exc:
        _remove(tmp, exc)
        raise


def _remove(tmp: Path, exc: BaseException) -> None:
    """Delete a temporary file after a failure. A writer that failed (openpyxl, ReportLab)
    may still hold it open; collect those file objects first, so that Windows lets the
    file be deleted, and ignore the errors their closing raises on a full disk."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _info: None
    try:
        traceback.clear_frames(exc.__traceback__)  # the frames hold the writer's file
        gc.collect()
    finally:
        sys.unraisablehook = previous
    with contextlib.suppress(OSError):
        tmp.unlink()


def write_output(path: str | os.PathLike[str], write: Callable[[Path], T]) -> T:
    """``write(tmp)`` a temporary file, then put it in place of ``path`` (see above)."""
    with atomic_output(path) as tmp:
        result = write(tmp)
    return result
