"""Review reports (sơ kết, tổng kết) and the list of proposed awards: the drafted
paragraphs are edited here and kept, then previewed, printed or written to PDF / Word."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.reports.printing import (
    ReportOptions,
    award_list_document,
    drafts,
    review_document,
    write_document,
)
from app.services.report_settings import SignerSettings, load_options, save_options
from app.services.review_figures import save_texts
from app.services.unit_choices import unit_choices
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.unit_combo import UnitTreeCombo


def _units_above_villages(session: Any) -> list[Any]:
    """Reports are written by the province, districts and communes, not villages; the
    former districts too (the 2021–2025 review of a district merged away)."""
    return unit_choices(session, villages=False, retired=True)


def section_titles() -> list[tuple[str, str]]:
    return [("situation", _("Situation")), ("direction", _("Direction and publicity")),
            ("examples", _("Finding, nurturing, replicating")),
            ("commendation", _("Commendation")), ("strengths", _("Strengths")),
            ("shortcomings", _("Shortcomings")), ("lessons", _("Lessons")),
            ("tasks", _("Tasks ahead")), ("proposals", _("Proposals"))]


class ReportDialog(QDialog):
    """Kind of report, number, date, signer, and the nine paragraphs to edit."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.unit_code = ctx.office_unit_code or ""
        self.setWindowTitle(_("Review reports"))
        self.resize(1000, 680)
        self.kind = QComboBox()
        self.kind.addItem(_("Interim review 2021–2023 (sơ kết)"), "so_ket")
        self.kind.addItem(_("Final review 2021–2025 (tổng kết)"), "tong_ket")
        self.kind.addItem(_("List of proposed awards"), "de_nghi")
        self.kind.setCurrentIndex(1)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("e.g. 05/BC-UBND; empty: fill in by hand"))
        self.signed_on = QDateEdit(QDate.currentDate())
        self.signed_on.setDisplayFormat("dd/MM/yyyy")
        self.signed_on.setCalendarPopup(True)
        self.prefix = QComboBox()
        self.prefix.setEditable(True)
        self.prefix.addItems(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ""])
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems(["CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        self.signer = QLineEdit()
        self.unit = UnitTreeCombo(all_text=_("This office"))
        self.unit.unit_changed.connect(self._unit_changed)
        form = QFormLayout()
        form.addRow(_("Report"), self.kind)
        form.addRow(_("Reporting unit"), self.unit)
        form.addRow(_("Number"), self.number)
        form.addRow(_("Date"), self.signed_on)
        signer_row = QHBoxLayout()
        signer_row.addWidget(self.prefix)
        signer_row.addWidget(self.title)
        signer_row.addWidget(self.signer, 1)
        form.addRow(_("Signer"), signer_row)

        # The nine sections as a list on the left (nine tabs did not fit and scrolled).
        self.section_list = QListWidget()
        self.section_pages = QStackedWidget()
        self.edits: dict[str, QPlainTextEdit] = {}
        self._drafts: dict[str, str] = {}
        for key, title in section_titles():
            edit = QPlainTextEdit()
            self.edits[key] = edit
            self.section_pages.addWidget(edit)
            self.section_list.addItem(title)
        self.section_list.currentRowChanged.connect(self.section_pages.setCurrentIndex)
        self.section_list.setCurrentRow(0)
        self.section_list.setMaximumWidth(240)
        self.sections = QSplitter()
        self.sections.addWidget(self.section_list)
        self.sections.addWidget(self.section_pages)
        self.sections.setStretchFactor(1, 1)
        hint = QLabel(_("The paragraphs are drafted from the figures; what you change is kept "
                        "for this unit and used every time. Empty a paragraph to go back to "
                        "the draft."))
        hint.setWordWrap(True)

        self.message = ErrorLabel()
        self.save_button = QPushButton(_("&Keep the text"))
        self.preview_button = QPushButton(_("&Preview and print…"))
        self.pdf_button = QPushButton(_("Write &PDF…"))
        self.word_button = QPushButton(_("Write &Word…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.save_button, self.preview_button, self.pdf_button, self.word_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.keep_texts())
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(lambda: self.write(".pdf"))
        self.word_button.clicked.connect(lambda: self.write(".docx"))
        self.kind.currentIndexChanged.connect(self.load)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # Reopened: the last unit, number and report of this session (the signer is saved).
        last = getattr(ctx, "last_report", None) or {}
        self.unit_code = last.get("unit", self.unit_code)
        self.number.setText(last.get("number", ""))
        if last.get("kind"):
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(max(0, self.kind.findData(last["kind"])))
            self.kind.blockSignals(False)
        self.finished.connect(self._remember)
        DbOp(self, ctx, load_options, write=False).on_success(self._signer_defaults).run()
        DbOp(self, ctx, _units_above_villages, write=False).on_success(self._show_units).run()
        self.load()

    def _remember(self, _result: int = 0) -> None:
        self.ctx.last_report = {"unit": self.unit_code,  # type: ignore[attr-defined]
                                "number": self.number.text(), "kind": self.report_kind()}

    def _show_units(self, roots: list[Any]) -> None:
        self.unit.blockSignals(True)
        self.unit.set_units(roots)
        self.unit.set_code(self.unit_code or None)
        self.unit.blockSignals(False)

    def _unit_changed(self, code: str) -> None:
        self.unit_code = code or self.ctx.office_unit_code or ""
        self.load()

    def _signer_defaults(self, saved: SignerSettings) -> None:
        self.signer.setText(saved.signer_name)
        self.title.setCurrentText(saved.signer_title or "CHỦ TỊCH")
        self.prefix.setCurrentText(saved.signer_prefix)

    def report_kind(self) -> str:
        return self.kind.currentData()

    def load(self) -> None:
        kind = "tong_ket" if self.report_kind() == "de_nghi" else self.report_kind()
        self.sections.setEnabled(self.report_kind() != "de_nghi")
        unit = self.unit_code
        DbOp(self, self.ctx, lambda s: drafts(s, unit, kind), write=False).on_success(
            self._show_texts).run()

    def _show_texts(self, result: tuple[dict[str, str], dict[str, str]]) -> None:
        drafted, saved = result
        self._drafts = drafted
        for key, edit in self.edits.items():
            edit.setPlainText(saved.get(key) or drafted.get(key, ""))

    def edited_texts(self) -> dict[str, str]:
        """Only the paragraphs that differ from the draft are the user's own."""
        return {key: edit.toPlainText() if edit.toPlainText() != self._drafts.get(key) else ""
                for key, edit in self.edits.items()}

    def options(self) -> ReportOptions:
        return ReportOptions(number=self.number.text(), signed_on=self.signed_on.date().toPython(),
                             signer_prefix=self.prefix.currentText(),
                             signer_title=self.title.currentText(),
                             signer_name=self.signer.text())

    def keep_texts(self, then: Any = None) -> None:
        unit, kind, texts = self.unit_code, self.report_kind(), self.edited_texts()
        options = self.options()

        def work(session: Any) -> None:
            if kind != "de_nghi":
                save_texts(session, unit, kind, texts)
            save_options(session, SignerSettings(signer_name=options.signer_name,
                                                 signer_title=options.signer_title,
                                                 signer_prefix=options.signer_prefix))

        DbOp(self, self.ctx, work).on_success(lambda _r: then() if then else None).on_failure(
            self._failed).run()

    def _render(self, path: Path, on_done: Any) -> None:
        unit, kind, options = self.unit_code, self.report_kind(), self.options()
        texts = {k: v for k, v in self.edited_texts().items() if v}

        def work(session: Any) -> Path:
            if kind == "de_nghi":
                doc = award_list_document(session, unit, options)
            else:
                doc = review_document(session, unit, kind, options, texts)
            return write_document(doc, path)

        self.message.clear()
        DbOp(self, self.ctx, work, write=False).busy(_("Preparing the report…")).on_success(
            on_done).on_failure(self._failed).run()

    def preview(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="dhtt-"))
        path = folder / f"{self.report_kind()}.pdf"

        def show(done: Path) -> None:
            from app.ui.printing.preview import PdfPreview

            self.last_preview = PdfPreview(done, self.kind.currentText(), self,
                                           suggested_name=f"{self.report_kind()}.pdf")
            self.last_preview.open()

        self.keep_texts(lambda: self._render(path, show))

    def write(self, suffix: str, target: str | None = None) -> None:
        if target is None:
            target, _filter = QFileDialog.getSaveFileName(
                self, _("Write the report"), f"{self.report_kind()}{suffix}",
                "PDF (*.pdf)" if suffix == ".pdf" else "Word (*.docx)")
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        self.keep_texts(lambda: self._render(path, self._written))

    def _written(self, path: Path) -> None:
        self.written = path
        self.message.setStyleSheet("color: #205020")
        self.message.setText(_("Written: {path}").format(path=path))

    def _failed(self, exc: Exception) -> None:
        self.message.setStyleSheet("color: #a40000")  # after a "Written:" line in green
        self.message.show_failure(self.ctx, exc)
