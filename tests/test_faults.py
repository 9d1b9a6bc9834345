"""Faults and bad input (issue 9): every failure ends with exit 3 (or 2) and a Vietnamese
message saying what to do, never a traceback, and the data is unchanged.

The conditions are real where the machine allows it: a small tmpfs filled to the brim, a
tmpfs remounted read-only, a second process holding SQLite's lock, real processes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from tests.faults_env import dump, fill_disk, make_read_only, run_cli, tmpfs


@pytest.fixture(scope="session")
def demo_db(template_db, tmp_path_factory) -> Path:
    from app.models.database import open_database
    from app.services.demo import DemoSize, generate

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(template_db, path)
    db = open_database(path)
    size = DemoSize.preset("commune")
    size.candidates = 60
    generate(db, size, seed=3)
    db.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert con.execute("SELECT count(*) FROM candidates").fetchone()[0] == 60
    con.close()
    return path


@pytest.fixture
def demo(demo_db, tmp_path) -> Path:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    return path


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- 1. output files ------------------------------------------------------------------------

OUTPUTS = [
    ("export-excel", "danh-sach.xlsx"),
    ("export-template", "mau-nhap.xlsx"),
    ("calibration", "can-chinh.pdf"),
]


def _output_argv(kind: str, db: Path, target: Path) -> list[str]:
    if kind == "calibration":
        return ["--db", str(db), "print", "calibration", "--out", str(target)]
    return ["--db", str(db), kind, str(target)]


@pytest.mark.parametrize(("kind", "name"), OUTPUTS)
def test_full_disk_keeps_the_old_output_file_and_leaves_no_partial_file(
        demo, tmp_path, capsys, kind, name):
    with tmpfs(tmp_path / "usb", "1m") as usb:
        old = usb / name
        old.write_bytes(b"the old file, still needed")
        fill_disk(usb, leave=2048)
        before = files_in(usb)
        code, _out, err = cli(capsys, *_output_argv(kind, demo, old))
        assert code == 3
        assert "ổ đĩa đã đầy" in err and "giải phóng dung lượng" in err and name in err
        assert "Traceback" not in err
        assert old.read_bytes() == b"the old file, still needed"
        assert files_in(usb) == before  # no temporary file left behind


@pytest.mark.parametrize(("kind", "name"), OUTPUTS)
def test_read_only_folder_is_named_with_what_to_do(demo, tmp_path, capsys, kind, name):
    with tmpfs(tmp_path / "ro", "1m") as folder:
        make_read_only(folder)
        code, _out, err = cli(capsys, *_output_argv(kind, demo, folder / name))
        assert code == 3
        assert "chỉ cho phép đọc" in err and "chọn thư mục khác" in err.lower()
        assert files_in(folder) == set()


def test_missing_folder_and_a_folder_as_the_file_name(demo, tmp_path, capsys):
    before = dump(demo)
    code, _out, err = cli(capsys, "--db", str(demo), "export-excel",
                          str(tmp_path / "khong-co" / "x.xlsx"))
    assert code == 3 and "không tồn tại" in err and "chọn thư mục khác" in err.lower()
    (tmp_path / "bao-cao.pdf").mkdir()
    code, _out, err = cli(capsys, "--db", str(demo), "print", "calibration", "--out",
                          str(tmp_path / "bao-cao.pdf"))
    assert code == 3 and "đây là một thư mục" in err
    assert dump(demo) == before


def test_a_file_open_in_another_program_keeps_its_content(demo, tmp_path, capsys,
                                                          monkeypatch):
    """Windows refuses to replace a file open in Excel (sharing violation, error 32);
    Linux does not lock, so the refusal is given the way Windows gives it."""
    target = tmp_path / "danh-sach.xlsx"
    target.write_bytes(b"open in Excel")
    real_replace = os.replace

    def sharing_violation(src, dst):  # noqa: ANN001
        if Path(dst) == target:
            exc = PermissionError(13, "The process cannot access the file")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", sharing_violation)
    code, _out, err = cli(capsys, "--db", str(demo), "export-excel", str(target))
    assert code == 3
    assert "đóng tệp trong chương trình đang mở nó" in err and "danh-sach.xlsx" in err
    assert target.read_bytes() == b"open in Excel"
    assert not [n for n in files_in(tmp_path) if n.endswith(".tmp")]


# --- 2. the database's environment ----------------------------------------------------------

def test_read_only_database_folder_opens_for_viewing_and_refuses_changes(demo, db_path,
                                                                         tmp_path, capsys):
    from app.models.database import ReadOnlyDatabase, open_database

    with tmpfs(tmp_path / "ro", "8m") as folder:
        shutil.copyfile(demo, folder / "dhtt.sqlite")
        make_read_only(folder)
        path = folder / "dhtt.sqlite"
        before = dump(path)
        with pytest.raises(ReadOnlyDatabase) as info:
            open_database(path)
        assert "chỉ xem" in info.value.message()
        db = open_database(path, read_only=True)
        try:
            assert db.read_only
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM candidates").scalar() == 60
        finally:
            db.close()
        code, out, err = cli(capsys, "--db", str(path), "list", "candidates", "--limit", "3")
        assert code == 0 and len(out.splitlines()) == 3, err
        code, _out, err = cli(capsys, "--db", str(path), "init", "--unit", "64")
        assert code == 3 and "chỉ cho phép đọc" in err and "hỏng" not in err
        assert dump(path) == before


def test_full_disk_while_writing_the_database_changes_nothing(db_path, tmp_path, capsys):
    with tmpfs(tmp_path / "full", "4m") as folder:
        path = folder / "dhtt.sqlite"
        shutil.copyfile(db_path, path)
        before = dump(path)
        fill_disk(folder)
        code, _out, err = cli(capsys, "--db", str(path), "demo", "--candidates", "400")
        assert code == 3, err
        assert "đã đầy" in err and "giải phóng dung lượng" in err and "hỏng" not in err
        assert "Traceback" not in err
        (folder / "filler.bin").unlink()
        assert dump(path) == before


def test_database_locked_by_another_program_past_the_timeout(db_path, tmp_path, capsys):
    demo = db_path
    before = dump(demo)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
         "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(30)", str(demo)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        code, _out, err = cli(capsys, "--db", str(demo), "demo", "--candidates", "1")
        assert time.monotonic() - started < 20
    finally:
        holder.kill()
        holder.communicate()
    assert code == 3
    assert "chương trình khác" in err and "thử lại" in err and "hỏng" not in err
    assert dump(demo) == before


def test_an_unreachable_folder_is_named_as_such(tmp_path, capsys):
    code, _out, err = cli(capsys, "--db", str(tmp_path / "usb-da-rut" / "dhtt.sqlite"),
                          "list", "candidates")
    assert code == 3 and "USB" in err and "hỏng" not in err


def test_damaged_is_said_only_when_sqlite_says_so_and_names_the_good_backup(demo, capsys):
    backup = demo.with_name("demo.backup-20260101-000000-0007_sync.sqlite")
    shutil.copyfile(demo, backup)
    data = bytearray(demo.read_bytes())
    for i in range(4096 * 3, len(data) - 4096, 7):  # wreck most pages, keep the header
        data[i] ^= 0x5A
    demo.write_bytes(bytes(data))
    code, _out, err = cli(capsys, "--db", str(demo), "check")
    assert code == 3 and "Traceback" not in err
    assert "hỏng" in err or "integrity" in err.lower() or "kiểm tra" in err
    code, _out, err = cli(capsys, "--db", str(demo), "list", "candidates")
    assert code == 3 and "bị hỏng" in err and backup.name in err


# --- 10. CLI edges --------------------------------------------------------------------------

def test_unknown_model_type_or_movement_lists_nothing(demo, capsys):
    done = run_cli("--db", str(demo), "list", "candidates", "--model-type", "XYZ",
                   "--limit", "5")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    code, out, err = cli(capsys, "--db", str(demo), "list", "candidates", "--movement", "QQQ",
                         "--limit", "5")
    assert code == 0 and out == "", err


def test_limit_beyond_64_bits_and_bad_text_are_usage_errors(demo):
    done = run_cli("--db", str(demo), "list", "candidates", "--limit", str(2 ** 70))
    assert done.returncode == 2 and "số nguyên" in done.stderr
    assert "Traceback" not in done.stderr
    bad = subprocess.run([sys.executable, "-m", "app", "--db", os.fsencode(demo), "list",
                          "candidates", "--search", b"\xff\xfeabc"], capture_output=True,
                         cwd=Path(__file__).resolve().parent.parent)
    err = bad.stderr.decode("utf-8")
    assert bad.returncode == 2 and "không phải văn bản hợp lệ" in err
    assert "Traceback" not in err


def test_output_into_a_windows_code_page_file_is_utf8(demo, tmp_path):
    out = tmp_path / "ds.txt"
    with open(out, "wb") as fh:
        done = subprocess.run([sys.executable, "-m", "app", "--db", str(demo), "list",
                               "candidates", "--limit", "5"], stdout=fh,
                              stderr=subprocess.PIPE, env={**os.environ,
                                                           "PYTHONIOENCODING": "cp1252"},
                              cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    lines = out.read_bytes().decode("utf-8").splitlines()
    assert len(lines) == 5
    con = sqlite3.connect(demo)
    names = {r[0] for r in con.execute("SELECT display_name FROM candidates")}
    con.close()
    assert {line.split("\t")[0] for line in lines} <= names
    assert any(any(ord(ch) > 127 for ch in line) for line in lines)


def test_schema_text_that_is_not_utf8_is_a_damaged_file_not_a_traceback(db_path, capsys):
    """A flipped byte in the schema's text makes SQLite's own error message undecodable
    (Python raises UnicodeDecodeError, not an SQLite error): every command, the quick
    sqlite3 reads included, says the file is damaged (a random flip found it)."""
    from app.models.database import is_sound

    con = sqlite3.connect(db_path)
    index = con.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                        "AND sql IS NOT NULL LIMIT 1").fetchone()[0]
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = CAST(X'435245415445CC20494E444558' AS TEXT) "
                "WHERE name = ?", (index,))
    con.commit()
    con.close()
    assert is_sound(db_path) is False
    for command in (["list", "candidates", "--limit", "3"], ["check"],
                    ["print", "certificates", "--out", str(db_path.with_name("gk.pdf")),
                     "--decision", "1/QĐ-UBND"]):
        code, _out, err = cli(capsys, "--db", str(db_path), *command)
        assert code == 3, (command, err)
        assert "bị hỏng" in err and "Traceback" not in err, command


# --- 3. damaged files -----------------------------------------------------------------------

def test_random_byte_flips_never_crash_check_or_opening(demo, tmp_path, capsys):
    """Hundreds of damaged copies: `dhtt check` and `dhtt list` end with exit 0 or 3 and,
    for 3, a message; never an exception (a traceback)."""
    import random

    rng = random.Random(9)
    original = demo.read_bytes()
    size = len(original)
    copy = tmp_path / "hong.sqlite"
    outcomes = {0: 0, 3: 0}
    for run in range(200):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            # A third of the flips in the header and the first pages (schema), where a
            # single byte matters most.
            at = rng.randrange(0, 8192) if rng.random() < 0.33 else rng.randrange(size)
            data[at] ^= 1 << rng.randrange(8)
        copy.write_bytes(bytes(data))
        for leftover in (copy.with_name(copy.name + s) for s in ("-wal", "-shm")):
            leftover.unlink(missing_ok=True)
        command = ["check"] if run % 2 == 0 else ["list", "candidates", "--limit", "3"]
        code, _out, err = cli(capsys, "--db", str(copy), *command)
        assert code in (0, 3), (run, code, err)
        if code == 3:
            assert err.strip(), run
        outcomes[code] += 1
    assert outcomes[3] > 15  # the flips were noticed, not all silently harmless


# --- 4. no personal data in logs ------------------------------------------------------------

def test_a_failing_write_leaves_no_name_in_the_crash_log(db, tmp_path, monkeypatch):
    """A write that fails inside the database (a unit that does not exist) goes to the crash
    log as the window's worker reports it: the error and where, not the person."""
    import traceback

    from sqlalchemy.exc import IntegrityError

    from app.models import Candidate
    from app.ui import dialogs

    monkeypatch.setattr(dialogs, "log_dir", lambda: tmp_path / "logs")
    secret = {"name": "Rơ Mah Bí Mật", "year": 1987, "ethnicity": "Jrai", "ascii": "Ksor Hlip"}
    with pytest.raises(IntegrityError) as info:
        with db.transaction() as session:
            session.add(Candidate(kind="individual", display_name=secret["name"],
                                  ho="Rơ Mah", ten="Bí Mật", birth_year=secret["year"],
                                  ethnicity=secret["ethnicity"], workplace=secret["ascii"],
                                  unit_code="99999", status="dang_ky", year=2024,
                                  owner_unit_code="64"))
    exc = info.value
    # As ops.py keeps it for a failure in the worker thread:
    exc.__dhtt_traceback__ = "".join(  # type: ignore[attr-defined]
        traceback.format_exception(type(exc), exc, exc.__traceback__))
    log = dialogs.write_crash_log(exc)
    text = log.read_text(encoding="utf-8")
    assert "IntegrityError" in text and "FOREIGN KEY" in text  # the error is still there
    assert "test_faults.py" in text  # and where it happened
    for value in secret.values():
        assert str(value) not in text
    for word in ("Mah", "Bí", "Jrai", "Hlip"):
        assert word not in text
    if os.name == "posix":
        assert log.stat().st_mode & 0o777 == 0o600


