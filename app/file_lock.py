"""The one-copy lock's operating-system calls (an ``flock`` on ``<db>.lock``, ``msvcrt``
byte lock on Windows), without SQLAlchemy: :class:`app.models.database.FileLock` holds the
lock with them, and the window's start asks with :func:`held_elsewhere` before the ORM is
loaded."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def lock_fd(fd: int) -> None:
    """Lock the open lock file ``fd`` without waiting; OSError when another program has it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def unlock_fd(fd: int) -> None:
    """Let go of the lock taken on ``fd`` (closing it does too on POSIX)."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def held_elsewhere(db_path: Path) -> bool:
    """Whether a program holds the one-copy lock of ``db_path`` (tried and let go at once;
    the lock file is never created here)."""
    lock = Path(str(db_path) + ".lock")
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDWR)
    try:
        try:
            lock_fd(fd)
        except OSError:
            return True
        unlock_fd(fd)
        return False
    finally:
        os.close(fd)
