"""Help > About: version, licences of the program and of what it carries, the data folder."""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.i18n import _
from app.ui.icon import icon_file


def program_folder() -> Path:
    """Where the installed program's files are (the bundle folder, or the source tree)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


class AboutDialog(QDialog):
    """What a person asks the help desk: which version, under which licences, where my data is."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About DHTT"))
        self.data_folder = Path(db_path).resolve().parent
        logo = QLabel()
        logo.setPixmap(QPixmap(icon_file(128)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(_("<h2>DHTT {version}</h2>").format(version=escape(__version__)))
        purpose = QLabel(_("Building and replicating advanced examples, Gia Lai province, "
                           "2021–2025."))
        purpose.setWordWrap(True)
        self.licences = QLabel(_(
            "<b>Licences</b><br>"
            "Program: proprietary, not released under an open licence.<br>"
            "Fonts Liberation Serif and Liberation Sans: SIL Open Font License 1.1.<br>"
            "The province's plan: an administrative document, not protected by copyright "
            "(Article 15 of the Law on Intellectual Property).<br>"
            "List of administrative units: derived from the vietnamadminunits package "
            "(MIT licence).<br>"
            "Qt and PySide6: GNU LGPL version 3; Python, SQLAlchemy, Alembic, ReportLab, "
            "Babel, openpyxl, python-docx: their own free licences.<br>"
            "The full texts are in the file LICENSE.txt in the program folder."))
        self.licences.setWordWrap(True)
        self.licences.setTextFormat(Qt.TextFormat.RichText)
        self.database = QLabel(_("<b>Database file</b><br>{path}").format(
            path=escape(str(db_path))))
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database.setWordWrap(True)
        self.folders = QLabel(_("<b>Data folder</b><br>{data}<br><b>Program folder</b><br>"
                                "{program}").format(data=escape(str(self.data_folder)),
                                                    program=escape(str(program_folder()))))
        self.folders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folders.setWordWrap(True)

        self.open_folder = QPushButton(_("Open the data folder"))
        self.open_folder.clicked.connect(self._open_data_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        text_column = QVBoxLayout()
        for widget in (self.title, purpose, self.licences, self.database, self.folders):
            text_column.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(logo)
        row.addLayout(text_column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))
