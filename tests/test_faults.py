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

def test_unknown_model_type_or_movement_lists_nothing(demo):
    for argv in (["--model-type", "XYZ"], ["--movement", "QQQ"]):
        done = run_cli("--db", str(demo), "list", "candidates", *argv, "--limit", "5")
        assert done.returncode == 0, done.stderr
        assert done.stdout == "" and "Traceback" not in done.stderr


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