def test_database_lock_file_and_backups_are_owner_only(tmp_path):
    from app.models.database import FileLock, open_database

    path = tmp_path / "moi.sqlite"
    with FileLock(path):
        open_database(path).close()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "moi.sqlite.lock").stat().st_mode & 0o777 == 0o600


# --- 8. the lock that protects the file -----------------------------------------------------

def _count_in_new_process(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect("
         "'file:' + sys.argv[1] + '?mode=ro', uri=True); "
         "print(c.execute('SELECT count(*) FROM candidates').fetchone()[0])", str(path)],
        capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(os.name != "posix", reason="POSIX locks are dropped only on POSIX")
def test_a_cli_read_while_the_window_lost_its_posix_locks_hides_nothing(demo):
    """The sequence of the report: the window writes rows (they sit in the -wal file); a
    file dialog closes a descriptor of the database file, which drops every SQLite lock of
    the window's process; `dhtt list` runs. It must not delete the -wal file: the rows stay
    visible to other programs and the window's later commits too."""
    from app.models.database import FileLock, open_database

    lock = FileLock(demo)
    lock.acquire()
    window = open_database(demo)
    try:
        with window.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(candidates)")]
            values = ["id || '-b'" if c == "id" else c for c in columns]
            conn.exec_driver_sql(f"INSERT INTO candidates ({', '.join(columns)}) SELECT "
                                 f"{', '.join(values)} FROM candidates LIMIT 4")
        assert _count_in_new_process(demo) == 64
        os.close(os.open(demo, os.O_RDONLY))  # what the file dialog did: locks are gone
        done = run_cli("--db", str(demo), "list", "candidates", "--limit", "5")
        assert done.returncode == 0, done.stderr
        assert Path(str(demo) + "-wal").exists()
        assert _count_in_new_process(demo) == 64
        with window.engine.begin() as conn:  # the window goes on working
            values = ["id || '-c'" if c == "id" else c for c in columns]
            conn.exec_driver_sql(f"INSERT INTO candidates ({', '.join(columns)}) SELECT "
                                 f"{', '.join(values)} FROM candidates LIMIT 2")
        assert _count_in_new_process(demo) == 66
    finally:
        window.close()
        lock.release()
    assert _count_in_new_process(demo) == 66


# --- 7. upgrades and backups made safely ----------------------------------------------------

@pytest.fixture
def old_file(tmp_path) -> Path:
    from app.models.database import KNOWN_REVISIONS, upgrade

    path = tmp_path / "cu.sqlite"
    upgrade(path, KNOWN_REVISIONS[0])
    con = sqlite3.connect(path)
    con.execute("INSERT INTO admin_units (code, official_code, name, unit_type, level, "
                "name_search, sort_key, id, created_at, updated_at, deleted) VALUES ('64', "
                "'64', 'Gia Lai', 'Tỉnh', 'province', 'gia lai', 'gia lai', 'u64', "
                "'2024-01-01', '2024-01-01', 0)")
    con.commit()
    con.close()
    return path


def test_two_commands_opening_an_old_file_at_once_both_succeed(old_file):
    from app.models.database import HEAD_REVISION, backups_of, file_revision

    argv = [sys.executable, "-m", "app", "--db", str(old_file), "list", "units"]
    root = Path(__file__).resolve().parent.parent
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=root) for _ in range(2)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    for out, err, code in results:
        assert code == 0, err
        assert "Gia Lai" in out and "Traceback" not in err
    assert file_revision(old_file) == HEAD_REVISION
    assert len(backups_of(old_file)) == 1


