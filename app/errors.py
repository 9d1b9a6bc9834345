"""Errors of the environment and of bad input, as opposed to bugs.

Services raise :class:`DomainError` with an English message key (marked with ``N_``) and
named parameters; the CLI and the UI translate it with :meth:`DomainError.message`.
Bugs are left as ordinary exceptions: they go to the crash dialog and the log.
"""

from __future__ import annotations

from typing import Any

from app.i18n import _


class DomainError(Exception):
    """A problem the user can fix: bad input, a refused change, a locked or newer file."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The translated message with its parameters filled in."""
        text = _(self.key)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError):
            return text

    def __str__(self) -> str:
        return self.message()


class DatabaseError(DomainError):
    """The database file cannot be used as it is (locked, too new, corrupt, read-only)."""


class InputError(DomainError):
    """A file or value given by the user cannot be accepted."""


class Cancelled(Exception):
    """The user stopped a long job (import, batch printing); nothing was written."""
