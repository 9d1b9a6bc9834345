"""The ``dhtt`` command (also ``python -m app``) for headless use.

Exit codes: 0 success, 2 usage error, 3 bad input or a data problem (a Vietnamese
message on stderr; nothing changed). Subcommands live in one module per area, each with a
``register(commands)`` function, so areas are added without touching the others.
"""

from __future__ import annotations

import argparse
import sys

from app import __version__
from app.cli import (
    account_cmds,
    core,
    plan_cmds,
    print_cmds,
    register_cmds,
    sync_cmds,
    village_cmds,
)
from app.cli.base import EXIT_BAD_INPUT, EXIT_USAGE, CliError, Commands, translate_argparse
from app.errors import DomainError
from app.i18n import _

MODULES = (
    core,
    register_cmds,
    print_cmds,
    plan_cmds,
    village_cmds,
    account_cmds,
    sync_cmds,
)


def build_parser() -> argparse.ArgumentParser:
    translate_argparse()
    parser = argparse.ArgumentParser(
        prog="dhtt",
        description=_("DHTT: building and replicating advanced examples (Gia Lai)."),
    )
    parser.add_argument("--version", action="version", version=f"DHTT {__version__}",
                        help=_("show the program's version and exit"))
    parser.add_argument("--db", metavar="PATH",
                        help=_("the database file (default: dhtt.sqlite in the user data folder)"))
    parser.add_argument("--user", metavar="NAME",
                        help=_("the account to act as (password from DHTT_PASSWORD or typed)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    commands = Commands(sub)
    for module in MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from app.cli.faults import environment_error, invalid_text_argument, use_utf8_output

    use_utf8_output()
    bad = invalid_text_argument(sys.argv[1:] if argv is None else argv)
    if bad is not None:
        print(f"dhtt: {bad}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"dhtt: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except DomainError as exc:
        print(f"dhtt: {exc.message()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - faults of the environment, never a traceback
        error = environment_error(exc, args)
        if error is None:
            raise
        print(f"dhtt: {error.message()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