KILL_IN_BACKUP = """
import os, signal, sqlite3, sys
from pathlib import Path
import app.models.database as database
def copy_then_die(src, target):
    dst = sqlite3.connect(str(target))
    def progress(status, remaining, total):
        os.kill(os.getpid(), signal.SIGKILL)  # a real kill, half-way through the copy
    src.backup(dst, pages=1, progress=progress)
database._copy_into = copy_then_die
database.open_database(Path(sys.argv[1]))
"""


def test_a_kill_during_the_backup_leaves_no_backup_that_opens_empty(old_file):
    from app.models.database import HEAD_REVISION, backups_of, file_revision, is_sound

    before = dump(old_file)
    done = subprocess.run([sys.executable, "-c", KILL_IN_BACKUP, str(old_file)],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True)
    assert done.returncode == -9
    assert backups_of(old_file) == []  # only a .part, which is not a backup
    assert dump(old_file) == before
    done2 = run_cli("--db", str(old_file), "list", "units")
    assert done2.returncode == 0, done2.stderr
    backups = backups_of(old_file)
    assert len(backups) == 1 and is_sound(backups[0])
    assert "Gia Lai" in "".join(dump(backups[0]))
    assert not list(old_file.parent.glob("*.part"))
    assert file_revision(old_file) == HEAD_REVISION


