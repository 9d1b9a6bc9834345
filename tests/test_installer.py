"""The installer's pieces that run here: the bundle's entry point, the icon files, the
Windows installer script's promises, the About dialog and opening a .dhtt file."""

from __future__ import annotations

import re
import struct
import sys
import unicodedata
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))
from dhtt_main import program_argv  # noqa: E402

ISS = (ROOT / "installer" / "dhtt.iss").read_text(encoding="utf-8-sig")


def iss_section(name: str) -> list[str]:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", ISS, re.S | re.M)
    assert match, name
    return [line for line in match.group(1).splitlines() if line and not line.startswith(";")]


def test_the_window_program_opens_the_window_or_a_package_and_passes_commands_on():
    assert program_argv([], "dhtt") == ["gui"]
    assert program_argv([r"E:\goi\xa-ia-dom.DHTT"], "dhtt") == ["gui", "--open",
                                                               r"E:\goi\xa-ia-dom.DHTT"]
    assert program_argv(["init", "--unit", "64"], "dhtt") == ["init", "--unit", "64"]
    # The console program is the dhtt command as from the source: no arguments, no window.
    assert program_argv([], "dhtt-cli") == []
    assert program_argv(["goi.dhtt"], "dhtt-cli") == ["goi.dhtt"]


def test_the_icon_file_holds_every_windows_size_as_png():
    data = (ROOT / "resources" / "icons" / "dhtt.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, _h, _c, _r, _planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and bits == 32
        assert offset + length <= len(data)
        sizes.append(w or 256)
    assert {16, 32, 48, 256} <= set(sizes)
    for size in (16, 32, 256):
        png = (ROOT / "resources" / "icons" / f"dhtt-{size}.png").read_bytes()
        assert struct.unpack(">II", png[16:24]) == (size, size)


def test_the_installer_installs_per_user_with_shortcuts_and_the_package_association():
    setup = "\n".join(iss_section("Setup"))
    assert "PrivilegesRequired=lowest" in setup
    assert r"DefaultDirName={autopf}\{#AppName}" in setup  # %LOCALAPPDATA%\Programs per user
    icons = "\n".join(iss_section("Icons"))
    assert "{autoprograms}" in icons and "{autodesktop}" in icons
    assert r'#define SourceDir AddBackslash(SourcePath) + "..\dist\dhtt"' in ISS
    assert '#define AppExe "dhtt.exe"' in ISS
    registry = "\n".join(iss_section("Registry"))
    assert r'Subkey: "Software\Classes\.dhtt"' in registry
    # The double-clicked file reaches the program as its only argument: program_argv
    # turns that into `gui --open FILE`.
    assert r'ValueData: """{app}\{#AppExe}"" ""%1"""' in registry


def test_the_uninstaller_leaves_the_data_folder_alone():
    removed = iss_section("UninstallDelete") + iss_section("InstallDelete")
    assert removed and all("{app}" in line for line in removed)
    assert not re.search(r"(?i)localappdata\}\\DHTT\\DHTT.*(Del|Remove)", ISS)
    assert "usPostUninstall" in ISS  # tells the user where the kept data is


def test_every_installer_text_is_vietnamese():
    lines = iss_section("Messages") + iss_section("CustomMessages")
    assert len(lines) > 80
    for line in lines:
        key, _, value = line.partition("=")
        assert key.startswith("vi.") and value.strip(), line
        assert unicodedata.normalize("NFC", value) == value, line
    messages = dict(line.split("=", 1) for line in lines)
    assert messages["vi.ButtonNext"] == "&Tiếp >"
    assert "giữ lại" in messages["vi.ConfirmUninstall"]


def test_the_window_carries_the_program_icon(qapp):
    from app.ui.application import _application

    app = _application()
    sizes = {s.width() for s in app.windowIcon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_about_shows_version_licences_and_the_data_folder(qtbot, qt_vi, db_path, monkeypatch):
    from app import __version__
    from app.ui.about import AboutDialog

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Giới thiệu DHTT"
    assert f"DHTT {__version__}" in dialog.title.text()
    assert "SIL Open Font License 1.1" in dialog.licences.text()
    assert "MIT" in dialog.licences.text() and "LGPL" in dialog.licences.text()
    assert str(db_path) in dialog.database.text()
    assert str(db_path.parent) in dialog.folders.text()
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(db_path.parent)]


def test_help_about_opens_the_dialog_on_the_window(qtbot, ctx, monkeypatch):
    from app.ui import about
    from app.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(about.AboutDialog, "exec", lambda self: shown.append(self) or 0)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    help_menu = window.menuBar().actions()[-1].menu()
    next(a for a in help_menu.actions() if a.text() == "&Giới thiệu DHTT").trigger()
    assert len(shown) == 1 and str(ctx.db.path) in shown[0].database.text()


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    from app.ui import open_package
    from app.ui.main_window import MainWindow

    messages: list[str] = []
    monkeypatch.setattr(open_package, "show_error", lambda _parent, message: messages.append(message))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.messages = messages
    return w


def test_a_missing_package_file_is_named_in_a_message(window, tmp_path):
    from app.ui.open_package import open_package

    missing = tmp_path / "goi-da-rut-usb.dhtt"
    assert open_package(window, missing) is False
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Đồng bộ"
    assert window.messages == [f"Không tìm thấy tệp gói {missing}. Có thể tệp đã bị chuyển đi "
                               "hoặc USB đã được rút ra."]


def test_a_package_file_goes_to_the_sync_tab(window, tmp_path, monkeypatch):
    from app.ui.open_package import open_package
    from app.ui.sync.tab import SyncTab

    package = tmp_path / "goi.dhtt"
    package.write_bytes(b"x")
    taken = []
    monkeypatch.setattr(SyncTab, "import_from", lambda self, path: taken.append(path))
    assert open_package(window, package) is True
    assert taken == [str(package)] and window.messages == []
    QApplication.processEvents()


def test_a_damaged_package_opened_by_double_click_is_refused_in_the_sync_tab(window, tmp_path,
                                                                             monkeypatch):
    from app.ui import main_window
    from app.ui.open_package import open_package

    shown: list[str] = []
    monkeypatch.setattr(main_window, "show_error", lambda _parent, message: shown.append(message))
    package = tmp_path / "goi-hong.dhtt"
    package.write_bytes(b"PK\x03\x04 not a package")
    assert open_package(window, package) is True
    sync = window.tabs.currentWidget()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Đồng bộ"
    assert shown and sync.message.text() == shown[0]
    assert not re.search(r"[A-Za-z]{3,} (the|is|not|file)\b", shown[0]), shown[0]
