"""Smoke test of the BUILT program dist/dhtt/ (installer/build-linux.sh), not the source.

The bundled program runs offscreen, in a temporary home and data folder, from a folder
outside the source tree, with no Python of ours on its path: it creates the database in
the data folder, fills in the demo data, prints one decision's certificates, writes one
review to Word, exchanges a sync package when the bundle has that feature, and opens the
window and quits; each must exit 0 and leave the right file behind.

Runs only on a bundle built from the sources as they are now (dist/dhtt/.source-hash);
otherwise every test here is skipped with the reason, and scripts/test.sh prints it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "dhtt"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
PROGRAM = BUNDLE / f"dhtt{EXE}"  # on Windows the window program, without a console
CLI = BUNDLE / f"dhtt-cli{EXE}"
OFFICE = "628"  # huyện Ia Grai

sys.path.insert(0, str(ROOT / "installer"))
from bundle_hash import bundle_problem  # noqa: E402

pytestmark = pytest.mark.skipif(bundle_problem() is not None,
                                reason=f"bundle smoke test skipped: {bundle_problem()}")


class Bundle:
    """The bundled program in a private home, data folder and working folder."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.work = base / "work"
        self.work.mkdir()
        self.data_dir = base / "data" / "DHTT"
        # Nothing of the developer's Python reaches the bundle.
        inherited = {k: v for k, v in os.environ.items()
                     if k.upper() in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "COMSPEC")}
        self.env = {
            **inherited, "PATH": os.defpath, "LANG": "C.UTF-8", "HOME": str(base / "home"),
            "LOCALAPPDATA": str(base / "data"), "APPDATA": str(base / "roaming"),
            "XDG_DATA_HOME": str(base / "data"), "XDG_CONFIG_HOME": str(base / "config"),
            "XDG_CACHE_HOME": str(base / "cache"), "XDG_STATE_HOME": str(base / "state"),
            "QT_QPA_PLATFORM": "offscreen",
        }

    @property
    def database(self) -> Path:
        return self.data_dir / "dhtt.sqlite"

    def run(self, *args: str, program: Path = CLI, timeout: float = 180,
            extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(program), *args], cwd=self.work, capture_output=True,
                                text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                                env={**self.env, **(extra_env or {})})
        assert result.returncode == 0, (
            f"{program.name} {' '.join(args)} exited {result.returncode}\n"
            f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}")
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def query(self, sql: str, *params: object) -> list[tuple]:
        con = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Bundle:
    """Database created in the (temporary) user data folder, with the commune demo data."""
    b = Bundle(tmp_path_factory.mktemp("bundle"))
    out = b.run("init", "--unit", OFFICE)
    assert b.database.exists(), f"no database in the data folder {b.data_dir}: {out.stdout}"
    assert str(b.database) in out.stdout
    b.run("demo", "--size", "commune", "--seed", "3")
    return b


def test_the_bundle_reports_the_package_version(bundle):
    from app import __version__

    assert bundle.run("--version").stdout.strip() == f"DHTT {__version__}"
    if not WINDOWS:  # the window program answers the same command line
        assert bundle.run("--version", program=PROGRAM).stdout.strip() == f"DHTT {__version__}"


def test_init_and_demo_fill_the_database_in_the_data_folder(bundle):
    (units,) = bundle.query("SELECT count(*) FROM admin_units")[0]
    (candidates,) = bundle.query("SELECT count(*) FROM candidates WHERE NOT deleted")[0]
    assert units > 300 and candidates > 50
    listed = json.loads(bundle.run("list", "candidates", "--json").stdout)
    assert len(listed) == candidates
    # Vietnamese text comes through the bundled catalogs.
    assert "điển hình" in bundle.run("demo", "--help").stdout.lower() or \
        "dữ liệu" in bundle.run("demo", "--help").stdout


def test_prints_a_decisions_certificates_with_embedded_fonts(bundle):
    from pypdf import PdfReader

    number, signed_on, awards = bundle.query(
        "SELECT d.number, d.signed_on, count(a.id) FROM decisions d JOIN awards a "
        "ON a.decision_id = d.id GROUP BY d.id ORDER BY count(a.id) DESC, d.number LIMIT 1")[0]
    out = bundle.work / "giấy khen đợt 1.pdf"
    result = bundle.run("print", "certificates", "--decision", number, "--year", signed_on[:4],
                        "--out", str(out), "--json")
    report = json.loads(result.stdout)
    assert Path(report["file"]) == out and out.is_file()
    assert [p.name for p in bundle.work.glob("*.pdf")] == ["giấy khen đợt 1.pdf"]
    reader = PdfReader(out)
    assert report["pages"] == len(reader.pages) == awards
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in font["/FontDescriptor"].get_object()
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    assert all("Liberation" in name for name in fonts), fonts