def test_an_upgrade_without_space_says_how_much_and_leaves_no_backups(tmp_path, capsys):
    from app.models.database import KNOWN_REVISIONS, backups_of, upgrade

    with tmpfs(tmp_path / "nho", "6m") as folder:
        path = folder / "cu.sqlite"
        upgrade(path, KNOWN_REVISIONS[0])
        before = dump(path)
        for _attempt in range(2):
            code, _out, err = cli(capsys, "--db", str(path), "list", "units")
            assert code == 3
            assert "cần" in err and "MB" in err and "giải phóng dung lượng" in err.lower()
        assert backups_of(path) == []
        assert not [p for p in folder.iterdir() if ".backup-" in p.name]
        assert dump(path) == before


WINDOW_READ_ONLY = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QLabel, QMessageBox
from app.ui import application
from app.ui.main_window import MainWindow

def question(_parent, _title, text, *_args):
    print("ASKED", text.replace(chr(10), " "), flush=True)
    return QMessageBox.StandardButton.Yes

QMessageBox.question = question
real_close_event = MainWindow.closeEvent

def close_event(self, event):  # the status bar as the user saw it, when the window closes
    labels = self.statusBar().findChildren(QLabel)
    print("STATUS", " ".join(label.text() for label in labels), flush=True)
    real_close_event(self, event)

