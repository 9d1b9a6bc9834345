"""The command line's side of faults: UTF-8 output, arguments that are not text, and the
faults of the environment (database, disk) that reach ``main`` as exceptions."""

from __future__ import annotations

import argparse
import sys

from app.errors import DomainError, InputError
from app.i18n import N_, _


def use_utf8_output() -> None:
    """Write UTF-8 whatever the console or the code page of a redirected file (cp1252 on a
    Windows machine would otherwise fail on the first "ơ")."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def invalid_text_argument(argv: list[str]) -> str | None:
    """A message when an argument is not valid text (bytes that are not UTF-8 arrive as
    lone surrogates, which SQLite and the files cannot store)."""
    for position, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return _("argument {n} is not valid text (it contains bytes that are not UTF-8); "
                     "type it again or save the file name in UTF-8.").format(n=position)
        if "\x00" in arg:
            return _("argument {n} contains a null character.").format(n=position)
    return None


def environment_error(exc: BaseException, args: argparse.Namespace) -> DomainError | None:
    """The Vietnamese message for a fault of the disk or the database file, or None for a
    bug (which keeps its traceback for the crash log)."""
    from app.cli.base import db_path
    from app.models.database import fault_of

    fault = fault_of(exc, db_path(args))
    if fault is not None:
        return fault
    if isinstance(exc, OverflowError):
        return InputError(N_("A number given is too large."))
    if isinstance(exc, OSError):  # the files written for the user come as InputError already
        name = exc.filename if isinstance(exc.filename, str) else ""
        return InputError(N_("A file could not be read or written: {file} ({error}). Check "
                             "that it is there, that you may use it and that the disk is "
                             "connected, then try again."),
                          file=name or "?", error=exc.strerror or type(exc).__name__)
    return None