def test_writes_the_final_review_to_word(bundle):
    import docx

    out = bundle.work / "tổng kết 2021-2025.docx"
    report = json.loads(bundle.run("report", "tong-ket", "--unit", OFFICE, "--out", str(out),
                                   "--json").stdout)
    assert Path(report["file"]) == out
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[0] == "BÁO CÁO"
    assert any("Ia Grai" in p for p in paragraphs)


def test_exchanges_a_sync_package(bundle):
    # Sync is part of the program now: a bundle without it is a broken bundle, not a skip.
    assert "export-package" in bundle.run("--help").stdout
    province = bundle.work / "tinh.sqlite"
    bundle.run("--db", str(province), "init", "--unit", "64")
    bundle.run("--db", str(province), "keys", "export", str(bundle.work / "tinh.key"))
    bundle.run("keys", "export", str(bundle.work / "huyen.key"))
    bundle.run("keys", "enroll", str(bundle.work / "tinh.key"), "--unit", "64")
    bundle.run("--db", str(province), "keys", "enroll", str(bundle.work / "huyen.key"),
               "--unit", OFFICE)
    package = bundle.work / "gói ia grai.dhtt"
    sent = json.loads(bundle.run("export-package", "--full", "--out", str(package), "--to", "64",
                                 "--json").stdout)
    assert Path(sent["file"]) == package and package.stat().st_size > 0 and sent["rows"] > 0
    first = json.loads(bundle.run("--db", str(province), "import-package", str(package),
                                  "--json").stdout)
    assert first["package_id"] == sent["package_id"] and first["sender"] == OFFICE
    assert not first["already_imported"] and not first["held"]
    again = json.loads(bundle.run("--db", str(province), "import-package", str(package),
                                  "--json").stdout)
    assert again["already_imported"]


def test_opens_the_window_and_quits(bundle):
    shot = bundle.work / "cua-so.png"
    # The Windows window program has no console to print the marker on: use dhtt-cli there.
    result = bundle.run("gui", "--quit-after", "2", "--screenshot", str(shot),
                        program=CLI if WINDOWS else PROGRAM, extra_env={"DHTT_REPORT_SHOWN": "1"})
    assert "DHTT_SHOWN" in result.stdout
    assert shot.is_file() and shot.stat().st_size > 10_000
    # The PNG header holds the size: the main window (fitted to the screen, which offscreen
    # is 800 wide), not the 640-wide first-run dialog.
    width = int.from_bytes(shot.read_bytes()[16:20], "big")
    assert width > 700


def test_the_bundle_carries_its_data_and_stays_small():
    internal = BUNDLE / "_internal"
    for needed in ("resources/fonts/LiberationSerif-Regular.ttf",
                   "resources/vi_VN/LC_MESSAGES/core.mo", "resources/vi_VN/LC_MESSAGES/core.po",
                   "resources/plan/ke_hoach_2021_2025.json", "resources/units/gia_lai.csv",
                   "resources/icons/dhtt-256.png", "app/models/migrations/env.py",
                   "docs/huong-dan/README.md", "LICENSE.txt"):
        assert (internal / needed).is_file(), needed
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert list((plugins / "printsupport").glob("*")), "no Qt print support plugin"
    assert list((plugins / "platforms").glob("*offscreen*"))
    assert not list(internal.rglob("*WebEngine*"))
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 250 * 1024 * 1024, f"{size / 1024 / 1024:.0f} MB"
    assert os.access(PROGRAM, os.X_OK)


def test_exports_the_register_to_excel_and_reads_it_back(bundle):
    out = bundle.work / "danh sách điển hình.xlsx"
    bundle.run("export-excel", str(out))
    report = json.loads(bundle.run("import-excel", str(out), "--dry-run", "--json").stdout)
    (candidates,) = bundle.query("SELECT count(*) FROM candidates WHERE NOT deleted")[0]
    assert report["errors"] == [] and report["already_registered"] == candidates
