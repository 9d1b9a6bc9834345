"""Excel import (with a preview), export of the filtered list, the import template."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
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
    write_refused,
)
from app.services.labels import KIND_LABELS, STATUS_LABELS, label
from app.ui.context import AppContext
from app.ui.ops import DbOp, ProgressRelay, progress_dialog

EXCEL_FILTER = "Excel (*.xlsx)"


class ImportPreviewDialog(QDialog):
    """What the file holds: the rows that will be added, as understood (unit name, model
    type, status), and every refused row with its column and reason. Nothing is written
    until Import is pressed; then the good rows go in one transaction and the refused ones
    can be saved to an Excel file with a column saying why, to correct and import again."""

    def __init__(self, ctx: AppContext, preview: ImportPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.preview = preview
        self.imported = 0
        self.refused_file: Path | None = None
        self.setWindowTitle(_("Import from Excel"))
        self.resize(1000, 600)
        summary = QLabel(_("{file}: {valid} valid rows, {already} already registered, {bad} rows "
                           "with errors.").format(file=preview.path.name, valid=len(preview.good),
                                                  already=len(preview.already),
                                                  bad=len(preview.bad_rows)))
        summary.setWordWrap(True)
        self.good = _table([_("Row"), _("Name"), _("Kind"), _("Unit"), _("Model type"),
                            _("Status")], [
            [str(n), d.display_name or " ".join(p for p in (d.ho, d.ten_dem, d.ten) if p),
             label(KIND_LABELS, d.kind), preview.unit_names.get(d.unit_code, d.unit_code),
             d.model_type_code or "", label(STATUS_LABELS, d.status)]
            for n, d in preview.good], stretch=1)
        self.good_tips = {r: preview.model_names.get(d.model_type_code, "")
                          for r, (_n, d) in enumerate(preview.good) if d.model_type_code}
        self._tip_models(0, self.good.filled)
        self.good.on_filled = self._tip_models
        self.errors = _table([_("Row"), _("Column"), _("Problem")],
                             [[str(e.row), e.column, e.message] for e in preview.errors],
                             stretch=2)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.good, _("To be added ({n})").format(n=len(preview.good)))
        self.tabs.addTab(self.errors, _("Refused ({n})").format(n=len(preview.bad_rows)))
        if preview.errors and not preview.good:
            self.tabs.setCurrentIndex(1)
        hint = QLabel(_("Only the valid rows are imported. Afterwards you can save the refused "
                        "rows to an Excel file, with the reason for each, to correct and import "
                        "again. Nothing has been written yet.") if preview.errors else
                      _("Press Import to add the valid rows in one step."))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("Import {n} valid rows").format(n=len(preview.good)),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(preview.good))
        if not preview.good:
            self.import_button.setToolTip(_("The file has no row that can be added."))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

    def _tip_models(self, start: int, end: int) -> None:
        """The model type's name as the tooltip of its code, on rows ``start``..``end``."""
        for r in range(start, end):
            tip = self.good_tips.get(r)
            if tip is not None:
                self.good.item(r, 4).setToolTip(tip)

    def do_import(self) -> None:
        """All valid rows in one transaction, with a progress bar whose Cancel rolls the
        whole import back."""
        user, preview = self.ctx.user_name, self.preview
        relay = ProgressRelay()
        self.progress = progress_dialog(self, _("Importing…"), len(preview.good), relay)
        db = self.ctx.db

        def work(session: Any) -> int:
            from app.services.backup import Reason, begin_backup

            # A copy before importing (its notices are not fatal), made while the rows are
            # written: it holds the register as it was; a cancelled import removes it.
            pending = begin_backup(db, Reason.IMPORT).start()
            pending.wait_copied()
            try:
                count = apply_import(session, preview, user=user, progress=relay)
            except BaseException:
                pending.discard()
                raise
            pending.keep(session=session)
            return count

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
        refused = len(self.preview.bad_rows)
        if refused:
            self.save_refused()
        message = _("{added} rows added, {already} skipped as already registered, {refused} "
                    "refused.").format(added=count, already=len(self.preview.already),
                                       refused=refused)
        if self.refused_file is not None:
            message += " " + _("The refused rows, with the reason for each, are in {path}."
                               ).format(path=self.refused_file)
        QMessageBox.information(self, _("Import from Excel"), message)
        self.accept()

    def save_refused(self) -> None:
        suggested = self.preview.path.with_name(self.preview.path.stem + "-dong-bi-tu-choi.xlsx")
        target, _f = QFileDialog.getSaveFileName(
            self, _("Save the refused rows to correct them"), str(suggested), EXCEL_FILTER)
        if not target:
            return
        try:
            write_refused(self.preview, Path(target))
        except DomainError as exc:
            self.ctx.show_error(exc.message())
            return
        self.refused_file = Path(target)


class _FilledTable(QTableWidget):
    """A table of many rows (a 10,000-row file) filled a few hundred rows at first and the
    rest in steps between the window's events, so the dialog opens at once and stays
    responsive; every row count is set from the start."""

    FIRST = 300
    STEP = 300

    def __init__(self, headers: list[str], rows: list[list[str]], stretch: int) -> None:
        super().__init__(len(rows), len(headers))
        self.rows = rows
        self.filled = 0
        self.on_filled: Any = None  # told (start, end) of each step after the first
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._fill(self.FIRST)
        self.resizeColumnToContents(0)

    def _fill(self, count: int) -> None:
        start, end = self.filled, min(len(self.rows), self.filled + count)
        for r in range(start, end):
            for c, value in enumerate(self.rows[r]):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.setItem(r, c, item)
        self.filled = end
        if start and self.on_filled is not None:
            self.on_filled(start, end)
        if end < len(self.rows):
            QTimer.singleShot(0, self._step)

    def _step(self) -> None:
        with suppress(RuntimeError):  # the dialog was closed meanwhile
            self._fill(self.STEP)


def _table(headers: list[str], rows: list[list[str]], stretch: int) -> _FilledTable:
    return _FilledTable(headers, rows, stretch)


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
    DbOp(parent, ctx, lambda s: export_candidates(s, Path(path), f), write=False).busy(
        _("Writing the Excel file…")).on_success(
        lambda n: QMessageBox.information(parent, _("Export to Excel"), _(
            "{n} candidates written to {path}.").format(n=n, path=path))).run()


def export_template_file(ctx: AppContext, parent: QWidget | None) -> None:
    path, _f = QFileDialog.getSaveFileName(parent, _("Save the import template"),
                                           "mau-nhap-dien-hinh.xlsx", EXCEL_FILTER)
    if not path:
        return
    DbOp(parent, ctx, lambda s: export_template(s, Path(path)), write=False).on_success(
        lambda _r: QMessageBox.information(parent, _("Save the import template"), _(
            "Import template written to {path}.").format(path=path))).run()


__all__ = ["DomainError", "ImportPreviewDialog", "export_excel", "export_template_file",
           "import_excel"]
