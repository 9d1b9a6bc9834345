"""Backup copies and restoring them: real files, a real process killed mid-copy."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.errors import InputError
from app.models import Candidate
from app.services import audit
from app.services.backup import (
    FOLDER_NAME,
    BackupSettings,
    Reason,
    backup_due,
    check_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    restore,
    restore_preview,
    rotate,
    save_backup_settings,
)
from app.services.register import CandidateInput, save_candidate

ROOT = Path(__file__).resolve().parent.parent


def add_person(db, ten: str) -> str:
    with db.transaction() as s:
        return save_candidate(s, CandidateInput(
            kind="individual", unit_code="23764", ho="Ksor", ten=ten, model_type_code="3.2.2b",
            movement_code="DSVH", year=2025, summary="Giữ gìn văn hóa")).candidate_id


def names(db) -> list[str]:
    with db.session() as s:
        return sorted(s.scalars(select(Candidate.display_name)))


def test_a_backup_is_verified_listed_and_skips_a_missing_usb_drive(db, tmp_path):
    add_person(db, "Blơi")
    usb = tmp_path / "usb"
    with db.transaction() as s:
        save_backup_settings(s, BackupSettings(second_folder=str(usb)))
    assert backup_due(db)
    result = make_backup(db, Reason.DAILY)
    assert [p.parent for p in result.paths] == [db.path.parent / FOLDER_NAME]
    assert len(result.notices) == 1 and str(usb) in result.notices[0]
    assert "USB" in result.notices[0]
    assert not backup_due(db)
    copy = sqlite3.connect(result.paths[0])
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT display_name FROM candidates").fetchall() == [("Ksor Blơi",)]
    copy.close()
    usb.mkdir()  # the drive is plugged in: both folders get a copy
    result = make_backup(db, Reason.MANUAL, now=datetime.now() + timedelta(seconds=2))
    assert len(result.paths) == 2 and not result.notices
    listed = list_backups(db)
    assert [b.reason for b in listed] == [Reason.MANUAL, Reason.MANUAL, Reason.DAILY]
    assert all(b.size == b.path.stat().st_size > 0 for b in listed)
    with db.session() as s:
        entries = audit.list_entries(s, audit.AuditFilter(action=audit.Action.BACKUP))
    assert len(entries) == 2 and audit.verify(db.session()).whole


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_backup_copy_is_readable_by_its_owner_only(db):
    # It holds people's names, birth years and ethnicity, like the database itself.
    add_person(db, "Blơi")
    (copy,) = make_backup(db, Reason.MANUAL).paths
    assert copy.stat().st_mode & 0o777 == 0o600


def test_a_folder_that_cannot_be_written_is_a_notice(db, tmp_path):
    # /proc refuses new files even to root: a read-only folder on any account.
    unwritable = Path("/proc") if sys.platform == "linux" else tmp_path
    if sys.platform != "linux":
        unwritable.chmod(0o500)
    result = make_backup(db, Reason.MANUAL, to=unwritable)
    assert not result.paths and str(unwritable) in result.notices[0]
    assert "không bị khóa ghi" in result.notices[0]
    plain_file = tmp_path / "not-a-folder"
    plain_file.write_text("x")
    with db.transaction() as s:
        save_backup_settings(s, BackupSettings(second_folder=str(plain_file)))
    result = make_backup(db, Reason.MANUAL)
    assert len(result.paths) == 1 and str(plain_file) in result.notices[0]


def test_rotation_keeps_7_days_4_weeks_12_months_and_every_manual_copy(tmp_path):
    folder = tmp_path / FOLDER_NAME
    folder.mkdir()
    day = datetime(2026, 1, 1, 17, 0)
    while day <= datetime(2026, 4, 10, 17, 0):  # a daily copy for 100 days
        (folder / f"dhtt-{day:%Y%m%d-%H%M%S}-daily.sqlite").write_bytes(b"x")
        day += timedelta(days=1)
    (folder / "dhtt-20260102-090000-manual.sqlite").write_bytes(b"x")
    rotate(folder, BackupSettings())
    kept = sorted(p.name[5:13] for p in folder.iterdir())
    # 10/4/2026 is a Friday. Days: 4-10/4; weeks: 5/4, 29/3, 22/3; months: 31/3, 28/2, 31/1;
    # and the copy made by hand.
    assert kept == ["20260102", "20260131", "20260228", "20260322", "20260329", "20260331",
                    "20260404", "20260405", "20260406", "20260407", "20260408", "20260409",
                    "20260410"]


def test_restore_round_trip_with_what_is_lost_and_a_copy_of_the_current_file(db):
    add_person(db, "Blơi")
    copy = make_backup(db, Reason.MANUAL).paths[0]
    later = add_person(db, "Ngơr")
    preview = restore_preview(db, copy)
    assert preview.lost_changes == 2  # the candidate and its first status
    assert any("điển hình" in line for line in preview.lost_sample)
    assert preview.check.last_change is not None
    result = restore(db, copy)
    assert names(db) == ["Ksor Blơi"]
    assert result.saved_copy.name.endswith("-pre-restore.sqlite")
    saved = sqlite3.connect(result.saved_copy)
    assert saved.execute("SELECT count(*) FROM candidates WHERE id = ?", (later,)).fetchone() == (1,)
    saved.close()
    with db.session() as s:
        assert audit.verify(s).whole
        assert audit.list_entries(s, audit.AuditFilter(), limit=1)[0].action == "restore"
    # And back again: the copy made before the restore brings Ngơr back.
    restore(db, result.saved_copy)
    assert names(db) == ["Ksor Blơi", "Ksor Ngơr"]


def test_a_bad_restore_file_is_refused_before_anything_changes(db, tmp_path):
    add_person(db, "Blơi")
    text_file = tmp_path / "ghi-chu.sqlite"
    text_file.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    other = tmp_path / "khac.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    newer = make_backup(db, Reason.MANUAL).paths[0]
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    con.commit()
    con.close()
    damaged = tmp_path / "hong.sqlite"
    data = bytearray(make_backup(db, Reason.MANUAL, to=tmp_path).paths[0].read_bytes())
    data[4096 * 3:4096 * 12] = b"\xff" * (4096 * 9)
    damaged.write_bytes(bytes(data))
    before = len(list_backups(db))
    for path, message in ((text_file, "không phải cơ sở dữ liệu"), (other, "không phải"),
                          (newer, "phiên bản DHTT mới hơn"), (damaged, "hỏng"),
                          (tmp_path / "khong-co.sqlite", "không có")):
        with pytest.raises(InputError) as info:
            restore(db, path)
        assert message in info.value.message().lower() or message in info.value.message()
    assert names(db) == ["Ksor Blơi"]
    assert len(list_backups(db)) == before  # not even the pre-restore copy was made


def test_cli_backup_list_and_restore(db_path, tmp_path, capsys):
    out_dir = tmp_path / "usb"
    out_dir.mkdir()
    assert main(["--db", str(db_path), "backup"]) == 0
    assert main(["--db", str(db_path), "backup", "--to", str(out_dir)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "backups", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in rows] == ["manual"]  # --to copies are not in the list
    assert main(["--db", str(db_path), "restore", rows[0]["path"]]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    assert main(["--db", str(db_path), "restore", str(tmp_path / "nothing.sqlite")]) == 3
    assert "không có" in capsys.readouterr().err.lower()


def test_a_damaged_file_is_offered_the_newest_good_backup(db):
    add_person(db, "Blơi")
    make_backup(db, Reason.DAILY, now=datetime(2026, 3, 1, 17))
    newest = make_backup(db, Reason.DAILY, now=datetime(2026, 3, 2, 17)).paths[0]
    newest.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # the newest copy is broken
    found = newest_good_backup(db.path)
    assert found is not None and found[0].made_at == datetime(2026, 3, 1, 17)
    assert found[1].last_change is not None


CHILD = textwrap.dedent("""
    import sys, time
    from app.models.database import open_database
    from app.services.backup import Reason, make_backup

    db = open_database(sys.argv[1])

    def step(done, total):
        print("STEP", done, total, flush=True)
        time.sleep(0.2)

    make_backup(db, Reason.DAILY, progress=step, pages=4)
    print("DONE", flush=True)
