"""The preview of a village sheet import: every change and every error; nothing is written
until the user confirms."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.villages import excel
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp


class ImportPreviewDialog(QDialog):
    """Changes (village, item, old → new) and errors (row, village, item, reason)."""

    def __init__(self, ctx: AppContext, preview: excel.VillageImport,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.preview = ctx, preview
        self.setWindowTitle(_("Import a filled sheet"))
        self.resize(760, 460)
        rows = [(_("Error"), e.sheet, str(e.row), e.village, e.item, e.reason)
                for e in preview.errors]
        rows += [(_("Change"), c.sheet, "", c.village, c.what,
                  f"{excel.fmt_value(c.old)} → {excel.fmt_value(c.new)}")
                 for c in preview.changes]
        self.table = QTableWidget(len(rows), 6)
        self.table.setHorizontalHeaderLabels([_("What"), _("Sheet"), _("Row"), _("Village"),
                                              _("Item"), _("Detail")])
        for r, line in enumerate(rows):
            for c, value in enumerate(line):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        summary = QLabel(_("{changes} changes, {errors} errors.").format(
            changes=len(preview.changes), errors=len(preview.errors)))
        self.message = ErrorLabel()
        if preview.errors:
            self.message.setText(_("Correct the errors in the file and import it again; "
                                   "nothing is written while it has errors."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.setEnabled(not preview.errors and bool(preview.changes))
        apply.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def apply(self) -> None:
        preview = self.preview
        DbOp(self, self.ctx, lambda s: excel.apply_import(s, preview)).on_success(
            lambda _n: self.accept()).on_failure(
            lambda exc: self.message.show_failure(self.ctx, exc)).run()
