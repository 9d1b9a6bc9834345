"""Where the program's own files are: resources beside the package, or in a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder (catalogs, fonts, unit lists)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def catalog_dir() -> Path:
    return resources_dir() / "vi_VN" / "LC_MESSAGES"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def default_db_path() -> Path:
    """The database in the user data directory (overridden by ``--db``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("DHTT", "DHTT", roaming=False)) / "dhtt.sqlite"
