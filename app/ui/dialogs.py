"""Messages to the user and the crash dialog for bugs."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app import __version__
from app.i18n import _


def show_error(parent: QWidget | None, message: str) -> None:
    """A problem the user can fix, in Vietnamese."""
    QMessageBox.warning(parent, _("DHTT"), message)


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("DHTT", "DHTT"))


def write_crash_log(exc: BaseException) -> Path:
    """Write the traceback to a dated log file; return its path."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"loi-{datetime.now():%Y%m%d-%H%M%S}.log"
    detail = getattr(exc, "__dhtt_traceback__", None) or "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__))
    path.write_text(f"DHTT {__version__}, Python {sys.version}\n{detail}", encoding="utf-8")
    return path


def report_bug(parent: QWidget | None, exc: BaseException) -> Path:
    """A bug: log it and tell the user where the log is."""
    path = write_crash_log(exc)
    QMessageBox.critical(
        parent, _("DHTT"),
        _("The program met an unexpected error. Your saved data is safe. Please send the "
          "file {path} to the province's support staff.").format(path=path))
    return path
