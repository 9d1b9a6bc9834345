"""What `dhtt --version` and `dhtt --help` load, and that the quicker ways (no parser for
--version, only the named command's parser built, help texts and catalogs kept merged)
print exactly what the whole parser printed."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time

import pytest

from app import i18n, paths

CLI_MODULES = ["argparse", "app.i18n", "app.errors", "app.cli.base", "app.cli.core",
               "app.cli.register_cmds", "app.cli.account_cmds", "app.cli.sync_cmds"]


def _loaded(argv: list[str]) -> tuple[str, list[str]]:
    code = ("import sys, runpy\n"
            f"sys.argv = ['dhtt', *{argv!r}]\n"
            "try:\n"
            "    runpy.run_module('app', run_name='__main__')\n"
            "except SystemExit as exc:\n"
            "    assert exc.code in (0, None), exc.code\n"
            f"print('LOADED:' + ','.join(m for m in {CLI_MODULES!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120, env={**os.environ, "COLUMNS": "100"})
    text, _, last = out.stdout.rpartition("LOADED:")
    return text, [m for m in last.strip().split(",") if m]


def _main(argv: list[str]) -> str:
    from app.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            assert main(argv) == 0
        except SystemExit as exc:
            assert exc.code in (0, None), (argv, exc.code)
    return out.getvalue()


def test_version_builds_no_parser_and_loads_no_command_module():
    text, loaded = _loaded(["--version"])
    assert text == "DHTT 0.1.0\n"
    assert loaded == []


def test_help_a_second_time_prints_the_same_without_argparse_or_the_commands():
    first, _ = _loaded(["--help"])
    second, loaded = _loaded(["--help"])
    assert second == first and "xây dựng và nhân rộng điển hình tiên tiến" in second
    assert loaded == []
    again, loaded = _loaded(["list", "--help"])
    assert "liệt kê" in again


def _full_parser():
    from app.cli import build_parser

    return build_parser()  # every command's parser, as before


def _subparsers(parser) -> dict:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def test_each_command_built_alone_prints_the_help_the_whole_parser_prints(monkeypatch):
    """Every command and subject: the help of the parser built for it alone is the whole
    parser's help (the texts the user reads are unchanged), with the help cache off."""
    from app.cli import help_cache

    monkeypatch.setattr(help_cache, "cached", lambda argv: None)
    monkeypatch.setattr(help_cache, "remember", lambda argv, text: None)
    monkeypatch.setenv("COLUMNS", "100")
    full = _full_parser()
    assert _main(["--help"]) == full.format_help()
    checked = 0
    for name, parser in _subparsers(full).items():
        assert _main([name, "--help"]) == parser.format_help(), name
        for subject, sub in _subparsers(parser).items():
            assert _main([name, subject, "--help"]) == sub.format_help(), (name, subject)
            checked += 1
    assert checked > 15


@pytest.mark.parametrize("argv", [
    ["list", "candidates", "--search", "lan", "--limit", "5", "--json"],
    ["--db", "x.sqlite", "list", "targets", "--phase", "GD1"],
    ["--db=x.sqlite", "--user", "admin", "list", "units", "--json"],
])
def test_a_command_built_alone_reads_its_line_as_the_whole_parser(argv):
    from app.cli import build_parser

    alone = vars(build_parser(argv).parse_args(argv))
    whole = vars(_full_parser().parse_args(argv))
    assert alone.keys() == whole.keys() and alone == whole


def test_an_unknown_command_is_refused_with_every_command_named(capsys):
    from app.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["lisst"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    for name in _subparsers(_full_parser()):
        assert repr(name) in err


def test_a_changed_catalog_is_read_again_for_help_and_messages(tmp_path, monkeypatch):
    """The merged catalog and the kept help texts follow a catalog edited after them."""
    folder = tmp_path / "LC_MESSAGES"
    shutil.copytree(paths.catalog_dir(), folder,
                    ignore=shutil.ignore_patterns("*.cache", "*.tmp"))
    monkeypatch.setattr(paths, "catalog_dir", lambda: folder)
    monkeypatch.setattr(i18n, "catalog_dir", lambda: folder)
    monkeypatch.setenv("COLUMNS", "100")
    i18n.reload()
    try:
        before = _main(["--help"])
        assert (folder / "merged.cache").exists() and (folder / "help.cache").exists()
        assert _main(["--help"]) == before
        po = folder / "core.po"
        text = po.read_text(encoding="utf-8")
        old = "DHTT: xây dựng và nhân rộng điển hình tiên tiến (Gia Lai)."
        assert old in text
        po.write_text(text.replace(old, "DHTT: điển hình tiên tiến tỉnh Gia Lai."),
                      encoding="utf-8")
        later = time.time() + 5
        os.utime(po, (later, later))
        i18n.reload()
        after = _main(["--help"])
        assert "DHTT: điển hình tiên tiến tỉnh Gia Lai." in after and old not in after
        assert i18n._("DHTT: building and replicating advanced examples (Gia Lai).") == \
            "DHTT: điển hình tiên tiến tỉnh Gia Lai."
        i18n.reload()
        assert i18n._("DHTT: building and replicating advanced examples (Gia Lai).") == \
            "DHTT: điển hình tiên tiến tỉnh Gia Lai."  # now from the rebuilt merged file
    finally:
        i18n.reload()
