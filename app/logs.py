"""Log files without personal data: crash reports keep the error, where it happened and
counts, never a row's values (names, birth years, ethnic groups).

The database engine already hides statement parameters (``hide_parameters=True``); this
module cleans what is left: the message lines of a traceback (an exception's text may quote
a value), keeping the frames (file, line, function and source line, which hold no data).
Log files and their folder are readable by their owner only where the platform allows it.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

_KEEP = ("Traceback (most recent call last):", "During handling of the above exception",
         "The above exception was the direct cause")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PARAMETERS = re.compile(r"\[parameters: .*", re.S)
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
_YEAR_OR_LONG_NUMBER = re.compile(r"(?<![\w.])\d{4,}(?![\w.])")


def scrub_message(text: str) -> str:
    """An exception's message with any value it may quote replaced by "…"."""
    text = _PARAMETERS.sub("[parameters: …]", text)
    text = _QUOTED.sub("'…'", text)
    text = _NON_ASCII_WORD.sub("…", text)
    return _YEAR_OR_LONG_NUMBER.sub("#", text)


def scrub_traceback(text: str) -> str:
    """A formatted traceback with its message lines cleaned and its frames kept."""
    out = []
    for line in text.splitlines():
        if line.startswith(" ") or not line.strip() or line.startswith(_KEEP):
            out.append(line)
            continue
        kind, sep, message = line.partition(": ")
        if sep and re.fullmatch(r"[\w.]+", kind):
            out.append(f"{kind}: {scrub_message(message)}")
        else:
            out.append(scrub_message(line))
    return "\n".join(out) + "\n"


def crash_report(exc: BaseException) -> str:
    """The text of a crash log for ``exc`` (a traceback made in a worker thread is kept on
    the exception as ``__dhtt_traceback__``)."""
    detail = getattr(exc, "__dhtt_traceback__", None) or "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__))
    return scrub_traceback(detail)


def write_private(path: Path, text: str) -> Path:
    """Write a new log file readable by its owner only (0600; the folder 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path