MainWindow.closeEvent = close_event
sys.exit(application.run(Path(sys.argv[1]), quit_after=1.5))
"""


def test_the_window_on_a_read_only_folder_opens_read_only_and_says_so(demo, tmp_path):
    """A real window process on a read-only mount (the whole event loop runs, so it runs
    in its own process): asked, then opened read-only, the status bar saying so; the file
    is unchanged."""
    with tmpfs(tmp_path / "ro", "8m") as folder:
        path = folder / "dhtt.sqlite"
        shutil.copyfile(demo, path)
        make_read_only(folder)
        before = dump(path)
        done = subprocess.run([sys.executable, "-c", WINDOW_READ_ONLY, str(path)],
                              capture_output=True, text=True, timeout=120,
                              cwd=Path(__file__).resolve().parent.parent,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert done.returncode == 0, done.stderr
        asked = [line for line in done.stdout.splitlines() if line.startswith("ASKED")]
        status = [line for line in done.stdout.splitlines() if line.startswith("STATUS")]
        assert asked and "chỉ xem" in asked[0], (done.stdout, done.stderr[-2000:])
        assert status and "Chỉ xem" in status[0]
        assert "Traceback" not in done.stderr
        assert dump(path) == before


# --- 5. numbers and limits in Excel ---------------------------------------------------------

def _register_file(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Loại đối tượng", "Họ và tên", "Mã đơn vị", "Số thành viên", "Doanh thu (đồng)",
               "Năm"])
    for row in rows:
        ws.append(row)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type
    wb.save(path)
    return path


def test_numbers_too_large_or_not_numbers_are_refused_by_row_and_column(db_path, tmp_path,
                                                                        capsys):
    import json

    file = _register_file(tmp_path / "so.xlsx", [
        ["Tập thể", "Tổ hợp tác A", "64", "12", "99999999999999999999999", "2024"],
        ["Tập thể", "Tổ hợp tác B", "64", "nan", "", "2024"],
        ["Tập thể", "Tổ hợp tác C", "64", "3", "inf", "2024"],
        ["Tập thể", "Tổ hợp tác D", "64", "3", "", "1e400"],
        ["Tập thể", "Tổ hợp tác E", "64", "3", 2 ** 70, "2024"],
        ["Tập thể", "Tổ hợp tác F", "64", "3", "1000000", "2024"],
    ])
    before = dump(db_path)
    reports = []
    for extra in (["--dry-run"], []):
        code, out, err = cli(capsys, "--db", str(db_path), "import-excel", str(file), "--json",
                             *extra)
        assert code == 3, err
        report = json.loads(out)
        reports.append({(e["row"], e["column"]) for e in report["errors"]})
    assert reports[0] == reports[1] == {(2, "Doanh thu (đồng)"), (3, "Số thành viên"),
                                        (4, "Doanh thu (đồng)"), (5, "Năm"),
                                        (6, "Doanh thu (đồng)")}
    assert dump(db_path) == before


def test_a_sheet_with_too_many_rows_is_refused_while_reading(db, tmp_path, monkeypatch):
    from app.errors import InputError
    from app.services import excel
    from app.services.xlsx_writer import write_table

    monkeypatch.setattr(excel, "MAX_ROWS", 100)
    read = []
    real_iter = None

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    real_iter = ReadOnlyWorksheet.iter_rows

    def counting(self, *a, **k):  # noqa: ANN001, ANN202
        for row in real_iter(self, *a, **k):
            read.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counting)
    path = tmp_path / "lon.xlsx"
    write_table(path, "DS", ["Loại đối tượng", "Họ và tên", "Mã đơn vị"],
                (["Tập thể", f"Tổ {i}", "64"] for i in range(20_000)))
    with db.session() as session, pytest.raises(InputError) as info:
        excel.preview_import(session, path)
    assert "100" in info.value.message()
    assert len(read) <= 102  # stopped as soon as the limit was passed


BOMB_MB = 420


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> Path:
    """A real .xlsx whose sheet inflates to 420 MB (about 0.4 MB on the disk)."""
    import zipfile

    from app.services import xlsx_writer

    path = tmp_path_factory.mktemp("bomb") / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", xlsx_writer.CONTENT_TYPES)
        zf.writestr("_rels/.rels", xlsx_writer.ROOT_RELS)
        zf.writestr("xl/_rels/workbook.xml.rels", xlsx_writer.WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", xlsx_writer.STYLES)
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.'
                    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
                    'name="A" sheetId="1" r:id="rId1"/></sheets></workbook>')
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            raw.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                      b'.org/spreadsheetml/2006/main"><sheetData>')
            chunk = b" " * (1024 * 1024)
            for _ in range(BOMB_MB):
                raw.write(chunk)
            raw.write(b"</sheetData></worksheet>")
    return path


PEAK_MEMORY = """
import sys
from app.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as fh:  # this program's own peak (VmHWM), in kB
    peak = [line.split()[1] for line in fh if line.startswith("VmHWM")]
