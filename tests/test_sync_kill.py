"""An import killed (SIGKILL) at random moments leaves the database intact with all or
none of the package: 100 kills, two at a time, of real processes writing a real file."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import sys
import time

import pytest

from app.services.register import CandidateInput, save_candidate
from app.services.sync import export
from tests.sync_helpers import COMMUNE, offices

ROWS = 300
KILLS = 100

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")


def _child(db_path, package_path) -> None:  # runs in the forked process
    try:
        from app.models.database import open_database
        from app.services.sync.importer import import_file

        db = open_database(db_path)
        import_file(db, package_path)
        db.close()
    finally:
        os._exit(0)


def _state(path) -> tuple[str, int, int]:
    con = sqlite3.connect(path)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        people = con.execute("SELECT count(*) FROM candidates WHERE unit_code = ?",
                             (COMMUNE,)).fetchone()[0]
        logged = con.execute("SELECT count(*) FROM sync_packages WHERE direction='in'").fetchone()[0]
        return check, people, logged
    finally:
        con.close()


def test_sigkill_during_import_leaves_all_or_nothing(template_db, tmp_path):
    o = offices(template_db, tmp_path / "o")
    with o.commune.transaction() as s:
        for i in range(ROWS):
            save_candidate(s, CandidateInput(kind="individual", unit_code=COMMUNE, ho="Rơ Mah",
                                             ten=f"Hlan {i}", birth_year=1980 + i % 30),
                           allow_duplicate=True, flush=False)
    with o.commune.transaction() as s:
        package_path = export.export_package(s, tmp_path).path
    o.close()
    clean = tmp_path / "o" / "tinh.sqlite"

    def start(n: int):
        target = tmp_path / f"run{n % 2}.sqlite"
        for suffix in ("", "-wal", "-shm", ".lock"):
            (tmp_path / f"run{n % 2}.sqlite{suffix}").unlink(missing_ok=True)
        shutil.copyfile(clean, target)
        pid = os.fork()
        if pid == 0:
            _child(target, package_path)
        return pid, target

    # How long one whole import takes here, to spread the kills over it.
    pid, target = start(0)
    t0 = time.monotonic()
    os.waitpid(pid, 0)
    whole = time.monotonic() - t0
    assert _state(target) == ("ok", ROWS, 1)

    rng = random.Random(12)
    outcomes = {"all": 0, "none": 0}
    running: list[tuple[int, object, float]] = []
    for n in range(KILLS):
        pid, target = start(n)
        running.append((pid, target, time.monotonic() + rng.uniform(0, whole * 1.1)))
        if len(running) == 2 or n == KILLS - 1:
            for pid, target, at in sorted(running, key=lambda r: r[2]):
                time.sleep(max(0.0, at - time.monotonic()))
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                check, people, logged = _state(target)
                assert check == "ok"
                assert (people, logged) in ((0, 0), (ROWS, 1)), (people, logged)
                outcomes["all" if logged else "none"] += 1
            running = []
    assert sum(outcomes.values()) == KILLS
    assert outcomes["none"] > 10  # the kills landed before and during the import …
