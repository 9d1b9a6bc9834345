"""The register's first page read with Python's ``sqlite3`` while SQLAlchemy and the models
are still loading, so the window shows its rows about half a second sooner.

Only for an ordinary file that the window would open straight onto the register: at this
schema revision, login off, an office and units chosen (see
:func:`app.quick_list.register_first_page`), the file and its folder writable, and no other
copy of DHTT holding it. Anything else returns ``None`` and the window opens as before,
with its questions and messages. The page is the one the ORM reads (a test compares them
line by line); when the ORM is in, the tab reads it again and keeps what is on screen if it
is the same.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.file_lock import held_elsewhere
from app.register_rows import CandidateRow


@dataclass
class FirstPage:
    """The whole register's count and its first lines."""

    total: int
    rows: list[CandidateRow]


def read_first_page(path: Path) -> FirstPage | None:
    """The first page for the window, or ``None`` when it must open the ORM's way."""
    path = Path(path)
    try:
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return None  # the window offers to open it read-only
        if held_elsewhere(path):
            return None  # the window says the file is open elsewhere
    except OSError:
        return None
    from app.quick_list import register_first_page
    from app.ui.candidates.model import PAGE

    found = register_first_page(path, PAGE)
    if found is None or not found[0]:
        return None  # an empty register shows what to do first, the ORM's way
    total, rows = found
    return FirstPage(total, [CandidateRow(**row) for row in rows])