print("PEAK", peak[0] if peak else 0, flush=True)
sys.exit(code)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory from /proc")
def test_a_zip_bomb_is_refused_in_seconds_with_little_memory(db_path, zip_bomb):
    assert zip_bomb.stat().st_size < 3 * 1024 * 1024
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", PEAK_MEMORY, "--db", str(db_path),
                           "import-excel", str(zip_bomb), "--dry-run"], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
    elapsed = time.monotonic() - started
    assert done.returncode == 3, done.stderr
    assert "MB" in done.stderr and "Traceback" not in done.stderr
    assert elapsed < 20
    peak = [int(line.split()[1]) for line in done.stdout.splitlines()
            if line.startswith("PEAK")]
    assert peak and peak[0] < 300 * 1024  # under 300 MB


# --- 6. cells that look like formulas -------------------------------------------------------

def _formulas_and_cells(path: Path) -> tuple[list[str], dict[str, object]]:
    """The <f> elements of every sheet, and each text cell's value (openpyxl, formulas kept)."""
    import re
    import zipfile

    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as zf:
        formulas = [m for name in zf.namelist() if name.startswith("xl/worksheets/")
                    for m in re.findall(r"<f[ >].*?</f>", zf.read(name).decode("utf-8"))]
    wb = load_workbook(path)  # not data_only: a formula would come back as a formula
    cells = {f"{ws.title}!{c.coordinate}": c.value for ws in wb.worksheets
             for row in ws.iter_rows() for c in row if c.value is not None}
    return formulas, cells


