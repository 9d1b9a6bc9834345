"""The user guide read inside the program (F1): the Markdown chapters of docs/huong-dan
rendered by Qt, with their screenshots, links between chapters followed in place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _


def guide_home() -> Path:
    """The guide's first page (beside the program, or in a frozen bundle's resources)."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "docs" / "huong-dan" / "README.md"
    return Path(__file__).resolve().parents[2] / "docs" / "huong-dan" / "README.md"


class GuideBrowser(QTextBrowser):
    """Follows links to other chapters inside; web links open in the browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self.follow)

    def follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = self.source().resolved(url)
        if target.isLocalFile() and target.toLocalFile().endswith(".md"):
            self.setSource(target, QTextDocument.ResourceType.MarkdownResource)
        elif url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
        else:
            QDesktopServices.openUrl(target)


class GuideViewer(QDialog):
    """The guide in a window of its own, with back, forward and the table of contents."""

    def __init__(self, home: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home or guide_home()
        self.setWindowTitle(_("User guide"))
        self.resize(980, 680)
        self.browser = GuideBrowser()
        self.back_button = QPushButton(_("◀ Back"))
        self.forward_button = QPushButton(_("Forward ▶"))
        self.contents_button = QPushButton(_("Contents"))
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.contents_button.clicked.connect(self.show_home)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        bar = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.contents_button):
            bar.addWidget(button)
        bar.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Back, self, self.browser.backward)
        self.show_home()

    def show_home(self) -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(self.home)),
                               QTextDocument.ResourceType.MarkdownResource)