""")


def test_killing_the_program_during_an_automatic_backup_leaves_no_half_copy(db, db_path):
    add_person(db, "Blơi")
    db.close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.startswith("STEP"), line
        line = child.stdout.readline()  # a few pages are written
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
    folder = db_path.parent / FOLDER_NAME
    left = sorted(p.name for p in folder.iterdir())
    assert left and all(".sqlite.part" in name for name in left), (line, left)
    from app.models.database import open_database

    again = open_database(db_path)
    try:
        assert list_backups(again) == []  # the cut-off copy is not listed as a backup
        assert names(again) == ["Ksor Blơi"]
        result = make_backup(again, Reason.DAILY)
        assert [p.name for p in folder.iterdir()] == [result.paths[0].name]
        assert check_backup(result.paths[0]).revision
    finally:
        again.close()


def test_the_copy_made_before_an_upgrade_is_listed(db):
    from app.models.database import backup_path

    copy = make_backup(db, Reason.MANUAL).paths[0]
    upgrade_copy = backup_path(db.path, "0005_villages", datetime(2026, 1, 2, 8, 30))
    upgrade_copy.write_bytes(copy.read_bytes())
    listed = list_backups(db)
    assert [(b.reason, b.path) for b in listed][-1] == (Reason.UPGRADE, upgrade_copy)


# --- the copy made from the file's own bytes (issue 13: a 500 MB file in a second) -----------


def _copy_names(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT display_name FROM candidates"))
    finally:
        con.close()


def test_a_copy_holds_the_register_as_it_was_when_begun_not_what_came_after(db):
    from app.services.backup import begin_backup

    add_person(db, "Blơi")
    pending = begin_backup(db, Reason.IMPORT)
    assert pending.snapshot is not None  # the file's bytes are copied, not page by page
    add_person(db, "Hlan")  # written while the copy is still to be made
    pending.start()
    copy = pending.keep().paths[0]
    assert _copy_names(copy) == ["Ksor Blơi"]
    assert names(db) == ["Ksor Blơi", "Ksor Hlan"]
    assert check_backup(copy).revision
    assert (copy.stat().st_mode & 0o777) == 0o600


def test_the_register_may_be_written_while_its_copies_are_made(db, db_path, tmp_path):
    # An import writes as soon as the snapshot is taken, not after the copies' bytes: what it
    # writes meanwhile reaches neither copy (the second folder's neither), and the log is
    # not emptied into the file while the copies read it.
    import threading

    from app.services.backup import begin_backup

    usb = tmp_path / "usb"
    usb.mkdir()
    with db.transaction() as s:
        save_backup_settings(s, BackupSettings(second_folder=str(usb)))
    add_person(db, "Blơi")
    copying, go_on, went_on = threading.Event(), threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        if not copying.is_set():
            copying.set()
            go_on.wait(20)
            went_on.set()

    pending = begin_backup(db, Reason.IMPORT, progress=progress, pages=1)
    assert pending.snapshot is not None
    pending.start()
    assert copying.wait(20)
    pending.wait_copied()  # returns while the first copy is still being written
    assert not went_on.is_set()
    add_person(db, "Hlan")
    other = sqlite3.connect(db_path)
    try:
        busy = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        other.close()
    assert busy[0] == 1  # the log could not be emptied into the file being copied
    go_on.set()
    result = pending.keep()
    assert [p.parent for p in result.paths] == [db_path.parent / FOLDER_NAME, usb]
    for copy in result.paths:
        assert _copy_names(copy) == ["Ksor Blơi"]
        assert check_backup(copy).revision
    assert names(db) == ["Ksor Blơi", "Ksor Hlan"]


def test_without_the_snapshot_a_write_waits_for_the_copy(db, db_path):
    # Another program reads the file, so the copy is made page by page: the importer's
    # write must wait until the copy has read the database.
    from app.services.backup import begin_backup

    add_person(db, "Blơi")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM candidates").fetchone()
    try:
        add_person(db, "Hlan")  # waits in the log: the file alone is not the register
        pending = begin_backup(db, Reason.IMPORT)
        assert pending.snapshot is None and not pending.frozen
        pending.start()
        pending.wait_copied()
        add_person(db, "Mai")
        copy = pending.keep().paths[0]
    finally:
        reader.close()
    assert _copy_names(copy) == ["Ksor Blơi", "Ksor Hlan"]


def test_a_change_still_in_the_log_is_in_the_copy(db, db_path):
    # Another program reads the file: the log cannot be emptied into it, so the copy is
    # made page by page by SQLite, and the change waiting in the log is in it.
    add_person(db, "Blơi")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM candidates").fetchone()
    try:
        add_person(db, "Hlan")
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        copy = make_backup(db, Reason.MANUAL).paths[0]
    finally:
        reader.close()
    assert _copy_names(copy) == ["Ksor Blơi", "Ksor Hlan"]


def test_an_import_that_is_refused_or_only_checked_leaves_no_copy(db_path, tmp_path, capsys):
    from openpyxl import Workbook

    folder = db_path.parent / FOLDER_NAME
    bad = tmp_path / "loi.xlsx"
    wb = Workbook()
    wb.active.append(["Loại đối tượng", "Họ", "Tên", "Mã đơn vị"])
    wb.active.append(["Cá nhân", "Ksor", "Blơi", "không có"])
    wb.save(bad)
    assert main(["--db", str(db_path), "import-excel", str(bad)]) == 3
    assert not folder.exists() or list(folder.iterdir()) == []
    good = tmp_path / "dung.xlsx"
    wb = Workbook()
    wb.active.append(["Loại đối tượng", "Họ", "Tên", "Mã đơn vị"])
    wb.active.append(["Cá nhân", "Ksor", "Blơi", "23764"])
    wb.save(good)
    assert main(["--db", str(db_path), "import-excel", str(good), "--dry-run"]) == 0
    assert not folder.exists() or list(folder.iterdir()) == []
    assert main(["--db", str(db_path), "import-excel", str(good)]) == 0
    copies = list(folder.iterdir())
    assert len(copies) == 1 and copies[0].name.endswith("-import.sqlite")
    assert _copy_names(copies[0]) == []  # the register before the import
    capsys.readouterr()
