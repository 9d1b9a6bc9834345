"""The optional administrator account in the first-run dialog (login turns on with it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from app.errors import InputError
from app.i18n import _
from app.services.accounts import check_new_password, make_administrator
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel


class _Error(ErrorLabel):
    def show_failure_for(self, ctx: AppContext) -> Any:
        return lambda exc: self.show_failure(ctx, exc)


class FirstAdminFields(QGroupBox):
    """Name and password of the administrator; left empty, the program opens without login
    as before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Administrator account (optional: leave empty for no login)"),
                         parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. quantri"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _Error()
        form = QFormLayout()
        form.addRow(_("Account name:"), self.name)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Password again:"), self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)

    def values(self) -> tuple[str, str] | None:
        """``("", "")`` for no administrator; ``None`` (message shown) when not valid."""
        name, password = self.name.text().strip(), self.password.text()
        if not name:
            return "", ""
        if password != self.again.text():
            self.error.setText(_("The two passwords differ."))
            return None
        try:
            check_new_password(password)
        except InputError as exc:
            self.error.setText(exc.message())
            return None
        return name, password

    def create(self, session: Any, admin: tuple[str, str], unit_code: str) -> None:
        if admin[0]:
            make_administrator(session, admin[0], admin[1], unit_code)

    def sign_in(self, ctx: AppContext, admin: tuple[str, str]) -> None:
        if admin[0]:
            from app.services.access import bind_actor
            from app.services.accounts import authenticate

            actor = authenticate(ctx.db, admin[0], admin[1])
            ctx.actor, ctx.user_name = actor, actor.username
            bind_actor(ctx.db, actor)
