"""Issuing a commendation decision for the proposed awards chosen in the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.awards import DecisionInput, issue_decision
from app.services.report_settings import load_options
from app.services.unit_choices import authority_for
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.stale import is_stale, refresh_views


class DecisionDialog(QDialog):
    """Number, date, authority and signer; saving numbers the awards in the register."""

    def __init__(self, ctx: AppContext, award_ids: list[str], names: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.award_ids = award_ids
        self.setWindowTitle(_("Commendation decision"))
        self.resize(620, 380)
        self.number = QLineEdit()
        self.number.setPlaceholderText("125/QĐ-UBND")
        self.signed_on = QDateEdit(QDate.currentDate())
        self.signed_on.setDisplayFormat("dd/MM/yyyy")
        self.signed_on.setCalendarPopup(True)
        self.authority = QLineEdit()
        self.prefix = QComboBox()
        self.prefix.setEditable(True)
        self.prefix.addItems(["", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"])
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems(["CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        self.signer = QLineEdit()
        summary = QLabel(_("{n} proposed awards: {names}").format(
            n=len(award_ids), names=", ".join(names[:6]) + (" …" if len(names) > 6 else "")))
        summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Decision number"), self.number)
        form.addRow(_("Signed on"), self.signed_on)
        form.addRow(_("Awarding authority"), self.authority)
        form.addRow(_("Signing on behalf (TM., KT.)"), self.prefix)
        form.addRow(_("Signer's title"), self.title)
        form.addRow(_("Signer's full name"), self.signer)
        self.message = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        office = ctx.office_unit_code

        def defaults(session: Any) -> dict[str, str]:
            saved = load_options(session)
            return {"authority": authority_for(session, office),
                    "signer": saved.signer_name}

        DbOp(self, ctx, defaults, write=False).on_success(self._defaults).run()

    def _defaults(self, data: dict[str, str]) -> None:
        if not self.authority.text():
            self.authority.setText(data["authority"])
        if not self.signer.text():
            self.signer.setText(data["signer"])

    def collect(self) -> DecisionInput:
        return DecisionInput(number=self.number.text(), signed_on=self.signed_on.date().toPython(),
                             authority_name=self.authority.text(),
                             signer_title=self.title.currentText(),
                             signer_name=self.signer.text(),
                             signer_prefix=self.prefix.currentText())

    def save(self) -> None:
        data, ids = self.collect(), list(self.award_ids)
        DbOp(self, self.ctx, lambda s: issue_decision(s, data, ids)).on_success(
            self._saved).on_failure(self._failed).run()

    def _saved(self, _decision_id: str) -> None:
        self.ctx.signals.awards_changed.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.message.show_failure(self.ctx, exc)
        if is_stale(exc):  # withdrawn or decided in another window: the list shows it now
            refresh_views(self.ctx)
