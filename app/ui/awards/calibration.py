"""Calibrating the printer for pre-printed certificate blanks: print a test page, measure
how far the cross lies from the mark on the blank, enter the shift; it is kept."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.reports.certificates import render_calibration_page
from app.services.awards import printer_offset, set_printer_offset
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp


class CalibrationDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Printer calibration"))
        from PySide6.QtPrintSupport import QPrinterInfo

        self.printer = QComboBox()
        names = QPrinterInfo.availablePrinterNames()
        default = QPrinterInfo.defaultPrinterName()
        for name in names or ["default"]:
            self.printer.addItem(name if name != "default" else _("Default printer"), name)
        self.printer.setCurrentIndex(max(0, self.printer.findData(default)))
        self.printer.currentIndexChanged.connect(self.load)
        explain = QLabel(_("1. Put a blank certificate in the printer and print the test page.\n"
                           "2. Measure in millimetres how far the printed cross is from where "
                           "it should be: to the right and downwards are positive.\n"
                           "3. Enter the shift and save; certificates on blanks are moved by "
                           "it."))
        explain.setWordWrap(True)
        self.x = QDoubleSpinBox()
        self.y = QDoubleSpinBox()
        for spin in (self.x, self.y):
            spin.setRange(-50, 50)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setSuffix(" mm")
        form = QFormLayout()
        form.addRow(_("Printer"), self.printer)
        form.addRow(_("Shift to the right"), self.x)
        form.addRow(_("Shift downwards"), self.y)
        self.test_button = QPushButton(_("Print the &test page…"))
        self.test_button.clicked.connect(self.test_page)
        self.message = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.load()

    def printer_name(self) -> str:
        return self.printer.currentData() or "default"

    def load(self) -> None:
        name = self.printer_name()
        DbOp(self, self.ctx, lambda s: printer_offset(s, name), write=False).on_success(
            self._show).run()

    def _show(self, offset: tuple[float, float]) -> None:
        self.x.setValue(offset[0])
        self.y.setValue(offset[1])

    def offset(self) -> tuple[float, float]:
        return (self.x.value(), self.y.value())

    def test_page(self) -> None:
        """The test page, printed with the shift entered so far, so the user can check
        that the cross now meets the mark."""
        path = Path(tempfile.mkdtemp(prefix="dhtt-")) / "can-chinh.pdf"
        render_calibration_page(path)
        from app.ui.printing.preview import PdfPreview

        offset = self.offset()
        self.preview = PdfPreview(path, _("Printer calibration"), self,
                                  offset_for=lambda _name: offset)
        self.preview.open()

    def save(self) -> None:
        offset, printer = self.offset(), self.printer_name()

        def work(session: Any) -> None:
            set_printer_offset(session, printer, offset)

        DbOp(self, self.ctx, work).on_success(lambda _r: self.accept()).on_failure(
            self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
