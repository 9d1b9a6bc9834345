"""The login dialog at start (when login is on) and the dialog to change one's password."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.i18n import _
from app.services.access import Actor, bind_actor
from app.services.accounts import authenticate, change_own_password
from app.ui.accounts.fields import form_dialog, password_field
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp


class LoginDialog(QDialog):
    """Account name and password; a refusal (wrong, locked, disabled) is shown in red."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle(_("Log in to DHTT"))
        self.name = QLineEdit()
        self.password = password_field()
        self.error = ErrorLabel()
        self.buttons = form_dialog(
            self, [(_("Account name:"), self.name), (_("Password:"), self.password)],
            self.error, intro=QLabel(_("Enter your account name and password.")))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        self.resize(420, 200)

    def accept(self) -> None:
        name, password = self.name.text(), self.password.text()
        if not name.strip():
            self.error.setText(_("Enter your account name."))
            return
        db = self.ctx.db
        DbOp(self, self.ctx, lambda _s: authenticate(db, name, password), write=False
             ).on_success(self._signed_in).on_failure(self._refused).run()

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.ctx.actor = actor
        self.ctx.user_name = actor.username
        bind_actor(self.ctx.db, actor)
        super().accept()

    def _refused(self, exc: Exception) -> None:
        self.password.clear()
        self.password.setFocus()
        self.error.show_failure(self.ctx, exc)


class ChangePasswordDialog(QDialog):
    """The signed-in user changes their own password (the current one is asked again)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Change my password"))
        self.old, self.new, self.again = password_field(), password_field(), password_field()
        self.error = ErrorLabel()
        form_dialog(self, [(_("Current password:"), self.old), (_("New password:"), self.new),
                           (_("New password again:"), self.again)], self.error)

    def accept(self) -> None:
        if self.new.text() != self.again.text():
            self.error.setText(_("The two new passwords differ."))
            return
        name, old, new = self.ctx.user_name, self.old.text(), self.new.text()

        def work(session: Any) -> None:
            change_own_password(session, name, old, new)

        DbOp(self, self.ctx, work).on_success(lambda _r: super(ChangePasswordDialog,
                                                                self).accept()
                                              ).on_failure(lambda e: self.error.show_failure(
                                                  self.ctx, e)).run()
