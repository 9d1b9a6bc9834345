"""Entry point of the bundled program (installer/dhtt.spec builds two programs from it).

``dhtt`` (on Windows a window program, started from the Start menu and the desktop)
opens the window when it is given no command, and opens a sync package when it is given
one ``.dhtt`` file (the file association). ``dhtt-cli`` is the ``dhtt`` command line as
it is when run from the source.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def program_argv(argv: list[str], program: str) -> list[str]:
    """The command line the ``dhtt`` command runs for ``argv`` given to ``program``."""
    if program.lower().startswith("dhtt-cli"):
        return argv
    if not argv:
        return ["gui"]
    if len(argv) == 1 and argv[0].lower().endswith(".dhtt"):
        return ["gui", "--open", argv[0]]
    return argv


def main() -> int:
    # A Windows window program has no console: give print() somewhere harmless to go.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from app.cli import main as dhtt

    return dhtt(program_argv(sys.argv[1:], Path(sys.argv[0]).stem))


if __name__ == "__main__":
    sys.exit(main())
