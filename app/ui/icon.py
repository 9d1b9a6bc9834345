"""The program icon (resources/icons/, made by tools/make_icons.py) for every window."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from app.paths import resources_dir

SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_file(size: int = 256) -> str:
    return str(resources_dir() / "icons" / f"dhtt-{size}.png")


def program_icon() -> QIcon:
    """The star-and-laurel icon, in every size the window manager may ask for."""
    icon = QIcon()
    for size in SIZES:
        icon.addFile(icon_file(size))
    return icon
