"""At start: log in, check the file and the audit chain; at exit: the day's backup copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.i18n import _
from app.services.audit import local_time
from app.ui.context import AppContext


def sign_in(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Ask for an account when login is on; False when the user gave up."""
    from app.services.accounts import login_required
    from app.ui.accounts.login import LoginDialog

    if ctx.actor is not None:  # the administrator just made in the first-run dialog
        return True
    with ctx.db.session() as session:
        if not login_required(session):
            return True
    return LoginDialog(ctx, parent).exec() == QDialog.DialogCode.Accepted


def check_at_start(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Warn about a damaged file (offering the newest good copy) or a broken audit chain."""
    from app.services.backup import newest_good_backup
    from app.services.health import file_damaged, startup_problems

    problems = startup_problems(ctx.db)
    if not problems:
        return
    if file_damaged(ctx.db) is not None:
        found = newest_good_backup(ctx.db.path)
        if found is not None:
            info, check = found
            when = (local_time(check.last_change).strftime("%d/%m/%Y %H:%M")
                    if check.last_change else "?")
            answer = QMessageBox.question(parent, _("DHTT"), "\n\n".join([*problems, _(
                "The newest good backup copy was made on {made}; the last change it holds "
                "is of {last}. Restore it now?").format(made=info.made_at.strftime(
                    "%d/%m/%Y %H:%M"), last=when)]))
            if answer == QMessageBox.StandardButton.Yes:
                from app.ui.accounts.backups import RestoreDialog

                RestoreDialog(ctx, info.path, parent).exec()
            return
    QMessageBox.warning(parent, _("DHTT"), "\n\n".join(problems))


def offer_restore_unopenable(db_path: Path, problem: str,
                             parent: QWidget | None = None) -> bool:
    """The file cannot be opened: offer the newest good copy; True once it is in place."""
    from app.errors import DomainError
    from app.services.backup import newest_good_backup, replace_damaged

    if not db_path.exists():
        return False
    found = newest_good_backup(db_path)
    if found is None:
        return False
    info, check = found
    when = (local_time(check.last_change).strftime("%d/%m/%Y %H:%M")
            if check.last_change else "?")
    answer = QMessageBox.question(parent, _("DHTT"), "\n\n".join([problem, _(
        "The newest good backup copy was made on {made}; the last change it holds "
        "is of {last}. Restore it now?").format(made=info.made_at.strftime("%d/%m/%Y %H:%M"),
                                                last=when)]))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        aside = replace_damaged(db_path, info.path)
    except DomainError as exc:
        QMessageBox.warning(parent, _("DHTT"), exc.message())
        return False
    QMessageBox.information(parent, _("DHTT"), _(
        "The backup copy is in place. The damaged file was kept as {path}.").format(path=aside))
    return True


def backup_at_exit(ctx: AppContext) -> list[str]:
    """Make the day's automatic copy if none was made today; the notices to show."""
    from app.services.backup import Reason, backup_due, make_backup

    try:
        if not backup_due(ctx.db):
            return []
        return make_backup(ctx.db, Reason.DAILY).notices
    except Exception as exc:  # noqa: BLE001 - never keep the program from closing
        return [str(exc)]
