"""The main window's size and place, and each table's column widths and sort, kept between
runs; the first opening fits the screen's available area (above the taskbar)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QWidget

SMALL_SCREEN = (1366, 768)  # no wider or no taller than this: open maximised


def settings_path() -> Path:
    base = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / "DHTT" / "cua-so.ini"


def _settings() -> QSettings:
    # An explicit file, read where the user's settings are now (tests move them).
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def show_fitted(window: QMainWindow) -> None:
    """Show ``window`` as it was left, or fitted to the screen the first time; always inside
    the available area."""
    area = available_area(window)
    saved = _settings().value("main/geometry")
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved):
        if _settings().value("main/maximised", False) in (True, "true"):
            window.setWindowState(Qt.WindowState.WindowMaximized)
            window.show()
            return
        window.show()
        _bring_inside(window, area)
        return
    if area.width() <= SMALL_SCREEN[0] or area.height() <= SMALL_SCREEN[1]:
        window.setGeometry(area)
        window.setWindowState(Qt.WindowState.WindowMaximized)
        window.show()
        return
    width, height = min(1366, area.width()), min(740, area.height())
    window.setGeometry(area.x() + (area.width() - width) // 2,
                       area.y() + (area.height() - height) // 2, width, height)
    window.show()


def _bring_inside(window: QMainWindow, area: QRect) -> None:
    """Move (and if needed shrink) a window whose frame leaves the available area, e.g.
    a place saved on a monitor since unplugged."""
    frame = window.frameGeometry()
    if area.contains(frame):
        return
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    window.resize(width, height)
    x = max(area.x(), min(frame.x(), area.x() + area.width() - width - extra_w))
    y = max(area.y(), min(frame.y(), area.y() + area.height() - height - extra_h))
    window.move(x, y)


def save_window(window: QMainWindow, headers: dict[str, QHeaderView]) -> None:
    """Remember the window's place and each table's columns (widths, order, sort)."""
    s = _settings()
    s.setValue("main/geometry", window.saveGeometry())
    s.setValue("main/maximised", window.isMaximized())
    for name, header in headers.items():
        s.setValue(f"tables/{name}", header.saveState())
    s.sync()


def restore_headers(headers: dict[str, QHeaderView]) -> None:
    s = _settings()
    for name, header in headers.items():
        state = s.value(f"tables/{name}")
        if isinstance(state, QByteArray):
            header.restoreState(state)
            # The state holds the widths at the size the window had then; a stretching
            # column fills today's width only once the sections are laid out again (setting
            # its mode does that; a reload of the table used to, by chance).
            for section in range(header.count()):
                if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Stretch:
                    header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
