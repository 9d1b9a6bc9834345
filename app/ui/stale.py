"""A record changed or deleted by another window of the same office since it was shown
(issue 7, "Bad input"): a message saying so, the views shown anew, and never a change
applied to what the window no longer shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

from app.errors import DomainError, InputError
from app.i18n import N_
from app.ui.context import AppContext

# Every "… no longer exists." of the services (a candidate, an activity, an award, an
# evidence file, a criteria set) and the "changed in another window" below.
_GONE_SUFFIX = "no longer exists."
CHANGED_ELSEWHERE = N_("This record was changed in another window since it was shown here. "
                       "It is shown again as it is now; check it and try again.")


# Decided by another window meanwhile (the awards service's own message).
_DECIDED_ELSEWHERE = "Already decided: {names}. Choose only proposed awards."


def changed_elsewhere() -> InputError:
    return InputError(CHANGED_ELSEWHERE)


def is_stale(exc: Exception) -> bool:
    """The record the window showed is gone or was changed by someone else meanwhile."""
    return isinstance(exc, DomainError) and (exc.key.endswith(_GONE_SUFFIX)
                                             or exc.key in (CHANGED_ELSEWHERE, _DECIDED_ELSEWHERE))


def refresh_views(ctx: AppContext) -> None:
    """Every tab shows what is in the file now."""
    ctx.signals.candidates_changed.emit()
    ctx.signals.awards_changed.emit()


def _close(dialog: Any) -> None:
    import shiboken6

    if shiboken6.isValid(dialog):  # not already closed and deleted by the user
        dialog.reject()


def load_failed(dialog: Any, ctx: AppContext) -> Callable[[Exception], None]:
    """``on_failure`` for the load of a dialog about one record: the message, the views
    shown anew and the dialog closed (there is nothing left in it to change)."""

    def failed(exc: Exception) -> None:
        if not isinstance(exc, DomainError):
            ctx.report_bug(exc)
            return
        ctx.show_error(exc.message())
        if is_stale(exc):
            refresh_views(ctx)
        # After the caller's open(): with a synchronous load this runs inside the
        # constructor, before the dialog is even shown.
        QTimer.singleShot(0, lambda: _close(dialog))

    return failed
