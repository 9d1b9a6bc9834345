"""The help texts ``dhtt --help`` (and ``dhtt list --help``, …) printed before, kept so the
next request prints them without importing argparse, the catalogs and every command module
(half of that command's time).

A text is reused only while nothing it was made from has changed: the program's version,
Python's, the width it was laid out for, the command modules and the catalogs (their
newest modification time). It lives beside the merged catalog; where that folder cannot be
written (an installed copy), help is built every time as before.
"""

from __future__ import annotations

import marshal
import os
import sys

from app import __version__

_FORMAT = 1
HELP_FLAGS = ("-h", "--help")


def is_help_request(argv: list[str]) -> bool:
    """``[command [subject]] --help``: plain words, then the help flag."""
    return (bool(argv) and argv[-1] in HELP_FLAGS and len(argv) <= 3
            and all(a.isascii() and a and not a.startswith("-") for a in argv[:-1]))


def _width() -> int:
    """The width argparse lays help out for (``shutil.get_terminal_size``'s rule)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _newest(folder: str, suffixes: tuple[str, ...]) -> float:
    try:
        return max((e.stat().st_mtime for e in os.scandir(folder)
                    if e.name.endswith(suffixes)), default=0.0)
    except OSError:
        return -1.0


def _place() -> tuple[str, tuple[object, ...]] | None:
    """The cache file and the stamp of what the texts depend on."""
    from app.paths import catalog_dir

    catalogs = str(catalog_dir())
    if not os.path.isdir(catalogs):
        return None
    cli = os.path.dirname(os.path.abspath(__file__))
    stamp = (_FORMAT, __version__, sys.version, _width(), _newest(cli, (".py",)),
             _newest(catalogs, (".po", ".mo")))
    return os.path.join(catalogs, "help.cache"), stamp


def _read(path: str) -> tuple[tuple[object, ...], dict[str, str]] | None:
    try:
        with open(path, "rb") as fh:
            stamp, texts = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return (tuple(stamp), texts) if isinstance(texts, dict) else None


def cached(argv: list[str]) -> str | None:
    """The help text for ``argv`` printed before with everything unchanged, or None."""
    place = _place()
    if place is None:
        return None
    found = _read(place[0])
    if found is None or found[0] != place[1]:
        return None
    return found[1].get(" ".join(argv))


def remember(argv: list[str], text: str) -> None:
    """Keep the help text for ``argv`` (nothing when the folder is read-only)."""
    place = _place()
    if place is None:
        return
    path, stamp = place
    found = _read(path)
    texts = found[1] if found is not None and found[0] == stamp else {}
    texts[" ".join(argv)] = text
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            marshal.dump((stamp, texts), fh)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def write(text: str) -> None:
    """Print ``text`` as UTF-8, as :func:`app.cli.faults.use_utf8_output` makes stdout."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass
    stream.write(text)
