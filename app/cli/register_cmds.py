"""CLI commands of the register (Excel import and export); see issue 3."""

from __future__ import annotations

from app.cli.base import Commands


def register(commands: Commands) -> None:
    """Add the register's commands."""
