"""CLI commands for printing certificates and reports; see issue 4."""

from __future__ import annotations

from app.cli.base import Commands


def register(commands: Commands) -> None:
    """Add the printing commands."""
