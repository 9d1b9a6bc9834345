"""Shared parts of the CLI: exit codes, opening the database, JSON output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import DomainError
from app.i18n import N_, _, pgettext_or_none

TYPE_CHECKING = False  # importing typing costs 3 ms of every command's start
if TYPE_CHECKING:
    from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3


class CliError(DomainError):
    """A domain error with an explicit exit code."""

    def __init__(self, key: str, exit_code: int = EXIT_BAD_INPUT, **params: Any) -> None:
        super().__init__(key, **params)
        self.exit_code = exit_code


class _Unbuilt:
    """What a command that is not being run gets instead of its parser: every call
    (``add_argument``, ``set_defaults``, ``add_parser``, …) accepted and ignored, so only the
    command being run pays for building its options (``dhtt --help`` lists the commands'
    names and help lines only)."""

    def __getattr__(self, _name: str) -> Any:
        return self._ignore

    def _ignore(self, *_args: Any, **_kwargs: Any) -> Any:
        return self


class Commands:
    """Registry handed to each CLI module: top-level commands and ``list`` subjects.

    ``wanted`` is the command on the command line: only its parser is built with its
    options; the others are listed (name and help line) for ``--help`` and for argparse's
    "invalid choice" message. None builds every parser."""

    def __init__(self, sub: argparse._SubParsersAction, wanted: str | None = None) -> None:
        self._sub = sub
        self._list_sub: argparse._SubParsersAction | None = None
        self._wanted = wanted

    def _listed_only(self, name: str, help_text: str, aliases: tuple[str, ...]) -> bool:
        if self._wanted is None or self._wanted == name or self._wanted in aliases:
            return False
        sub: Any = self._sub
        sub._choices_actions.append(sub._ChoicesPseudoAction(name, list(aliases), help_text))
        for key in (name, *aliases):
            sub._name_parser_map[key] = None
        return True

    def add(self, name: str, help_text: str, handler: Callable[[argparse.Namespace], int],
            aliases: tuple[str, ...] = ()) -> argparse.ArgumentParser:
        if self._listed_only(name, help_text, aliases):
            return _Unbuilt()  # type: ignore[return-value]
        parser = self._sub.add_parser(name, help=help_text, description=help_text,
                                      aliases=list(aliases))
        parser.set_defaults(handler=handler)
        return parser

    def subgroup(self, name: str, help_text: str) -> argparse._SubParsersAction:
        if self._listed_only(name, help_text, ()):
            return _Unbuilt()  # type: ignore[return-value]
        parser = self._sub.add_parser(name, help=help_text, description=help_text)
        return parser.add_subparsers(dest=f"{name}_subject", metavar=_("SUBJECT"), required=True)

    def add_list(self, name: str, help_text: str,
                 handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        if self._list_sub is None:
            self._list_sub = self.subgroup("list", _("list data from the database"))
        parser = self._list_sub.add_parser(name, help=help_text, description=help_text)
        parser.set_defaults(handler=handler)
        return parser


# The global options before the command, and whether each takes a value.
GLOBAL_OPTIONS = {"--db": True, "--user": True, "--version": False, "-h": False,
                  "--help": False}


def wanted_command(argv: list[str]) -> str | None:
    """The command named on the command line ("" for none); None when the options before
    it are not plainly the global ones (an abbreviation, a typo): then every parser is
    built and argparse reads the line as it always did."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("-") or arg == "-":
            return arg
        option = arg.split("=", 1)[0]
        if option not in GLOBAL_OPTIONS:
            return None
        i += 2 if GLOBAL_OPTIONS[option] and "=" not in arg else 1
    return ""


def db_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    from app.paths import default_db_path  # no SQLAlchemy for commands that need none

    return default_db_path()


@contextmanager
def open_db(args: argparse.Namespace, *, write: bool = False, create: bool = False) -> Iterator:
    """Open the database; writers take the one-copy lock so two programs never write at once.

    Readers open the file read-only (SQLite ``mode=ro``) and leave the lock to the window:
    a read-only connection never checkpoints or deletes the ``-wal`` file, so a ``dhtt
    list`` run while the window is open cannot hide or lose the window's changes, even if
    the window's SQLite locks were dropped (see ``FileLock``).
    """
    from app.models.database import FileLock, open_database

    path = db_path(args)
    lock = FileLock(path) if write else None
    if lock:
        lock.acquire()
    try:
        db = open_database(path, create=create, read_only=not write)
        try:
            sign_in(args, db)
            yield db
        finally:
            db.close()
    finally:
        if lock:
            lock.release()


MAX_COUNT = 1_000_000_000


def count_arg(value: str) -> int:
    """An argparse type for counts such as ``--limit``: a whole number from 0 to 10⁹."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("write a whole number, e.g. 50")) from None
    if not 0 <= number <= MAX_COUNT:
        raise argparse.ArgumentTypeError(
            _("write a whole number from 0 to {max}").format(max=MAX_COUNT))
    return number


def sign_in(args: argparse.Namespace, db: Any) -> None:
    """Put the account of ``--user`` on every session of ``db`` (needed when login is on)."""
    import getpass
    import os

    from app.services.access import bind_actor
    from app.services.accounts import authenticate, login_required

    user = getattr(args, "user", None)
    if not user:
        with db.session() as session:
            if login_required(session):
                raise CliError(N_("This database asks for an account: run the command with "
                                  "--user NAME (the password in DHTT_PASSWORD or typed)."))
        return
    password = os.environ.get("DHTT_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError(N_("Give the password in the environment variable DHTT_PASSWORD "
                              "or run the command in a terminal."))
        password = getpass.getpass(_("Password of {name}: ").format(name=user))
    if not getattr(db, "read_only", False):
        bind_actor(db, authenticate(db, user, password))
        return
    # A read command opened the file read-only; a sign-in still counts wrong passwords and
    # goes into the audit trail, so it is checked on a short writable opening under the
    # program's lock. While the window holds the lock the password is checked without
    # being recorded (``authenticate`` only checks a read-only database; the window's own
    # login counts and records its attempts).
    from app.errors import DatabaseError
    from app.models.database import FileLock, open_database

    lock = FileLock(db.path)
    try:
        lock.acquire()
    except DatabaseError:
        bind_actor(db, authenticate(db, user, password))
        return
    try:
        writable = open_database(db.path, create=False)
        try:
            bind_actor(db, authenticate(writable, user, password))
        finally:
            writable.close()
    finally:
        lock.release()


def print_json(data: Any) -> None:
    import json

    # One write: ``json.dump`` wrote every token on its own (2,400 writes for a page of
    # fifty candidates, a tenth of the command's own time).
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def translate_argparse() -> None:
    """Give argparse's own messages ("usage:", "error:") Vietnamese words from the catalogs."""

    def translate(message: str) -> str:
        return pgettext_or_none("argparse", message) or message

    def ntranslate(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = ntranslate  # type: ignore[attr-defined]

