"""The ``dhtt`` command (also ``python -m app``) for headless use.

Exit codes: 0 success, 2 usage error, 3 bad input or a data problem (a Vietnamese
message on stderr; nothing changed). Subcommands live in one module per area, each with a
``register(commands)`` function, so areas are added without touching the others.
"""

from __future__ import annotations

import sys

from app import __version__

TYPE_CHECKING = False  # importing typing costs 3 ms of every command's start
if TYPE_CHECKING:
    import argparse

# The command modules, each with a ``register(commands)`` (imported when a parser is built:
# ``dhtt --version`` imports none of them).
MODULE_NAMES = (
    "core",
    "register_cmds",
    "print_cmds",
    "plan_cmds",
    "village_cmds",
    "account_cmds",
    "sync_cmds",
)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only the command it names is built in full."""
    import argparse
    from importlib import import_module

    from app.cli.base import Commands, translate_argparse, wanted_command
    from app.i18n import _

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
    commands = Commands(sub, None if argv is None else wanted_command(argv))
    for name in MODULE_NAMES:
        import_module(f"app.cli.{name}").register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments == ["--version"]:  # what argparse would print, without building it
        print(f"DHTT {__version__}")
        return 0
    from app.cli import help_cache

    helping = help_cache.is_help_request(arguments)
    if helping:
        text = help_cache.cached(arguments)
        if text is not None:
            help_cache.write(text)
            return 0
    from app.cli.base import EXIT_BAD_INPUT, EXIT_USAGE, CliError
    from app.cli.faults import environment_error, invalid_text_argument, use_utf8_output
    from app.errors import DomainError

    use_utf8_output()
    bad = invalid_text_argument(arguments)
    if bad is not None:
        print(f"dhtt: {bad}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser(arguments)
    if helping:  # printed by argparse, kept for the next time
        import contextlib
        import io

        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                parser.parse_args(arguments)
        except SystemExit as done:
            if done.code in (0, None):
                help_cache.remember(arguments, out.getvalue())
            help_cache.write(out.getvalue())
            raise
        help_cache.write(out.getvalue())
    args = parser.parse_args(arguments)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    # A command builds tens of thousands of objects (an import's rows, a demo's records)
    # and holds them while it works; the cycle collector walked all of them again every
    # 700 allocations (a twentieth of an import's time). They hold no cycles worth
    # collecting that often.
    import gc

    gc.set_threshold(50_000, 20, 20)
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
