"""Shared parts of the CLI: exit codes, opening the database, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.i18n import _, pgettext_or_none

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3


class CliError(DomainError):
    """A domain error with an explicit exit code."""

    def __init__(self, key: str, exit_code: int = EXIT_BAD_INPUT, **params: Any) -> None:
        super().__init__(key, **params)
        self.exit_code = exit_code


class Commands:
    """Registry handed to each CLI module: top-level commands and ``list`` subjects."""

    def __init__(self, sub: argparse._SubParsersAction) -> None:
        self._sub = sub
        self._list_sub: argparse._SubParsersAction | None = None

    def add(self, name: str, help_text: str, handler: Callable[[argparse.Namespace], int],
            aliases: tuple[str, ...] = ()) -> argparse.ArgumentParser:
        parser = self._sub.add_parser(name, help=help_text, description=help_text,
                                      aliases=list(aliases))
        parser.set_defaults(handler=handler)
        return parser

    def subgroup(self, name: str, help_text: str) -> argparse._SubParsersAction:
        parser = self._sub.add_parser(name, help=help_text, description=help_text)
        return parser.add_subparsers(dest=f"{name}_subject", metavar=_("SUBJECT"), required=True)

    def add_list(self, name: str, help_text: str,
                 handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        if self._list_sub is None:
            self._list_sub = self.subgroup("list", _("list data from the database"))
        parser = self._list_sub.add_parser(name, help=help_text, description=help_text)
        parser.set_defaults(handler=handler)
        return parser


def db_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    from app.paths import default_db_path  # no SQLAlchemy for commands that need none

    return default_db_path()


@contextmanager
def open_db(args: argparse.Namespace, *, write: bool = False, create: bool = False) -> Iterator:
    """Open the database; writers take the one-copy lock so two programs never write at once."""
    from app.models.database import FileLock, open_database

    path = db_path(args)
    lock = FileLock(path) if write else None
    if lock:
        lock.acquire()
    try:
        db = open_database(path, create=create)
        try:
            yield db
        finally:
            db.close()
    finally:
        if lock:
            lock.release()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def translate_argparse() -> None:
    """Give argparse's own messages ("usage:", "error:") Vietnamese words from the catalogs."""

    def translate(message: str) -> str:
        return pgettext_or_none("argparse", message) or message

    def ntranslate(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = ntranslate  # type: ignore[attr-defined]