DANGEROUS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2+3", "@SUM(1)"]


def test_text_that_looks_like_a_formula_is_written_as_text_everywhere(db, tmp_path):
    from app.models import Movement
    from app.services.candidates import CandidateFilter
    from app.services.excel import export_candidates, export_template
    from app.services.register import CandidateInput, save_candidate

    with db.transaction() as session:
        for name in DANGEROUS:
            save_candidate(session, CandidateInput(kind="collective", unit_code="64",
                                                   display_name=name, summary=name,
                                                   year=2024))
        session.add(Movement(code="=1+2", name="@cmd", sort_order=99))
    with db.session() as session:
        export_candidates(session, tmp_path / "ds.xlsx", CandidateFilter())
        export_template(session, tmp_path / "mau.xlsx")
    for name in ("ds.xlsx", "mau.xlsx"):
        formulas, cells = _formulas_and_cells(tmp_path / name)
        assert formulas == [], name
        values = {v for v in cells.values() if isinstance(v, str)}
        if name == "ds.xlsx":
            assert set(DANGEROUS) <= values
        else:  # the hidden lists hold the movement's code or its name, both as text
            assert {"=1+2", "@cmd"} & values, name


def test_unit_codes_from_a_list_must_look_like_unit_codes(db_path, tmp_path, capsys):
    units = tmp_path / "don-vi.csv"
    units.write_text("code,name,unit_type,level,parent_code,valid_from,valid_to,"
                     "successor_code\n=HYPERLINK(1),Xã Lạ,Xã,commune,64,,,\n", encoding="utf-8")
    before = dump(db_path)
    code, _out, err = cli(capsys, "--db", str(db_path), "import-units", str(units))
    assert code == 3 and "không phải mã đơn vị" in err
    assert dump(db_path) == before


# --- 11. evidence files ---------------------------------------------------------------------

def _jpeg() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return bytes(data.data())


def _docx_with(extra: dict[str, bytes]) -> bytes:
    import zipfile
    from io import BytesIO

    from docx import Document

    out = BytesIO()
    Document().save(out)
    src = zipfile.ZipFile(BytesIO(out.getvalue()))
    result = BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        for name, content in extra.items():
            zf.writestr(name, content)
    return result.getvalue()


