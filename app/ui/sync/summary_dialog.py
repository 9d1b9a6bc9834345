"""The dry-run summary of a package before anything is written."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.sync.importer import ImportResult
from app.services.sync.labels import table_label


class ImportSummaryDialog(QDialog):
    """What a package would change, per table; Apply writes it all in one go."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None, *,
                 title: str | None = None, notes: list[str] | None = None) -> None:
        super().__init__(parent)
        # The sender as staff know it (the tab's name and official code), never a key
        # such as "23764-2025".
        sender = getattr(parent, "_caption", lambda code: code)(result.sender)
        self.setWindowTitle(title or _("Package no. {n} of unit {unit}").format(
            n=result.sequence, unit=sender))
        if notes:
            intro = "\n".join([_("Nothing has been written yet. This is what the packages "
                                  "would change:"), *notes])
        elif result.held:
            intro = _("Package no. {missing} of unit {unit} has not been imported yet. This "
                      "package will wait in the queue and be applied when it arrives.").format(
                missing=result.missing_sequence, unit=sender)
        else:
            intro = _("Nothing has been written yet. This is what the package would change:")
        label = QLabel(intro)
        label.setWordWrap(True)
        rows = [(name, t) for name, t in result.tables.items()]
        self.table = QTableWidget(len(rows), 7)
        self.table.setHorizontalHeaderLabels([_("Data"), _("New"), _("Changed"), _("Deleted"),
                                              _("Unchanged"), _("To settle"), _("Refused")])
        for r, (name, t) in enumerate(rows):
            cells = [table_label(name), t.new, t.changed, t.deleted, t.unchanged,
                     t.conflicts + t.proposals, t.refused + t.locked]
            for c, value in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(_("Put in the queue") if result.held else _("Apply"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 360)
