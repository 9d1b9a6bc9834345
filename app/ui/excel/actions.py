"""Excel import (with a preview), export of the filtered list, the import template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import Cancelled, DomainError
from app.i18n import _
from app.services.candidates import CandidateFilter
from app.services.excel import (
    ImportPreview,
    apply_import,
    export_candidates,
    export_template,
    preview_import,
)
from app.ui.context import AppContext
from app.ui.ops import DbOp, ProgressRelay, progress_dialog

EXCEL_FILTER = "Excel (*.xlsx)"


class ImportPreviewDialog(QDialog):
    """What the file holds: every bad row with its column and reason. Nothing is written
    until Import is pressed, and Import stays disabled while the file has errors, so a file
    is always imported whole, in one transaction."""

    def __init__(self, ctx: AppContext, preview: ImportPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.preview = preview
        self.imported = 0
        self.setWindowTitle(_("Import from Excel"))
        self.resize(900, 560)
        summary = QLabel(_("{file}: {valid} valid rows, {already} already registered, {bad} rows "
                           "with errors.").format(file=preview.path.name, valid=len(preview.good),
                                                  already=len(preview.already),
                                                  bad=len(preview.bad_rows)))
        summary.setWordWrap(True)
        self.errors = QTableWidget(len(preview.errors), 3)
        self.errors.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self.errors.verticalHeader().setVisible(False)
        self.errors.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, e in enumerate(preview.errors):
            for col, value in enumerate((str(e.row), e.column, e.message)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.errors.setItem(i, col, item)
        hint = QLabel(_("Correct these rows in the file and open it again; nothing has been "
                        "written.") if preview.errors else
                      _("Press Import to add the valid rows in one step."))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not preview.errors and bool(preview.good))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

    def do_import(self) -> None:
        """All valid rows in one transaction, with a progress bar whose Cancel rolls the
        whole import back."""
        user, preview = self.ctx.user_name, self.preview
        relay = ProgressRelay()
        self.progress = progress_dialog(self, _("Importing…"), len(preview.good), relay)
        db = self.ctx.db

        def work(session: Any) -> int:
            from app.services.backup import Reason, make_backup

            make_backup(db, Reason.IMPORT)  # a copy before importing; notices are not fatal
            return apply_import(session, preview, user=user, progress=relay)

        DbOp(self, self.ctx, work).on_success(self._done).on_failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.progress.reset()
        if isinstance(exc, Cancelled):
            return  # rolled back: the register is as before
        if isinstance(exc, DomainError):
            self.ctx.show_error(exc.message())
        else:
            self.ctx.report_bug(exc)

    def _done(self, count: int) -> None:
        self.progress.reset()
        self.imported = count
        self.ctx.signals.candidates_changed.emit()
        self.accept()


def import_excel(ctx: AppContext, parent: QWidget | None = None,
                 path: str | None = None) -> ImportPreviewDialog | None:
    if path is None:
        path, _f = QFileDialog.getOpenFileName(parent, _("Import from Excel"), "", EXCEL_FILTER)
    if not path:
        return None
    holder: dict[str, Any] = {}
    relay = ProgressRelay()
    holder["progress"] = progress_dialog(parent, _("Checking the file…"), 0, relay)

    def show(preview: ImportPreview) -> None:
        holder["progress"].reset()
        dialog = ImportPreviewDialog(ctx, preview, parent)
        holder["dialog"] = dialog
        dialog.open()

    def failed(exc: Exception) -> None:
        holder["progress"].reset()
        if isinstance(exc, DomainError):
            ctx.show_error(exc.message())
        elif not isinstance(exc, Cancelled):
            ctx.report_bug(exc)

    DbOp(parent, ctx, lambda s: preview_import(s, Path(path), progress=relay),
         write=False).on_success(show).on_failure(failed).run()
    return holder.get("dialog")


def export_excel(ctx: AppContext, parent: QWidget | None, f: CandidateFilter) -> None:
    path, _f = QFileDialog.getSaveFileName(parent, _("Export to Excel"), "danh-sach-dien-hinh.xlsx",
                                           EXCEL_FILTER)
    if not path:
        return
    DbOp(parent, ctx, lambda s: export_candidates(s, Path(path), f), write=False).on_success(
        lambda n: ctx.show_error(_("{n} candidates written to {path}.").format(n=n, path=path))
    ).run()


def export_template_file(ctx: AppContext, parent: QWidget | None) -> None:
    path, _f = QFileDialog.getSaveFileName(parent, _("Save the import template"),
                                           "mau-nhap-dien-hinh.xlsx", EXCEL_FILTER)
    if not path:
        return
    DbOp(parent, ctx, lambda s: export_template(s, Path(path)), write=False).on_success(
        lambda _r: ctx.show_error(_("Import template written to {path}.").format(path=path))
    ).run()


__all__ = ["DomainError", "ImportPreviewDialog", "export_excel", "export_template_file",
           "import_excel"]