def test_evidence_is_checked_through_its_whole_structure(db, tmp_path, qtbot):
    from sqlalchemy import func, select

    from app.errors import InputError
    from app.models import EvidenceFile
    from app.services import evidence
    from app.services.register import CandidateInput, save_candidate

    jpeg = _jpeg()
    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="collective", unit_code="64",
                                               display_name="Tổ hợp tác X", year=2024)).candidate_id
    good = {"anh.jpg": jpeg, "anh-kem-xem-truoc.jpg": jpeg + jpeg,
            "bien-ban.docx": _docx_with({"word/media/image1.png": b"\x89PNG..."})}
    bad = {
        "anh.jpg": jpeg[:4] + b"<script>alert(1)</script>" * 20,  # a JPEG header, a script
        "anh-cat.jpg": jpeg[: len(jpeg) // 2],  # cut short: no end marker
        "anh-them.jpg": jpeg + b"#!/bin/sh\nrm -rf ~\n",  # something after the end
        "bien-ban.docx": _docx_with({"word/embeddings/setup.exe": b"MZ\x90\x00program"}),
        "bien-ban-2.docx": _docx_with({"word/media/image1.png": b"MZ\x90\x00program"}),
        "bao-cao.pdf": b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
                       b"endobj\ntrailer<<>>\n%%EOF\n",
    }
    for name, content in good.items():
        path = tmp_path / name
        path.write_bytes(content)
        with db.transaction() as s:
            evidence.add_evidence(s, cid, path)
    for name, content in bad.items():
        path = tmp_path / "xau" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        with pytest.raises(InputError) as info, db.transaction() as s:
            evidence.add_evidence(s, cid, path)
        assert name in info.value.message() and "không thực sự" in info.value.message(), name
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == len(good)


@pytest.mark.skipif(os.name != "posix", reason="links and device files as on Linux")
def test_links_and_device_files_are_refused_as_evidence(db, tmp_path):
    from app.errors import InputError
    from app.services import evidence
    from app.services.register import CandidateInput, save_candidate

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="collective", unit_code="64",
                                               display_name="Tổ hợp tác Y", year=2024)).candidate_id
    real = tmp_path / "that.jpg"
    real.write_bytes(_jpeg())
    link = tmp_path / "lien-ket.jpg"
    link.symlink_to(real)
    device = tmp_path / "thiet-bi.pdf"
    device.symlink_to("/dev/zero")
    fifo = tmp_path / "ong.pdf"
    os.mkfifo(fifo)
    for path, words in ((link, "liên kết"), (device, "liên kết"), (fifo, "không phải tệp")):
        with pytest.raises(InputError) as info, db.transaction() as s:
            evidence.add_evidence(s, cid, path)
        assert words in info.value.message(), path


def test_export_to_a_csv_name_is_refused(demo, tmp_path, capsys):
    for command in ("export-excel", "export-template"):
        code, _out, err = cli(capsys, "--db", str(demo), command, str(tmp_path / "ds.csv"))
        assert code == 3 and ".xlsx" in err
    assert not (tmp_path / "ds.csv").exists()


def test_the_window_shows_the_same_message_as_the_command_line(ctx, tmp_path, monkeypatch,
                                                               capsys, db_path):
    """Exporting from the window into a full disk: the window's message is the command's."""
    from PySide6.QtWidgets import QFileDialog

    from app.services.candidates import CandidateFilter
    from app.ui.excel.actions import export_excel

    with tmpfs(tmp_path / "usb", "1m") as usb:
        target = usb / "danh-sach.xlsx"
        target.write_bytes(b"old")
        fill_disk(usb)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_a, **_k: (str(target), ""))
        export_excel(ctx, None, CandidateFilter())
        code, _out, err = cli(capsys, "--db", str(db_path), "export-excel", str(target))
        assert code == 3
        assert ctx.errors == [err.removeprefix("dhtt: ").strip()]
        assert "ổ đĩa đã đầy" in ctx.errors[0] and target.read_bytes() == b"old"


@pytest.mark.skipif(os.name != "posix", reason="file owners as on Linux")
def test_a_lock_file_of_another_user_is_named_with_what_to_do(tmp_path):
    """The lock file was left by another account: opening it is refused by the system."""
    import tempfile

    from app.errors import DomainError
    from app.models.database import FileLock

    folder = Path(tempfile.mkdtemp(prefix="dhtt-lock-"))
    try:
        folder.chmod(0o777)
        db_file = folder / "dhtt.sqlite"
        lock_file = folder / "dhtt.sqlite.lock"
        lock_file.write_text("")
        lock_file.chmod(0o600 if os.geteuid() == 0 else 0o000)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the other user (root tests run it as "nobody")
            os.close(read_end)
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                try:
                    FileLock(db_file).acquire()
                    message = "acquired"
                except DomainError as exc:
                    message = exc.message()
                os.write(write_end, message.encode("utf-8"))
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as fh:
            message = fh.read().decode("utf-8")
        os.waitpid(pid, 0)
        assert "thuộc về một người dùng khác" in message and str(lock_file) in message
    finally:
        shutil.rmtree(folder, ignore_errors=True)
