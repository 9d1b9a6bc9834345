"""Messages to the user and the crash dialog for bugs."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app import __version__
from app.errors import DomainError
from app.i18n import _


def show_error(parent: QWidget | None, message: str) -> None:
    """A problem the user can fix, in Vietnamese."""
    QMessageBox.warning(parent, _("DHTT"), message)


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("DHTT", "DHTT"))


def write_crash_log(exc: BaseException) -> Path:
    """Write the traceback to a dated log file (owner-only, without personal data)."""
    from app.logs import crash_report, write_private

    path = log_dir() / f"loi-{datetime.now():%Y%m%d-%H%M%S}.log"
    return write_private(path, f"DHTT {__version__}, Python {sys.version}\n{crash_report(exc)}")


def report_bug(parent: QWidget | None, exc: BaseException) -> Path:
    """A bug: log it and tell the user where the log is."""
    path = write_crash_log(exc)
    QMessageBox.critical(
        parent, _("DHTT"),
        _("The program met an unexpected error. Your saved data is safe. Please send the "
          "file {path} to the province's support staff.").format(path=path))
    return path


class ErrorLabel(QLabel):
    """Red text under a dialog's fields saying why a save was refused and what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #a40000")

    def show_failure(self, ctx: Any, exc: Exception) -> None:
        """A refused change is explained here; anything else is a bug for the crash dialog."""
        if isinstance(exc, DomainError):
            self.setText(exc.message())
        else:
            ctx.report_bug(exc)


def choose_evidence_files(parent: QWidget | None) -> list[Path]:
    """The file picker for evidence: photos, scans and documents."""
    from PySide6.QtWidgets import QFileDialog

    paths, _filter = QFileDialog.getOpenFileNames(
        parent, _("Choose evidence files"), "",
        _("Photos, scans and documents (*.jpg *.jpeg *.png *.pdf *.docx *.xlsx)"))
    return [Path(p) for p in paths]
