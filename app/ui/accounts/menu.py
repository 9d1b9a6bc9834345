"""The window's actions for accounts, the audit trail and backups (in the File menu)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from app.i18n import _
from app.services.access import Role


def add_account_actions(window: Any, menu: Any) -> None:
    """Backups and restore, the audit trail, account management (administrators) and the
    user's own password."""
    ctx = window.ctx

    def add(text: str, slot: Any, name: str) -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def backups() -> None:
        from app.ui.accounts.backups import BackupDialog

        BackupDialog(ctx, window).exec()

    def trail() -> None:
        from app.ui.accounts.audit_viewer import AuditViewer

        AuditViewer(ctx, window).exec()

    def accounts() -> None:
        from app.ui.accounts.users import AccountsDialog

        AccountsDialog(ctx, window).exec()

    def password() -> None:
        from app.ui.accounts.login import ChangePasswordDialog

        ChangePasswordDialog(ctx, window).exec()

    add(_("Backups and &restore…"), backups, "backups")
    add(_("Audit &trail…"), trail, "audit_trail")
    menu.addSeparator()
    manage = add(_("&Accounts…"), accounts, "accounts")
    manage.setEnabled(ctx.actor is None or ctx.actor.role == Role.ADMIN)
    own = add(_("Change my &password…"), password, "change_password")
    own.setEnabled(ctx.actor is not None)
