"""A PDF made by the program, shown inside it, printed through Qt's print dialog."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _

RENDER_DPI = 300  # sharp on paper; a 1200 dpi bitmap of an A4 page would take 550 MB


def print_pdf(document: QPdfDocument, printer,  # noqa: ANN001 - QPrinter
              offset_mm: tuple[float, float] = (0.0, 0.0)) -> int:
    """Paint every page of ``document`` on ``printer`` at the printer's resolution, page
    for page at its real size (no "fit to page" that would shrink an official layout),
    moved by ``offset_mm`` (right, down) — the shift this printer was calibrated with."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    pages = document.pageCount()
    try:
        dpi = printer.resolution()
        render_dpi = min(dpi, RENDER_DPI)
        for index in range(pages):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(index, QSize(round(points.width() / 72 * render_dpi),
                                                 round(points.height() / 72 * render_dpi)))
            paper = printer.paperRect(printer.Unit.DevicePixel)
            page = printer.pageRect(printer.Unit.DevicePixel)
            # At the paper origin and real size, so the PDF's margins are the margins on paper.
            dx, dy = (v / 25.4 * dpi for v in offset_mm)
            target = QRectF(paper.x() - page.x() + dx, paper.y() - page.y() + dy,
                            points.width() / 72 * dpi, points.height() / 72 * dpi)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return pages


class PdfPreview(QDialog):
    """Pages of ``path`` with Print… and Save a copy…; ``path`` may be a temporary file."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None,
                 suggested_name: str = "",
                 offset_for: Callable[[str], tuple[float, float]] | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        # For pre-printed blanks: the calibrated shift of the printer the user picks.
        self.offset_for = offset_for
        self.suggested_name = suggested_name or self.path.name
        self.setWindowTitle(title)
        self.resize(980, 700)
        self.document = QPdfDocument(self)
        self.document.load(str(self.path))
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel(_("{n} pages").format(n=self.document.pageCount()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(_("&Print…"))
        self.save_button = QPushButton(_("&Save a copy…"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        first = self.document.pagePointSize(0) if self.document.pageCount() else None
        if first is not None and first.width() > first.height():
            from PySide6.QtGui import QPageLayout

            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            offset = self.offset_for(printer.printerName()) if self.offset_for else (0.0, 0.0)
            print_pdf(self.document, printer, offset)

    def save_copy(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(self, _("Save a copy"),
                                                      self.suggested_name, "PDF (*.pdf)")
        if target:
            shutil.copyfile(self.path, target)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        self.document.close()
        super().closeEvent(event)
