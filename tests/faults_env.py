"""Real fault conditions for the fault tests: a small full disk, a read-only folder, a dump.

A tmpfs is mounted where the machine allows it (root on Linux, as in the CI container);
elsewhere the tests that need one are skipped with the reason (chmod alone cannot make a
folder read-only for root, and nothing else fills a disk safely).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dump(path: Path) -> list[str]:
    """Every row of the database as SQL (read-only), to compare before and after."""
    immutable = "" if os.access(path.parent, os.W_OK) else "&immutable=1"  # read-only folder
    con = sqlite3.connect(f"file:{path}?mode=ro{immutable}", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "2m") -> Iterator[Path]:
    """A real small file system at ``where`` (unmounted afterwards)."""
    if not _can_mount():
        pytest.skip("mounting a small tmpfs needs root on Linux")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                           str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {done.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def make_read_only(folder: Path) -> None:
    """Make a mounted tmpfs read-only (EROFS, what a write-protected USB stick gives)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` until only ``leave`` bytes are free."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while True:
                    fh.write(b"\1" * size)
            except OSError:
                pass
    if leave:
        with open(filler, "r+b") as fh:
            fh.truncate(max(0, filler.stat().st_size - leave))
    return filler


def run_cli(*argv: str, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` as a real process (its own stdout and stderr)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "app", *argv], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", env=full_env,
                          cwd=ROOT, timeout=timeout)
